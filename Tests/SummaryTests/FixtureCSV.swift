import Foundation
import MMIngest
import MMModel
@testable import MMSummary

/// Test-only RFC 4180 reader for the committed fixtures: the ingest CSV reader is another
/// engineer's stage (a STUB on this branch), so fixtures are turned into `RawRow`s here and go
/// through the same `DataTable(rawRows:)` path as real files.
enum FixtureCSV {
    static func url(_ relative: String) throws -> URL {
        guard let base = Bundle.module.resourceURL else { throw CocoaError(.fileNoSuchFile) }
        return base.appendingPathComponent("Fixtures").appendingPathComponent(relative)
    }

    /// Splits RFC 4180 text into records of fields.
    static func records(_ text: String) -> [[String]] {
        var out: [[String]] = [], row: [String] = [], field = ""
        var quoted = false, afterQuote = false
        let chars = Array(text)
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if quoted {
                if c == "\"" {
                    if i + 1 < chars.count, chars[i + 1] == "\"" { field.append("\""); i += 1 } else { quoted = false; afterQuote = true }
                } else { field.append(c) }
            } else if c == "\"" && field.isEmpty && !afterQuote {
                quoted = true
            } else if c == "," {
                row.append(field); field = ""; afterQuote = false
            } else if c == "\n" || c == "\r\n" || c == "\r" {
                row.append(field); field = ""; afterQuote = false
                out.append(row); row = []
            } else { field.append(c) }
            i += 1
        }
        if !field.isEmpty || !row.isEmpty { row.append(field); out.append(row) }
        return out
    }

    /// The rows of a CSV text as the ingest stage would stream them.
    static func rawRows(_ text: String, table: String) -> [RawRow] {
        let recs = records(text)
        guard let head = recs.first else { return [] }
        let header = ColumnHeader(names: head)
        return recs.dropFirst().enumerated().map { n, fields in
            var bytes: [UInt8] = [], ends: [Int32] = []
            for f in fields { bytes += Array(f.utf8); ends.append(Int32(bytes.count)) }
            return RawRow(table: table, header: header, bytes: bytes, ends: ends,
                          provenance: Provenance(file: table + ".csv", line: n + 2))
        }
    }

    static func table(_ text: String, name: String = "t") -> DataTable {
        DataTable(rawRows: rawRows(text, table: name))
    }

    static func table(file relative: String) throws -> DataTable {
        let text = try String(contentsOf: url(relative), encoding: .utf8)
        return table(text, name: (relative as NSString).lastPathComponent)
    }

    static func dataset(_ dir: String) throws -> DatasetTables {
        DatasetTables(adsl: try table(file: dir + "/adsl.csv"), adtte: try table(file: dir + "/adtte.csv"),
                      adrs: try? table(file: dir + "/adrs.csv"), adae: try? table(file: dir + "/adae.csv"))
    }
}
