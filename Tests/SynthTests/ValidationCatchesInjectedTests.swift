import Foundation
import Testing
import MMModel
import MMPipeline
@testable import MMSynth

/// The end-to-end promise of `--errors`: `mmpipe validate` finds every injected error at the
/// file and line where it was put (SPEC 5: findings carry `SOURCE` = `file:line`).
@Suite("synth → validate — every injected error is found")
struct ValidationCatchesInjectedTests {
    static var repositoryRoot: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().path
    }

    @Test("validate reports each injected rule at its file:line")
    func everyInjectedErrorIsFound() throws {
        let base = NSTemporaryDirectory() + "mmpipe-synth-validate-" + UUID().uuidString
        let cohort = base + "/cohort", out = base + "/out"
        _ = try CohortGenerator().generate(SynthOptions(patients: 40, sites: 3, seed: 13, errorRate: 1.0,
                                                        outDirectory: cohort, splitSites: true, odmSites: 1,
                                                        injectedPath: base + "/injected.csv"))
        _ = try PipelineRunner().run(PipelineRequest(
            inputs: [cohort], pipelinePath: Self.repositoryRoot + "/pipelines/reference.yaml", outDirectory: out,
            mode: .validationOnly, sourceDateEpoch: 1_751_241_600, runDate: Day(rawValue: Int32(1_751_241_600 / 86_400)), studyKey: Array("test".utf8)))
        let findings = try SynthFixture.table(out + "/findings.csv")
        let found = Set(findings.map { ($0["RULEID"] ?? "") + "@" + ($0["SOURCE"] ?? "") })
        let rulesFound = Set(findings.compactMap { $0["RULEID"] })
        for row in try SynthFixture.table(base + "/injected.csv") {
            let rule = row["rule_hint"] ?? "", file = row["file"] ?? "", line = row["line"] ?? ""
            if line.isEmpty || rule == "PHI-001" || rule == "ING-002" {
                // File- or column-level: the rule must fire for that file.
                #expect(rulesFound.contains(rule), "\(rule) not reported for \(file)")
            } else if file.hasSuffix(".xml") {
                #expect(rulesFound.contains(rule), "\(rule) not reported for \(file)")
            } else {
                #expect(found.contains(rule + "@" + file + ":" + line), "\(rule) not reported at \(file):\(line)")
            }
        }
    }
}
