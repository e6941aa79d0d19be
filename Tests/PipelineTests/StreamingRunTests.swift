import Foundation
import MMModel
import MMSynth
import Testing
@testable import MMPipeline

/// The streaming run (SPEC 2 and 8): patients partitioned, spilled to disk past a budget,
/// derived group by group and emitted in `USUBJID` order — the same bytes whatever the input
/// order and whatever was spilled.
@Suite("Streaming run: partitions, spilling, any input order")
struct StreamingRunTests {
    static let datasetFiles = ["adsl.csv", "adlot.csv", "adrs.csv", "adtte.csv", "adae.csv", "adexp.csv", "define.json"]

    /// A synthetic upload in `dir/in`, with injected errors (findings, rejected rows) when asked.
    static func cohort(_ dir: URL, errorRate: Double = 0.3) throws -> URL {
        let input = dir.appendingPathComponent("in")
        _ = try CohortGenerator().generate(SynthOptions(patients: 60, sites: 4, seed: 5, errorRate: errorRate,
                                                        outDirectory: input.path))
        return input
    }

    static func run(_ input: URL, out: URL, runner: PipelineRunner = PipelineRunner()) throws -> [String: Data] {
        _ = try runner.run(PipelineRequest(inputs: [input.path], pipelinePath: referencePipeline, outDirectory: out.path,
                                       mode: .dataset, sourceDateEpoch: 1_751_328_000, studyKey: Array("test-key".utf8)))
        return try outputFiles(out)
    }

    @Test("Partitions spilled to disk and one patient group at a time give the same bytes, every output file (SPEC 8)")
    func spillingChangesNothing() throws {
        let dir = try temporaryFolder()
        let input = try Self.cohort(dir)
        let held = try Self.run(input, out: dir.appendingPathComponent("held"))
        var tiny = PipelineRunner()
        tiny.partitionBudget = 2_048
        tiny.groupBytes = 1
        let spilled = try Self.run(input, out: dir.appendingPathComponent("spilled"), runner: tiny)
        #expect(Set(held.keys) == Set(spilled.keys))
        for (name, data) in held { #expect(spilled[name] == data, "\(name) differs when partitions are spilled") }
        let spillFiles = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.contains(".mmpipe-spill") }
        #expect(spillFiles.isEmpty, "temporary files are never left behind")
    }

    /// Without injected errors: with them, two therapy rows of a patient can tie on the start date
    /// with different regimen labels, and RULES.md 3 breaks that tie by file and line (REGLBL).
    @Test("Every table's rows in random order give byte-identical dataset files (SPEC 8)")
    func anyInputOrder() throws {
        let dir = try temporaryFolder()
        let input = try Self.cohort(dir, errorRate: 0)
        let shuffled = dir.appendingPathComponent("shuffled")
        try FileManager.default.createDirectory(at: shuffled, withIntermediateDirectories: true)
        // A reproducible shuffle: rows ordered by a hash of their bytes (FNV-1a).
        func hash(_ line: Data) -> UInt64 { line.reduce(0xCBF2_9CE4_8422_2325) { ($0 ^ UInt64($1)) &* 0x100_0000_01B3 } }
        for name in try FileManager.default.contentsOfDirectory(atPath: input.path) where name.hasSuffix(".csv") {
            // Bytes, not text: injected errors include bytes that are not UTF-8.
            let data = try Data(contentsOf: input.appendingPathComponent(name))
            var lines = data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: true)
            let header = lines.removeFirst()
            lines.sort { hash($0) < hash($1) }
            var out = Data()
            for line in [header] + lines { out += line + [UInt8(ascii: "\n")] }
            try out.write(to: shuffled.appendingPathComponent(name))
        }
        var tiny = PipelineRunner()
        tiny.partitionBudget = 4_096
        let grouped = try Self.run(input, out: dir.appendingPathComponent("a"))
        let random = try Self.run(shuffled, out: dir.appendingPathComponent("b"), runner: tiny)
        for name in Self.datasetFiles {
            #expect(grouped[name] != nil && grouped[name] == random[name], "\(name) depends on the input order")
        }
        // Findings name other lines, but they are the same findings.
        func lines(_ d: Data?) -> Int { String(decoding: d ?? Data(), as: UTF8.self).split(separator: "\n").count }
        #expect(lines(grouped["findings.csv"]) == lines(random["findings.csv"]))
        #expect(lines(grouped["adsl.csv"]) > 40)
    }

    @Test("2,000 identical lab rows: every finding in findings.csv, one line in the report (issue 18 item 3)")
    func identicalFindingsAreSummarised() throws {
        let dir = try temporaryFolder()
        var fixture = UploadFixture.reference
        let copies = 2_000
        fixture.tables[1].rows += Array(repeating: ["P001", "S01", "2021-02-20", "HGB", "10.9", "g/dL", "", ""], count: copies)
        try fixture.writeCSV(to: dir.appendingPathComponent("in"))
        let out = dir.appendingPathComponent("out")
        try runPipeline([dir.appendingPathComponent("in").path], out: out)
        let findings = try String(contentsOf: out.appendingPathComponent("findings.csv"), encoding: .utf8)
        let duplicates = findings.split(separator: "\n").filter { $0.contains("DUP-002") }.count
        #expect(duplicates >= copies)
        let report = try String(contentsOf: out.appendingPathComponent("report.html"), encoding: .utf8)
        #expect(report.utf8.count < 60_000, "report.html grows with the number of identical findings")
        #expect(report.contains("<td class=\"num\">\(duplicates)</td>"), "the run is counted once")
    }
}
