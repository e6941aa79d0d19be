import Foundation
import MMIngest
import MMModel
@testable import MMMap

/// The repository root, found from this file's path.
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()
let referencePipelinePath = repositoryRoot.appendingPathComponent("pipelines/reference.yaml").path
let fixturesFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

/// The reference pipeline file, loaded once per test.
func referencePipeline() throws -> PipelineFile { try PipelineFile.load(path: referencePipelinePath) }

/// A raw row as ingest would produce it, from plain strings.
func rawRow(_ table: String, _ header: ColumnHeader, _ fields: [String], line: Int = 2, file: String? = nil) -> RawRow {
    var bytes: [UInt8] = []
    var ends: [Int32] = []
    for f in fields {
        bytes += Array(f.utf8)
        ends.append(Int32(bytes.count))
    }
    return RawRow(table: table, header: header, bytes: bytes, ends: ends,
                  provenance: Provenance(file: file ?? "\(table).csv", line: line))
}

/// Maps rows of one table through the mapper, as the pipeline runner does.
struct Harness {
    var pipeline: PipelineFile

    init(_ pipeline: PipelineFile) { self.pipeline = pipeline }

    init(unitMismatch: UnitMismatchPolicy = .correct, partialDates: PartialDateImputation = .middle,
         dateFormats: [DateFormat] = [.ymd, .dmy]) throws {
        var p = try referencePipeline()
        p.options.units.unitMismatch = unitMismatch
        p.options.input.partialDates = partialDates
        p.options.input.dateFormats = dateFormats
        pipeline = p
    }

    /// Returns the batch and the log; `mapped` is false when the header was refused.
    func map(_ table: String, _ columns: [String], _ rows: [[String]], file: InputFile? = nil)
        -> (batch: RecordBatch, log: StageLog, mapped: Bool) {
        let header = ColumnHeader(names: columns)
        var log = StageLog()
        var batch = RecordBatch()
        let mapper = RecordMapper(pipeline: pipeline)
        let file = file ?? InputFile(path: "\(table).csv", format: .csv)
        guard let tm = mapper.tableMapper(table: table, header: header, file: file, log: &log) else {
            for _ in rows { log.rejectedRows[table, default: 0] += 1 }
            return (batch, log, false)
        }
        for (i, r) in rows.enumerated() {
            tm.map(rawRow(table, header, r, line: i + 2, file: file.name), into: &batch, log: &log)
        }
        return (batch, log, true)
    }

    /// One lab row (`patient_id, site_id, date, test, value, unit`).
    func lab(_ test: String, _ value: String, _ unit: String, uln: String = "")
        -> (result: LabResult?, log: StageLog) {
        let out = map("labs", ["patient_id", "site_id", "date", "test", "value", "unit", "uln"],
                      [["P1", "S1", "2024-03-01", test, value, unit, uln]])
        return (out.batch.labs.first, out.log)
    }
}

extension StageLog {
    func rules() -> [String] { findings.map(\.rule.id) }
    func has(_ rule: Rule) -> Bool { findings.contains { $0.rule.id == rule.id } }
    var rejected: Int { rejectedRows.values.reduce(0, +) }
}

extension LabValue {
    var number: Double? {
        if case .number(let v) = self { return v }
        return nil
    }
}

/// A minimal CSV reader for the test fixtures (the real reader is the ingest stage's):
/// comma-separated, `"` quoting without embedded newlines.
func readFixtureCSV(_ url: URL) throws -> (header: [String], rows: [[String]]) {
    let text = try String(contentsOf: url, encoding: .utf8)
    var lines = text.split(whereSeparator: \.isNewline).map(String.init)
    let header = splitCSVLine(lines.removeFirst())
    return (header, lines.map(splitCSVLine))
}

func splitCSVLine(_ line: String) -> [String] {
    var fields: [String] = []
    var current = ""
    var quoted = false
    var chars = Array(line)[...]
    while let c = chars.popFirst() {
        if quoted {
            if c == "\"" {
                if chars.first == "\"" { current.append("\""); chars.removeFirst() } else { quoted = false }
            } else { current.append(c) }
        } else if c == "\"" {
            quoted = true
        } else if c == "," {
            fields.append(current)
            current = ""
        } else {
            current.append(c)
        }
    }
    fields.append(current)
    return fields
}
