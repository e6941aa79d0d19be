import Foundation
import MMModel
import Testing
@testable import MMPipeline

/// A patient with thousands of exact copies of his rows (issue 18 item 3; SPEC 8: one patient
/// with millions of rows must not take the machine down): the copies are set aside when his
/// partition is read and reported as the group is handed on, and the run still writes, copy by
/// copy, what the rule has always written — one `DUP-002` row in `findings.csv` and one audit
/// `reject` line each, in row order, among the patient's entries.
@Suite("A patient with thousands of repeated rows")
struct RepeatedRowsRunTests {
    static let samples = repositoryRoot.appendingPathComponent("samples")

    /// `samples/` with `copies` copies of P0001's first lab row (line 2) and of his first
    /// adverse-event row appended to the site's files.
    static func upload(_ dir: URL, copies: Int) throws -> (input: URL, labRow: String, aeRow: String, labLines: Range<Int>, aeLines: Range<Int>) {
        let input = dir.appendingPathComponent("in")
        try FileManager.default.createDirectory(at: input, withIntermediateDirectories: true)
        for name in try FileManager.default.contentsOfDirectory(atPath: samples.path) where name.hasSuffix(".csv") || name.hasSuffix(".xml") {
            try FileManager.default.copyItem(at: samples.appendingPathComponent(name), to: input.appendingPathComponent(name))
        }
        func append(_ name: String) throws -> (String, Range<Int>) {
            let url = input.appendingPathComponent(name)
            let text = try String(contentsOf: url, encoding: .utf8)
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            let row = String(lines[1])
            let first = lines.count + (text.hasSuffix("\n") ? 0 : 1)
            try (text + String(repeating: row + "\n", count: copies)).write(to: url, atomically: true, encoding: .utf8)
            return (row, first..<first + copies)
        }
        let (labRow, labLines) = try append("s01_labs.csv")
        let (aeRow, aeLines) = try append("s01_adverse_events.csv")
        return (input, labRow, aeRow, labLines, aeLines)
    }

    static func run(_ input: URL, out: URL, runner: PipelineRunner = PipelineRunner()) throws -> [String: Data] {
        _ = try runner.run(PipelineRequest(inputs: [input.path], pipelinePath: referencePipeline, outDirectory: out.path,
                                           mode: .dataset, sourceDateEpoch: 0, studyKey: Array("bench".utf8)))
        return try outputFiles(out)
    }

    static func lines(_ d: Data?) -> [Substring] {
        String(decoding: d ?? Data(), as: UTF8.self).split(separator: "\n")
    }

    @Test("5,000 copies of a lab row and of an adverse-event row: every copy's finding and audit line, in order")
    func everyCopyIsReportedInPlace() throws {
        let dir = try temporaryFolder()
        let copies = 5_000
        let upload = try Self.upload(dir, copies: copies)
        let plain = try Self.run(Self.samples, out: dir.appendingPathComponent("plain"))
        let held = try Self.run(upload.input, out: dir.appendingPathComponent("held"))

        // findings.csv: the samples' findings and one DUP-002 row per copy, as the rule words it.
        let lab = upload.labRow.split(separator: ",", omittingEmptySubsequences: false)
        let ae = upload.aeRow.split(separator: ",", omittingEmptySubsequences: false)
        var expected = Self.lines(plain["findings.csv"])
        let labCopies = upload.labLines.map { line in
            "S01,P0001,labs,s01_labs.csv:\(line),test,\(lab[3]),DUP-002,WARNING,s01_labs.csv:\(line): this row repeats s01_labs.csv:2 exactly (\(lab[3]) on \(lab[2])); the copy is ignored — remove the repeated row.,\(lab[2]) \(lab[3]),"
        }
        #expect(ae[0] == "P0001")
        let findings = Self.lines(held["findings.csv"])
        let aeCopies = findings.filter { $0.contains("adverse_events,s01_adverse_events.csv:") && $0.contains("DUP-002") }
        expected += labCopies.map { Substring($0) } + aeCopies
        #expect(aeCopies.count == copies)
        #expect(aeCopies.first?.contains("this row repeats s01_adverse_events.csv:2 exactly") == true)
        #expect(findings.count == expected.count)
        #expect(Set(findings) == Set(expected))
        // In line order (findings.csv is sorted; line 10000 after line 9999).
        let labRows = findings.filter { $0.contains("DUP-002") && $0.contains(",labs,s01_labs.csv:") }
        #expect(labRows.map(String.init) == labCopies)

        // audit.jsonl: one reject line per copy, labs then adverse events, in row order, together
        // among P0001's entries.
        let audit = Self.lines(held["audit.jsonl"])
        let rejects = audit.enumerated().filter { $0.element.contains("\"rule\":\"DUP-002\"") && $0.element.contains("s01_") }
        #expect(rejects.count == 2 * copies)
        #expect(rejects.last!.offset - rejects.first!.offset == 2 * copies - 1, "the copies' entries are together")
        let sources = rejects.map { line in line.element.split(separator: "\"source\":\"")[1].prefix { $0 != "\"" } }
        #expect(sources.map(String.init) == upload.labLines.map { "s01_labs.csv:\($0)" } + upload.aeLines.map { "s01_adverse_events.csv:\($0)" })
        #expect(Set(rejects.map { $0.element.split(separator: "\"usubjid\":\"")[1].prefix { $0 != "\"" } }).count == 1)

        // The same bytes whatever is spilled and however the patients are grouped.
        var tiny = PipelineRunner()
        tiny.partitionBudget = 4_096
        tiny.groupBytes = 1
        let spilled = try Self.run(upload.input, out: dir.appendingPathComponent("spilled"), runner: tiny)
        for (name, data) in held { #expect(spilled[name] == data, "\(name) differs when partitions are spilled") }
        // The dataset does not see the copies.
        for name in StreamingRunTests.datasetFiles where name != "define.json" {
            #expect(held[name] == plain[name], "\(name) changed by repeated rows")
        }
    }
}
