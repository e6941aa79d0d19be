import Foundation
import MMModel
import Testing
@testable import MMSynth

@Suite("synth — reference layout (SPEC 4.1) and the bundled samples")
struct LayoutTests {
    static var repositoryRoot: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().path
    }

    @Test("Exact reference headers, and every table grouped by patient in site/patient order")
    func groupedByPatient() throws {
        let dir = try SynthFixture.cohort { SynthOptions(patients: 60, sites: 3, seed: 6, outDirectory: $0) }
        #expect(try SynthFixture.files(dir) == ["adverse_events.csv", "assessments.csv", "cytogenetics.csv",
                                                "labs.csv", "patients.csv", "therapies.csv"])
        for table in ["patients", "labs", "cytogenetics", "therapies", "assessments", "adverse_events"] {
            let lines = try SynthFixture.lines(dir + "/\(table).csv")
            #expect(lines[0] == ReferenceColumns.of(MMModelTable(table)).joined(separator: ","))
            var seen = Set<String>(), previous = ""
            for line in lines.dropFirst() where !line.isEmpty {
                let f = line.split(separator: ",", omittingEmptySubsequences: false)
                let key = String(f[1]) + "/" + String(f[0])
                if key != previous {
                    #expect(!seen.contains(key), "\(table): \(key) is not contiguous")
                    #expect(key > previous, "\(table): \(key) after \(previous)")
                    seen.insert(key)
                    previous = key
                }
            }
        }
    }

    /// Golden data: samples/ is exactly what its documented command generates. When the
    /// generator changes on purpose, regenerate the samples (samples/README.md).
    @Test("samples/ is what the command of samples/README.md generates, byte for byte")
    func samplesAreCurrent() throws {
        let samples = Self.repositoryRoot + "/samples"
        let dir = NSTemporaryDirectory() + "mmpipe-samples-" + UUID().uuidString
        _ = try CohortGenerator().generate(SynthOptions(patients: 60, sites: 4, seed: 2025, errorRate: 0.05,
                                                        outDirectory: dir, splitSites: true, odmSites: 1,
                                                        injectedPath: dir + "/expected/injected.csv"))
        // samples/two-arms is a sample of its own (checked below); samples/redcap/ is a REDCap
        // export of some of these patients, not synth output: its own test (TemplateTests) checks it.
        let expected = try SynthFixture.files(samples).filter { $0 != "README.md" && !$0.hasPrefix("two-arms") && !$0.hasPrefix("redcap/") }
        #expect(try SynthFixture.files(dir) == expected)
        for f in expected where f != "expected" {
            #expect(try SynthFixture.bytes(dir + "/" + f) == SynthFixture.bytes(samples + "/" + f), "\(f) is stale")
        }
        #expect(try SynthFixture.bytes(dir + "/expected/injected.csv")
            == SynthFixture.bytes(samples + "/expected/injected.csv"))
        let total = try expected.filter { $0 != "expected" }.reduce(0) { $0 + (try SynthFixture.bytes(samples + "/" + $1).count) }
        #expect(total < 2_000_000)
    }

    @Test("samples/two-arms is what the command of its README generates, byte for byte")
    func twoArmSampleIsCurrent() throws {
        let samples = Self.repositoryRoot + "/samples/two-arms"
        let dir = NSTemporaryDirectory() + "mmpipe-two-arms-" + UUID().uuidString
        var options = SynthOptions(patients: 400, sites: 3, seed: 3, outDirectory: dir)
        options.arms = ["IsaPd", "EloPd"]
        _ = try CohortGenerator().generate(options)
        let expected = try SynthFixture.files(samples).filter { $0 != "README.md" }
        #expect(try SynthFixture.files(dir) == expected)
        for f in expected {
            #expect(try SynthFixture.bytes(dir + "/" + f) == SynthFixture.bytes(samples + "/" + f), "\(f) is stale")
        }
        let readme = try String(contentsOfFile: samples + "/README.md", encoding: .utf8)
        #expect(readme.contains("mmpipe synth --patients 400 --sites 3 --seed 3 --arms IsaPd,EloPd --out samples/two-arms"))
    }
}

private func MMModelTable(_ name: String) -> TableName { TableName(rawValue: name) ?? .patients }
