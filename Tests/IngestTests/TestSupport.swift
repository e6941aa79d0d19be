import Foundation
import MMModel
@testable import MMIngest

/// A fresh temporary folder per call, so tests can run in parallel.
func temporaryDirectory() throws -> String {
    let dir = (NSTemporaryDirectory() as NSString).appendingPathComponent("mmpipe-ingest-\(UUID().uuidString)")
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    return dir
}

/// Writes `bytes` to `name` in a fresh temporary folder and returns the path.
func writeTemp(_ name: String, _ bytes: [UInt8]) throws -> String {
    let path = (try temporaryDirectory() as NSString).appendingPathComponent(name)
    try Data(bytes).write(to: URL(fileURLWithPath: path))
    return path
}

func writeTemp(_ name: String, _ text: String) throws -> String {
    try writeTemp(name, Array(text.utf8))
}

/// Everything a reader produced for one file.
struct ReadOutcome {
    var rows: [RawRow]
    var log: StageLog
    var summary: InputFileSummary

    func findings(_ rule: Rule) -> [Finding] { log.findings.filter { $0.rule.id == rule.id } }

    /// Rows as (column → value) dictionaries, column names lower-cased.
    var records: [[String: String]] {
        rows.map { row in
            var d: [String: String] = [:]
            for (i, n) in row.header.names.enumerated() { d[n.lowercased()] = row.string(i) }
            return d
        }
    }

    /// Rows as field lists.
    var fields: [[String]] { rows.map { row in (0..<row.fieldCount).map { row.string($0) } } }
}

func readCSV(_ path: String, limits: ReadLimits = ReadLimits()) -> ReadOutcome {
    var log = StageLog()
    var rows: [RawRow] = []
    let summary = CSVFileReader(path: path, limits: limits).read(log: &log) { rows.append($0) }
    return ReadOutcome(rows: rows, log: log, summary: summary)
}

func readODM(_ path: String, limits: ReadLimits = ReadLimits()) -> ReadOutcome {
    var log = StageLog()
    var rows: [RawRow] = []
    let summary = ODMFileReader(path: path, limits: limits).read(log: &log) { rows.append($0) }
    return ReadOutcome(rows: rows, log: log, summary: summary)
}

/// Windows-1252 bytes of a string (test-side encoder: ASCII, Latin-1 and the 0x80–0x9F set).
func windows1252(_ text: String) -> [UInt8] {
    let high: [Unicode.Scalar: UInt8] = ["€": 0x80, "‚": 0x82, "ƒ": 0x83, "„": 0x84, "…": 0x85, "†": 0x86,
                                         "‡": 0x87, "ˆ": 0x88, "‰": 0x89, "Š": 0x8A, "‹": 0x8B, "Œ": 0x8C,
                                         "Ž": 0x8E, "‘": 0x91, "’": 0x92, "“": 0x93, "”": 0x94, "•": 0x95,
                                         "–": 0x96, "—": 0x97, "˜": 0x98, "™": 0x99, "š": 0x9A, "›": 0x9B,
                                         "œ": 0x9C, "ž": 0x9E, "Ÿ": 0x9F]
    return text.unicodeScalars.map { s in
        if let b = high[s] { return b }
        precondition(s.value < 0x100, "not encodable in Windows-1252: \(s)")
        return UInt8(s.value)
    }
}

/// Peak resident set size of this process so far, in bytes.
func peakRSS() -> Int {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return usage.ru_maxrss * 1024
}
