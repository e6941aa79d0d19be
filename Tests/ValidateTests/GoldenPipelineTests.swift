import Foundation
import MMModel
import MMPipeline
import Testing

/// End to end in `.validationOnly` mode (SPEC 3 `mmpipe validate`) over the fixture uploads:
/// `Fixtures/violations/` holds at least one violation of every ING/SCH/DUP/CHR/UNIT/PHI rule
/// (one file per file-level problem), `Fixtures/clean/` a clean upload. `findings.csv` is
/// compared with `Fixtures/<name>.findings.golden.csv`; a missing golden file is written
/// (review it, then commit it). Disabled until ingest and map are merged.
@Suite struct GoldenPipelineTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    /// 2025-01-01T00:00:00Z: "today" for `CHR-006` and the audit timestamps.
    static let epoch = 1_735_689_600
    /// Identifiers in the violations upload that must reach no output (SPEC 5 PHI, SPEC 7).
    static let identifiers = ["Rossi", "Bianchi", "RSSMRA50C01H501U", "BNCLRA19A41F205X", "mario.rossi@example.it",
                              "1950-03-01", "1948-05-05"]
    /// `UNIT-003`/`UNIT-004` need `unit_mismatch: exclude`/`reject`; the reference pipeline corrects.
    static let optionDependent: Set<String> = ["UNIT-003", "UNIT-004"]

    @Test(.disabled("needs ingest+map; enabled at integration"), arguments: ["violations", "clean"])
    func findingsMatchTheGoldenFile(_ name: String) throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("mmpipe-golden-\(name)-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: out) }
        let request = PipelineRequest(inputs: [Self.fixtures.appendingPathComponent(name).path],
                                      pipelinePath: Self.root.appendingPathComponent("pipelines/reference.yaml").path,
                                      outDirectory: out.path, mode: .validationOnly, sourceDateEpoch: Self.epoch,
                                      studyKey: Array("golden-test-key".utf8))
        let summary = try PipelineRunner().run(request)
        let findings = try String(contentsOf: out.appendingPathComponent("findings.csv"), encoding: .utf8)

        let golden = Self.fixtures.appendingPathComponent("\(name).findings.golden.csv")
        if let expected = try? String(contentsOf: golden, encoding: .utf8) {
            #expect(findings == expected, "findings.csv differs from \(golden.lastPathComponent)")
        } else {
            try Data(findings.utf8).write(to: golden)
            Issue.record("wrote \(golden.path): review it and commit it")
        }

        // Nothing written contains an identifier.
        for file in try FileManager.default.contentsOfDirectory(atPath: out.path) {
            let text = (try? String(contentsOf: out.appendingPathComponent(file), encoding: .utf8)) ?? ""
            for id in Self.identifiers { #expect(!text.contains(id), "\(id) in \(file)") }
        }

        if name == "violations" {
            let families: Set<String> = ["ING", "SCH", "DUP", "CHR", "UNIT", "PHI"]
            for rule in Rule.catalogue where families.contains(rule.family) && !Self.optionDependent.contains(rule.id) {
                #expect(findings.contains(",\(rule.id),"), "no \(rule.id) finding")
            }
            #expect(summary.errors > 0)
        } else {
            #expect(summary.errors == 0 && summary.warnings == 0, "\(findings)")
        }
    }
}
