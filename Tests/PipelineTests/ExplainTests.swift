import Foundation
import MMEmit
import MMModel
import Testing
@testable import MMPipeline

/// `mmpipe explain` (SPEC 3): the trace re-derived from the inputs a run's manifest pins.
@Suite("mmpipe explain")
struct ExplainTests {
    /// The reference upload, run into `out` (key "test-key").
    static func run() throws -> (input: URL, out: URL) {
        let dir = try temporaryFolder(#function + UUID().uuidString)
        let input = dir.appendingPathComponent("in"), out = dir.appendingPathComponent("out")
        try UploadFixture.reference.writeCSV(to: input)
        try runPipeline([input.path], out: out)
        return (input, out)
    }

    static func request(_ patient: String, _ inputs: [String], out: URL?, key: String? = "test-key") -> ExplainRequest {
        ExplainRequest(patient: patient, inputs: inputs, pipelinePath: referencePipeline, outDirectory: out?.path,
                       studyKey: key.map { Array($0.utf8) }, runDate: Day(rawValue: Int32(1_751_328_000 / 86_400)))
    }

    /// The refusal's sentence, nil when explained.
    static func message(_ r: ExplainRequest) -> String? {
        do { _ = try ExplainRunner().explain(r); return nil } catch { return error.description }
    }

    @Test("SITEID/SUBJID and USUBJID name the same patient; the trace matches the run's ADLOT and ADSL")
    func bothForms() throws {
        let (input, out) = try Self.run()
        let bySite = try ExplainRunner().explain(Self.request("S01/P001", [input.path], out: out))
        let usubjid = try #require(bySite.usubjid)
        #expect(usubjid.hasPrefix("ISAPD-S01-") && bySite.siteID == "S01")
        let byUSUBJID = try ExplainRunner().explain(Self.request(usubjid, [input.path], out: out))
        #expect(byUSUBJID.json() == bySite.json())
        // The trace's lines are the run's ADLOT rows; its TCR value is the run's ADSL TCRFL.
        let adlot = try String(contentsOf: out.appendingPathComponent("adlot.csv"), encoding: .utf8)
            .split(separator: "\n").dropFirst().filter { $0.hasPrefix(usubjid) }
        #expect(bySite.trace.lines.count == adlot.count && adlot.count == 2)
        #expect(bySite.trace.lines.map(\.start) == ["2016-06-01", "2021-03-01"])
        #expect(bySite.trace.lines[1].index && bySite.trace.lines[1].startReason == "PROGRESSION")
        #expect(bySite.trace.cytogenetics.first { $0.variable == "T414FL" }?.value == "Y")
        let text = bySite.text()
        #expect(text.contains("Lines of therapy [RULES.md 3]") && text.contains("Endpoints [RULES.md 8]"))
        #expect(!text.contains("P001") && !bySite.json().contains("P001"), "the site's SUBJID is not echoed")
        let json = try JSONSerialization.jsonObject(with: Data(bySite.json().utf8)) as? [String: Any]
        #expect((json?["trace"] as? [String: Any])?["rules"] as? String == rulesCitation)
    }

    @Test("With --out and no INPUT, the inputs its manifest names are read")
    func inputsFromManifest() throws {
        let (input, out) = try Self.run()
        let pinned = try ExplainRunner().explain(Self.request("S01/P002", [], out: out))
        let given = try ExplainRunner().explain(Self.request("S01/P002", [input.path], out: out))
        #expect(pinned.json() == given.json())
    }

    @Test("The run's data cutoff, not its SOURCE_DATE_EPOCH timestamp, is the explanation's: no date is 'in the future' of 1970")
    func cutoffFromManifest() throws {
        let dir = try temporaryFolder(#function + UUID().uuidString)
        let input = dir.appendingPathComponent("in"), out = dir.appendingPathComponent("out")
        try UploadFixture.reference.writeCSV(to: input)
        let day = Day(rawValue: Int32(1_751_328_000 / 86_400))
        // SOURCE_DATE_EPOCH=0 stamps the manifest 1970-01-01; the run's cutoff is its day.
        _ = try PipelineRunner().run(PipelineRequest(inputs: [input.path], pipelinePath: referencePipeline,
                                                     outDirectory: out.path, mode: .dataset, sourceDateEpoch: 0,
                                                     runDate: day, studyKey: Array("test-key".utf8)))
        let manifest = try String(contentsOf: out.appendingPathComponent("manifest.json"), encoding: .utf8)
        #expect(manifest.contains("1970-01-01") && manifest.contains("\"data_cutoff\": \"2025-07-01\""))
        let pinned = try ExplainRunner().explain(Self.request("S01/P001", [], out: out))
        #expect(!pinned.findings.contains { $0.contains("CHR-006") })
        // The same explanation as without the folder, on the run's day.
        let unpinned = try ExplainRunner().explain(Self.request("S01/P001", [input.path], out: nil))
        #expect(pinned.json() == unpinned.json())
        // A later day with the pinned folder still validates with the run's cutoff.
        var later = Self.request("S01/P001", [], out: out)
        later.runDate = Day(rawValue: day.rawValue + 400)
        #expect(try ExplainRunner().explain(later).json() == pinned.json())
    }

    @Test("Inputs whose SHA-256 differ from the run's manifest are refused, naming the file")
    func refusesChangedInputs() throws {
        let (input, out) = try Self.run()
        let labs = input.appendingPathComponent("labs.csv")
        try (try String(contentsOf: labs, encoding: .utf8) + "P001,S01,2021-06-25,SPEP_M,0.5,g/dL,,\n")
            .write(to: labs, atomically: true, encoding: .utf8)
        let refusal = Self.message(Self.request("S01/P001", [input.path], out: out))
        #expect(refusal?.contains("labs.csv") == true && refusal?.contains("manifest.json") == true, "\(refusal ?? "")")
        // Without --out nothing is pinned: the changed inputs are explained as they are.
        #expect(try ExplainRunner().explain(Self.request("S01/P001", [input.path], out: nil)).trace.lines.count == 2)
        // An input the run did not read is refused too.
        try FileManager.default.removeItem(at: labs)
        #expect(Self.message(Self.request("S01/P001", [input.path], out: out))?.contains("also read 'labs.csv'") == true)
    }

    @Test("Unknown patient, a USUBJID without the study key, a malformed PATIENT: one clear sentence each")
    func refusals() throws {
        let (input, out) = try Self.run()
        let message = Self.message
        #expect(message(Self.request("S01/P999", [input.path], out: out))?.hasPrefix("No patient S01/P999") == true)
        #expect(message(Self.request("ISAPD-S01-0123456789ab", [input.path], out: out, key: nil))?.contains("MMPIPE_STUDY_KEY") == true)
        #expect(message(Self.request("nonsense", [input.path], out: out))?.contains("SITEID/SUBJID") == true)
        #expect(message(Self.request("S01/P001", [input.path], out: input))?.contains("manifest.json") == true)
    }

    @Test("An ODM upload: rows named file:line, the subject key never printed; the same trace as from CSV")
    func odm() throws {
        let dir = try temporaryFolder(#function + UUID().uuidString)
        let xml = dir.appendingPathComponent("site.xml"), csv = dir.appendingPathComponent("csv")
        try UploadFixture.reference.writeODM(to: xml)
        try UploadFixture.reference.writeCSV(to: csv)
        let fromODM = try ExplainRunner().explain(Self.request("S01/P001", [xml.path], out: nil))
        let fromCSV = try ExplainRunner().explain(Self.request("S01/P001", [csv.path], out: nil))
        #expect(!fromODM.text().contains("P001") && !fromODM.json().contains("SubjectKey"))
        #expect(fromODM.trace.lines.flatMap(\.rows).allSatisfy { $0.source?.hasPrefix("site.xml:") == true })
        #expect(fromODM.trace.lines.map(\.regimen) == fromCSV.trace.lines.map(\.regimen))
        #expect(fromODM.trace.refractoriness == fromCSV.trace.refractoriness)
    }
}
