import Foundation
import MMEmit
import MMModel
import MMSynth
import Testing
@testable import MMPipeline

/// The audit log of SPEC 7 on a whole run: one line per rejected row and per value changed in
/// a row, one tallied `normalize` line per rule applied alike to many rows, the rule set named
/// once, no per-variable `derive` lines; small beside the input, chained, without SUBJID.
@Suite("End to end: audit.jsonl (SPEC 7)")
struct AuditLogTests {
    static func lines(_ out: URL) throws -> [[String: Any]] {
        let text = try String(contentsOf: out.appendingPathComponent("audit.jsonl"), encoding: .utf8)
        return try text.split(separator: "\n").map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        }
    }

    @Test("A synth cohort with errors: tallied conversions, the rule set once, ≤ 5 % of the input, verified, no SUBJID")
    func compactLog() throws {
        let dir = try temporaryFolder()
        let input = dir.appendingPathComponent("in"), out = dir.appendingPathComponent("out")
        _ = try CohortGenerator().generate(SynthOptions(patients: 120, sites: 3, seed: 5, errorRate: 0.2,
                                                        outDirectory: input.path, injectedPath: dir.path + "/injected.csv"))
        try runPipeline([input.path], out: out)
        let log = try Self.lines(out)
        #expect(log.first?["action"] as? String == "ingest" && log.last?["action"] as? String == "emit")
        // The rule set, once, with the RULES.md version and the pipeline file's hash.
        let derive = log.filter { $0["action"] as? String == "derive" }
        #expect(derive.count == 1)
        let rules = try #require(derive.first?["rules"] as? [String: Any])
        #expect(rules["rules_md_version"] as? Int == rulesVersion)
        #expect((rules["pipeline_sha256"] as? String)?.count == 64)
        // Site S02 writes SI units: each converted test of its file is one line with a count.
        let normalize = log.filter { $0["action"] as? String == "normalize" && $0["count"] != nil }
        #expect(!normalize.isEmpty)
        for n in normalize {
            #expect((n["count"] as? Int ?? 0) >= 1)
            #expect(n["usubjid"] as? String == "")
            #expect((n["source"] as? String)?.hasPrefix("labs.csv:") == true)
            #expect((n["source_last"] as? String)?.hasPrefix("labs.csv:") == true)
        }
        let keys = normalize.map { "\($0["before"] ?? "") \($0["after"] ?? "")" }
        #expect(Set(keys).count == keys.count, "one line per conversion of one test in one file")
        // Rejected rows and corrected values stay one line each, with their row.
        #expect(log.contains { $0["action"] as? String == "reject" })
        // Small beside the input; intact chain; no site subject ID.
        let inputBytes = try FileManager.default.contentsOfDirectory(atPath: input.path)
            .reduce(0) { $0 + ((try? Data(contentsOf: input.appendingPathComponent($1)).count) ?? 0) }
        let auditBytes = try Data(contentsOf: out.appendingPathComponent("audit.jsonl")).count
        #expect(Double(auditBytes) <= 0.05 * Double(inputBytes), "audit \(auditBytes) B vs input \(inputBytes) B")
        #expect(AuditVerifier.verify(path: out.path).exitCode == 0)
        let text = try String(contentsOf: out.appendingPathComponent("audit.jsonl"), encoding: .utf8)
        #expect(!text.contains("\"P0001\"") && !text.contains("/P0001") && !text.contains("SubjectKey='P"))
    }

    @Test("ODM: a tallied conversion's first and last sources are ODM paths with the subject key masked")
    func odmSourcesMasked() throws {
        let dir = try temporaryFolder()
        let input = dir.appendingPathComponent("in"), out = dir.appendingPathComponent("out")
        _ = try CohortGenerator().generate(SynthOptions(patients: 30, sites: 3, seed: 9, format: .odm, outDirectory: input.path))
        try runPipeline([input.path], out: out)
        let normalize = try Self.lines(out).filter { $0["action"] as? String == "normalize" && $0["count"] != nil }
        #expect(!normalize.isEmpty)
        for n in normalize {
            for key in ["source", "source_last"] {
                let s = n[key] as? String ?? ""
                #expect(s.contains(".xml:") && s.contains("SubjectKey='*'") && !s.contains("SubjectKey='P"), "\(key): \(s)")
            }
        }
    }
}
