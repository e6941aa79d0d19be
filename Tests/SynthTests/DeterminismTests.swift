import Foundation
import Testing
@testable import MMSynth

@Suite("synth — determinism (SPEC 3: same arguments → byte-identical files)")
struct DeterminismTests {
    @Test("Same seed → identical bytes in every file", arguments: [SynthFormat.csv, .odm])
    func sameSeedSameBytes(_ format: SynthFormat) throws {
        let make = { (dir: String) in
            SynthOptions(patients: 40, sites: 3, seed: 11, format: format, errorRate: 0.3, outDirectory: dir)
        }
        let a = try SynthFixture.cohort(make), b = try SynthFixture.cohort(make)
        let files = try SynthFixture.files(a)
        #expect(files == (try SynthFixture.files(b)))
        #expect(files.count >= 3)
        for f in files {
            #expect(try SynthFixture.bytes(a + "/" + f) == SynthFixture.bytes(b + "/" + f), "\(f) differs")
        }
    }

    @Test("A different seed gives a different cohort")
    func differentSeedDiffers() throws {
        let a = try SynthFixture.cohort { SynthOptions(patients: 20, sites: 2, seed: 1, outDirectory: $0) }
        let b = try SynthFixture.cohort { SynthOptions(patients: 20, sites: 2, seed: 2, outDirectory: $0) }
        for f in ["patients.csv", "labs.csv", "therapies.csv"] {
            #expect(try SynthFixture.bytes(a + "/" + f) != SynthFixture.bytes(b + "/" + f), "\(f) equal")
        }
    }

    @Test("Injected errors never change the clinical data of the patients without one")
    func errorsLeaveOtherPatientsAlone() throws {
        let clean = try SynthFixture.cohort { SynthOptions(patients: 30, sites: 1, seed: 4, outDirectory: $0) }
        let dirty = try SynthFixture.cohort {
            SynthOptions(patients: 30, sites: 1, seed: 4, errorRate: 0.2, outDirectory: $0)
        }
        let injected = Set(try SynthFixture.table(dirty + "/expected/injected.csv").compactMap { $0["patient_id"] })
        let a = try SynthFixture.table(clean + "/therapies.csv").filter { !injected.contains($0["patient_id"] ?? "") }
        let b = try SynthFixture.table(dirty + "/therapies.csv").filter { !injected.contains($0["patient_id"] ?? "") }
        #expect(!a.isEmpty)
        #expect(a == b)
    }

    @Test("The PRNG is xoshiro256** from SplitMix64: fixed first outputs for a fixed seed")
    func prngIsStable() {
        var r1 = SynthRandom(seed: 42), r2 = SynthRandom(seed: 42), r3 = SynthRandom(seed: 43)
        let a = (0..<5).map { _ in r1.next() }, b = (0..<5).map { _ in r2.next() }, c = (0..<5).map { _ in r3.next() }
        #expect(a == b)
        #expect(a != c)
        var u = SynthRandom(seed: 7)
        for _ in 0..<1000 {
            let x = u.uniform()
            #expect(x >= 0 && x < 1)
            let k = u.int(3...5)
            #expect((3...5).contains(k))
        }
    }

    @Test("Bad options are refused with a sentence saying what to type", arguments: [
        (0, 1, 0.0), (5, 6, 0.0), (10, 2, 1.5), (10, 2, -0.1),
    ])
    func badOptions(_ patients: Int, _ sites: Int, _ rate: Double) {
        #expect(throws: SynthError.self) {
            try CohortGenerator().generate(SynthOptions(patients: patients, sites: sites, errorRate: rate,
                                                        outDirectory: NSTemporaryDirectory() + "mmpipe-never"))
        }
    }
}
