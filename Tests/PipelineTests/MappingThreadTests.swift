import Foundation
import MMIngest
import MMMap
import MMModel
import MMSynth
import Testing
@testable import MMPipeline

/// Reading on both cores (SPEC 8, issue 13): rows past the identifier screening are mapped in
/// chunks on a second thread while the reader parses. Whatever the chunk size, a file must give
/// the records, provenance lines, findings, audit entries (tallies included) and row counts of
/// mapping every row on the reader's thread.
@Suite("Mapping thread: chunked mapping gives what mapping row by row gives")
struct MappingThreadTests {
    /// Everything `ingest` returns, in comparable form.
    struct Ingested: Equatable {
        var summary: InputFileSummary
        var patients: [Patient], labs: [LabResult], cytogenetics: [CytogeneticResult]
        var therapies: [TherapyExposure], assessments: [Assessment], adverseEvents: [AdverseEvent]
        var findings: [Finding], audit: [AuditEntry]
        var readRows: [String: Int], rejectedRows: [String: Int]
    }

    /// `drained`: records collected through `drain` (as the streaming run does) instead of
    /// returned whole.
    static func ingest(_ path: String, chunkRows: Int?, drained: Bool) throws -> Ingested {
        let pipeline = try PipelineFile.load(path: referencePipeline)
        let file = try #require(try InputDiscovery.discover([path]).first)
        let limits = ReadLimits(maxFieldBytes: pipeline.options.input.maxFieldBytes)
        var collected = RecordBatch()
        var drains = 0
        let drain: ((inout RecordBatch) -> Void)? = drained ? { batch in
            drains += 1
            collected.append(batch)
            batch.removeAll()
        } : nil
        var (summary, batch, log) = PipelineRunner.ingest(file, limits: limits, mapper: RecordMapper(pipeline: pipeline),
                                                          chunkRows: chunkRows, drain: drain)
        if drained {
            #expect(batch.count == 0)
            #expect(drains > 0)
            batch = collected
        }
        return Ingested(summary: summary, patients: batch.patients, labs: batch.labs, cytogenetics: batch.cytogenetics,
                        therapies: batch.therapies, assessments: batch.assessments, adverseEvents: batch.adverseEvents,
                        findings: log.findings, audit: log.audit, readRows: log.readRows, rejectedRows: log.rejectedRows)
    }

    /// A synthetic upload with injected errors (findings, rejected rows, unit conversions).
    static func cohort(_ dir: URL) throws -> URL {
        let input = dir.appendingPathComponent("in")
        _ = try CohortGenerator().generate(SynthOptions(patients: 40, sites: 3, seed: 11, errorRate: 0.3,
                                                        outDirectory: input.path))
        return input
    }

    @Test("Every table of a synthetic upload with errors: same records, lines, findings and audit, any chunk size")
    func sameAsRowByRow() throws {
        let input = try Self.cohort(try temporaryFolder())
        for name in try FileManager.default.contentsOfDirectory(atPath: input.path).sorted() where name.hasSuffix(".csv") {
            let path = input.appendingPathComponent(name).path
            let inline = try Self.ingest(path, chunkRows: nil, drained: false)
            #expect(inline.summary.rows > 0)
            for chunkRows in [1, 7, 4096] {
                #expect(try Self.ingest(path, chunkRows: chunkRows, drained: false) == inline, "\(name), \(chunkRows) rows per chunk")
            }
            #expect(try Self.ingest(path, chunkRows: 13, drained: true) == inline, "\(name), drained")
        }
    }

    /// The reader's awkward inputs, past the 200 screened rows so that they reach the mapping
    /// thread: a BOM, CRLF line ends, quoted fields holding line breaks (a row spanning lines),
    /// a lone CR (a line end of its own), a ragged row and values that do not parse.
    @Test("BOM, CRLF, quoted line breaks, a lone CR: the same rows, provenance lines and findings")
    func awkwardLabsFile() throws {
        let input = try Self.cohort(try temporaryFolder())
        let labs = input.appendingPathComponent("labs.csv")
        let original = try String(contentsOf: labs, encoding: .utf8)
        var lines = original.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        try #require(lines.count > 600)
        // Rows 300 and 450: a unit quoted with a line break inside; row 500: a value that is no
        // number, quoted across two lines; after row 520 a lone CR splits a row in two.
        func quoteLast(_ line: String, _ with: String) -> String {
            var fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            fields[5] = "\"" + with + "\""
            return fields.joined(separator: ",")
        }
        lines[300] = quoteLast(lines[300], "g/dL\nextra")
        lines[450] = quoteLast(lines[450], "mg/L\r\nnote, with a comma")
        var fields = lines[500].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        fields[4] = "\"1.2\n3\""
        lines[500] = fields.joined(separator: ",")
        lines[520] = lines[520].replacingOccurrences(of: ",", with: ",\r", options: [], range: lines[520].range(of: ","))
        let text = "\u{FEFF}" + lines.joined(separator: "\r\n") + "\r\n"
        try Data(text.utf8).write(to: labs)

        let inline = try Self.ingest(labs.path, chunkRows: nil, drained: false)
        #expect(inline.summary.encoding == "UTF-8 (BOM)")
        // The rows after the quoted line breaks keep their physical line numbers.
        let lastLine = try #require(inline.labs.map(\.provenance.line).max())
        #expect(lastLine == lines.count + 3 + 1)
        #expect(inline.findings.contains { $0.source.hasPrefix("labs.csv:") && $0.ruleID == Rule.ING003.id })
        #expect(inline.findings.count > 0)
        for chunkRows in [1, 5, 64] {
            #expect(try Self.ingest(labs.path, chunkRows: chunkRows, drained: false) == inline, "\(chunkRows) rows per chunk")
            #expect(try Self.ingest(labs.path, chunkRows: chunkRows, drained: true) == inline, "\(chunkRows) rows per chunk, drained")
        }
    }

    /// A column flagged as an identifier is emptied before mapping on either thread: its values
    /// reach no record and no finding beyond the header's PHI-001.
    @Test("An identifier column: redacted alike when its rows are mapped on the mapping thread")
    func identifierColumnRedacted() throws {
        let input = try Self.cohort(try temporaryFolder())
        let labs = input.appendingPathComponent("labs.csv")
        let lines = try String(contentsOf: labs, encoding: .utf8).split(separator: "\n").map(String.init)
        try #require(lines.count > 400)
        let text = lines.enumerated().map { i, line in line + (i == 0 ? ",patient_name" : ",Maria Rossi \(i)") }
            .joined(separator: "\n") + "\n"
        try Data(text.utf8).write(to: labs)
        let inline = try Self.ingest(labs.path, chunkRows: nil, drained: false)
        #expect(inline.findings.contains { $0.ruleID == Rule.PHI001.id })
        #expect(!inline.findings.contains { $0.value.contains("Rossi") || $0.message.contains("Rossi") })
        #expect(inline.labs.count > 300)
        #expect(try Self.ingest(labs.path, chunkRows: 3, drained: true) == inline)
    }
}
