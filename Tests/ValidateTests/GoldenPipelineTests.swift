import Foundation
import MMModel
import MMPipeline
import Testing

/// End to end in `.validationOnly` mode (SPEC 3 `mmpipe validate`) over the fixture uploads:
/// `Fixtures/violations/` holds at least one violation of every ING/SCH/DUP/CHR/UNIT/PHI rule
/// (one file per file-level problem), `Fixtures/clean/` a clean upload that must give no
/// finding at all. `findings.csv` is compared byte for byte with
/// `Fixtures/<name>.findings.golden.csv`.
///
/// Regenerating a golden file on purpose (after a deliberate change of a rule, a message or a
/// fixture): delete it and run the test once —
///
///     rm Tests/ValidateTests/Fixtures/violations.findings.golden.csv
///     swift build --build-tests && swift test --skip-build --filter GoldenPipelineTests
///
/// The run writes the file and fails with "wrote …: review it and commit it". Then read
/// `git diff` of the golden file line by line — every finding must be one a data manager
/// expects for that fixture (rule, severity, file:line, field, value, message) — run the test
/// again (it passes), and commit the golden file with the change that explains it. Never
/// regenerate only to make a failing run green.
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
    /// `CHR-011` needs a `data_cutoff` before the run's day (ChronologyRulesTests, TrustTests).
    static let optionDependent: Set<String> = ["UNIT-003", "UNIT-004", "CHR-011"]

    @Test(arguments: ["violations", "clean"])
    func findingsMatchTheGoldenFile(_ name: String) throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("mmpipe-golden-\(name)-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: out) }
        let request = PipelineRequest(inputs: [Self.fixtures.appendingPathComponent(name).path],
                                      pipelinePath: Self.root.appendingPathComponent("pipelines/reference.yaml").path,
                                      outDirectory: out.path, mode: .validationOnly, sourceDateEpoch: Self.epoch, runDate: Day(rawValue: Int32(Self.epoch / 86_400)),
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
        // Site packages included (`sites/S01/…`).
        for file in FileManager.default.subpaths(atPath: out.path) ?? [] where !file.hasPrefix("sites") || file.contains(".") {
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

    /// RULES.md 1 `unit_mismatch: exclude | reject` (pipeline variants in `Fixtures/`): the
    /// implausible "HGB 11.1 g/L" of `violations/labs.csv:6` gives `UNIT-003` (WARNING, row kept
    /// but out of every derivation) or `UNIT-004` (ERROR, row rejected) in place of the
    /// reference's `UNIT-002`; every other finding is the golden file's.
    @Test(arguments: [("unit-exclude", "UNIT-003", "WARNING"), ("unit-reject", "UNIT-004", "ERROR")])
    func unitMismatchPolicyVariants(pipeline: String, rule: String, severity: String) throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("mmpipe-golden-\(pipeline)-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: out) }
        let request = PipelineRequest(inputs: [Self.fixtures.appendingPathComponent("violations").path],
                                      pipelinePath: Self.fixtures.appendingPathComponent("\(pipeline).yaml").path,
                                      outDirectory: out.path, mode: .validationOnly, sourceDateEpoch: Self.epoch, runDate: Day(rawValue: Int32(Self.epoch / 86_400)),
                                      studyKey: Array("golden-test-key".utf8))
        _ = try PipelineRunner().run(request)
        let findings = try String(contentsOf: out.appendingPathComponent("findings.csv"), encoding: .utf8)
        let golden = try String(contentsOf: Self.fixtures.appendingPathComponent("violations.findings.golden.csv"), encoding: .utf8)

        let isHb = { (line: Substring) in line.hasPrefix("S01,P001,labs,labs.csv:6,") }
        let hb = findings.split(separator: "\n").filter(isHb)
        #expect(hb.count == 1, "\(hb)")
        let line = try #require(hb.first)
        #expect(line.hasPrefix("S01,P001,labs,labs.csv:6,unit,11.1 g/L,\(rule),\(severity),"), "\(line)")
        #expect(!findings.contains(",UNIT-002,"))
        #expect(findings.split(separator: "\n").filter { !isHb($0) } == golden.split(separator: "\n").filter { !isHb($0) })
    }
}
