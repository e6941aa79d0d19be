import Foundation
@testable import MMSynth

/// Helpers for the generator's tests: a scratch folder per cohort and a small RFC 4180
/// reader (enough for the generator's own output).
enum SynthFixture {
    /// Generates a cohort into a fresh temporary folder and returns the folder.
    static func cohort(_ options: (String) -> SynthOptions) throws -> String {
        let dir = NSTemporaryDirectory() + "mmpipe-synth-" + UUID().uuidString
        _ = try CohortGenerator().generate(options(dir))
        return dir
    }

    static func files(_ dir: String) throws -> [String] {
        // Relative paths of the files, one folder down included (`expected/injected.csv`).
        (FileManager.default.subpaths(atPath: dir) ?? []).filter { path in
            var isDir: ObjCBool = false
            return FileManager.default.fileExists(atPath: dir + "/" + path, isDirectory: &isDir) && !isDir.boolValue
        }.sorted()
    }

    static func bytes(_ path: String) throws -> Data { try Data(contentsOf: URL(fileURLWithPath: path)) }

    /// Rows of a CSV file as dictionaries (header → value); Windows-1252 read as Latin-1.
    static func table(_ path: String, delimiter: Character = ",") throws -> [[String: String]] {
        let data = try bytes(path)
        let text = String(data: data, encoding: .utf8) ?? String(data: data, encoding: .isoLatin1) ?? ""
        let rows = parse(text, delimiter: delimiter)
        guard let header = rows.first else { return [] }
        return rows.dropFirst().map { r in
            var d: [String: String] = [:]
            for (i, h) in header.enumerated() where i < r.count { d[h] = r[i] }
            return d
        }
    }

    /// RFC 4180: quoted fields, doubled quotes, CRLF or LF.
    static func parse(_ text: String, delimiter: Character = ",") -> [[String]] {
        var rows: [[String]] = [], row: [String] = [], field = ""
        var quoted = false, i = text.startIndex
        while i < text.endIndex {
            let ch = text[i]
            if quoted {
                if ch == "\"" {
                    let n = text.index(after: i)
                    if n < text.endIndex && text[n] == "\"" { field.append("\""); i = n } else { quoted = false }
                } else { field.append(ch) }
            } else if ch == "\"" {
                quoted = true
            } else if ch == delimiter {
                row.append(field); field = ""
            } else if ch == "\n" || ch == "\r\n" {
                row.append(field); field = ""
                rows.append(row); row = []
            } else if ch != "\r" {
                field.append(ch)
            }
            i = text.index(after: i)
        }
        if !field.isEmpty || !row.isEmpty { row.append(field); rows.append(row) }
        return rows
    }

    /// The physical lines of a file (1-based index → text), any encoding.
    static func lines(_ path: String) throws -> [String] {
        // Split on the LF byte: "\r\n" is one Character in Swift and would not split.
        let data = try bytes(path)
        return data.split(separator: 10, omittingEmptySubsequences: false).map { line in
            let l = line.last == 13 ? line.dropLast() : line
            return String(data: Data(l), encoding: .utf8) ?? String(data: Data(l), encoding: .isoLatin1) ?? ""
        }
    }

    static func day(_ s: String?) -> Int? {
        guard let s, s.count == 10 else { return nil }
        let p = s.split(separator: "-").compactMap { Int($0) }
        guard p.count == 3 else { return nil }
        // Days from a fixed origin: enough for ordering and differences.
        let y = p[1] <= 2 ? p[0] - 1 : p[0]
        let era = y / 400, yoe = y - era * 400
        let doy = (153 * ((p[1] + 9) % 12) + 2) / 5 + p[2] - 1
        return era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy
    }
}
