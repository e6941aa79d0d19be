import Foundation
import Testing
@testable import MMSynth

/// `synth --dense`: the benchmark's dense, realistic histories (SPEC 8, issue 13): ~500 lab
/// rows per patient, long multi-line histories, as plausible and deterministic as the rest.
@Suite("synth — dense histories")
struct DenseHistoryTests {
    static func cohort(seed: UInt64 = 13) throws -> String {
        try SynthFixture.cohort { SynthOptions(patients: 60, sites: 3, seed: seed, outDirectory: $0, dense: true) }
    }

    static func key(_ r: [String: String]) -> String { (r["site_id"] ?? "") + "/" + (r["patient_id"] ?? "") }

    @Test("~500 lab rows per patient (vs ~80), the routine panel through follow-up, and more lines")
    func volumeAndLines() throws {
        let dense = try Self.cohort()
        let sparse = try SynthFixture.cohort { SynthOptions(patients: 60, sites: 3, seed: 13, outDirectory: $0) }
        let labs = try SynthFixture.table(dense + "/labs.csv")
        let perPatient = Double(labs.count) / 60
        #expect((400...650).contains(perPatient), "\(perPatient) lab rows per patient")
        // The routine panel is measured through the whole history, not only before line starts.
        let sparseLabs = try SynthFixture.table(sparse + "/labs.csv")
        let hgbDense = labs.filter { $0["test"] == "HGB" }.count
        let hgbSparse = sparseLabs.filter { $0["test"] == "HGB" }.count
        #expect(hgbDense > 5 * hgbSparse)
        // Long multi-line histories: more lines per patient than the default cohort.
        func meanLines(_ dir: String) throws -> Double {
            var lines: [String: Set<String>] = [:]
            for t in try SynthFixture.table(dir + "/therapies.csv") { lines[Self.key(t), default: []].insert(t["site_line"] ?? "") }
            return Double(lines.values.map(\.count).reduce(0, +)) / Double(max(1, lines.count))
        }
        let denseLines = try meanLines(dense), sparseLines = try meanLines(sparse)
        #expect(denseLines >= 4 && denseLines > sparseLines + 0.5, "\(denseLines) vs \(sparseLines) lines")
    }

    @Test("Dense visits keep the chronology: one value per (date, test), nothing after death or last contact")
    func chronology() throws {
        let dir = try Self.cohort()
        var end: [String: Int] = [:]
        for p in try SynthFixture.table(dir + "/patients.csv") { end[Self.key(p)] = SynthFixture.day(p["last_contact_date"]) }
        var seen = Set<String>()
        for l in try SynthFixture.table(dir + "/labs.csv") {
            let k = Self.key(l)
            let day = try #require(SynthFixture.day(l["date"]))
            #expect(day <= (end[k] ?? 0), "\(k): lab after death/last contact")
            #expect(seen.insert(k + "|" + (l["date"] ?? "") + "|" + (l["test"] ?? "")).inserted, "\(k): repeated test on a date")
        }
    }

    @Test("Same options → identical bytes; another seed, another dense cohort")
    func deterministic() throws {
        let a = try Self.cohort(), b = try Self.cohort()
        for f in try SynthFixture.files(a) {
            #expect(try SynthFixture.bytes(a + "/" + f) == SynthFixture.bytes(b + "/" + f), "\(f) differs")
        }
        #expect(try SynthFixture.bytes(a + "/labs.csv") != SynthFixture.bytes(Self.cohort(seed: 14) + "/labs.csv"))
    }
}
