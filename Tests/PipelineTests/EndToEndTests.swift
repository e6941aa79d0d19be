import Foundation
import MMModel
import Testing
@testable import MMPipeline

/// Runs the whole pipeline on `inputs` into `out` with a fixed key and SOURCE_DATE_EPOCH.
@discardableResult
func runPipeline(_ inputs: [String], out: URL, mode: EmitMode = .dataset) throws -> RunSummary {
    try PipelineRunner().run(PipelineRequest(
        inputs: inputs, pipelinePath: referencePipeline, outDirectory: out.path, mode: mode,
        sourceDateEpoch: 1_751_328_000, runDate: Day(rawValue: Int32(1_751_328_000 / 86_400)), studyKey: Array("test-key".utf8)))
}

func outputFiles(_ dir: URL) throws -> [String: Data] {
    var files: [String: Data] = [:]
    // Relative paths, site packages (`sites/S01/…`) included.
    for name in FileManager.default.subpaths(atPath: dir.path) ?? [] {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: dir.appendingPathComponent(name).path, isDirectory: &isDir),
              !isDir.boolValue else { continue }
        files[name] = try Data(contentsOf: dir.appendingPathComponent(name))
    }
    return files
}

@Suite("End to end: mmpipe run")
struct EndToEndTests {
    @Test("Same inputs, pipeline file, key and SOURCE_DATE_EPOCH give byte-identical outputs (SPEC 7)")
    func deterministic() throws {
        let dir = try temporaryFolder()
        try UploadFixture.reference.writeCSV(to: dir.appendingPathComponent("in"))
        try runPipeline([dir.appendingPathComponent("in").path], out: dir.appendingPathComponent("a"))
        try runPipeline([dir.appendingPathComponent("in").path], out: dir.appendingPathComponent("b"))
        let a = try outputFiles(dir.appendingPathComponent("a")), b = try outputFiles(dir.appendingPathComponent("b"))
        #expect(Set(a.keys) == Set(b.keys))
        for required in ["adsl.csv", "adlot.csv", "adrs.csv", "adtte.csv", "adae.csv", "findings.csv", "report.html",
                         "dataset.sqlite", "define.json", "audit.jsonl", "manifest.json"] {
            #expect(a[required] != nil, "\(required) missing")
        }
        for (name, data) in a { #expect(b[name] == data, "\(name) differs between two runs") }
    }

    @Test("Identifier columns (surname, tax code) never reach any output (SPEC 5 PHI)")
    func identifiersNeverLeave() throws {
        let dir = try temporaryFolder()
        var fixture = UploadFixture.reference
        fixture.tables[0].header += ["cognome", "codice_fiscale"]
        fixture.tables[0].rows[0] += ["Bianchimarrone", "BNCMRA50C04H501Z"]
        fixture.tables[0].rows[1] += ["Verdolinisca", "VRDLSN48S60F205X"]
        try fixture.writeCSV(to: dir.appendingPathComponent("in"))
        let out = dir.appendingPathComponent("out")
        try runPipeline([dir.appendingPathComponent("in").path], out: out)
        let findings = try String(contentsOf: out.appendingPathComponent("findings.csv"), encoding: .utf8)
        #expect(findings.contains("PHI-001"))
        for (name, data) in try outputFiles(out) {
            let text = String(decoding: data, as: UTF8.self)
            for secret in ["Bianchimarrone", "BNCMRA50C04H501Z", "Verdolinisca", "VRDLSN48S60F205X", "1950-03-04", "1948-11-20"] {
                #expect(!text.contains(secret), "\(secret) leaked into \(name)")
            }
        }
    }

    @Test("The analysis population and the index line are derived for the fixture (SPEC 6.2)")
    func derivesIndex() throws {
        let dir = try temporaryFolder()
        try UploadFixture.reference.writeCSV(to: dir.appendingPathComponent("in"))
        let out = dir.appendingPathComponent("out")
        let summary = try runPipeline([dir.appendingPathComponent("in").path], out: out)
        #expect(summary.patients == 2)
        #expect(summary.analysisPopulation == 2)
        let adsl = try String(contentsOf: out.appendingPathComponent("adsl.csv"), encoding: .utf8)
        let lines = adsl.split(separator: "\n")
        #expect(lines.count == 3)
        #expect(lines[0].hasPrefix("STUDYID,SITEID,USUBJID,SEX,AGE,AGEGR1,DIAGDT,INDEXDT"))
        #expect(adsl.contains("2021-03-01"))
        #expect(!adsl.contains("P001"), "the site's patient_id must not appear in ADSL")
        // patients.extramedullary → EMDFL (issue 17), in patient order P001 (Y), P002 (N) by INDEXDT.
        let header = lines[0].split(separator: ",", omittingEmptySubsequences: false)
        let emd = try #require(header.firstIndex(of: "EMDFL"))
        let values = lines.dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false)[emd] }
        #expect(Set(values) == ["Y", "N"])
    }
}
