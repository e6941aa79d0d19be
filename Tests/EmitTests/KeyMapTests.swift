import Foundation
import Testing
import MMModel
@testable import MMEmit

/// Emit keeps nothing per patient (SPEC 8: memory flat in the number of patients): `USUBJID`s
/// come from a bounded cache, the `--key-map` patients from a spilling sorted store. What must
/// not change: every pseudonym, the key map's rows and order, the patient counts.
@Suite("Per-patient memory of Emit (SPEC 7 key map, SPEC 8)")
struct KeyMapTests {
    static let pseudonyms = Pseudonymizer(studyID: "ISAPD", key: Fixture.key)

    /// 3 sites × `count` patients, in a scrambled but fixed order.
    static func keys(_ count: Int) -> [PatientKey] {
        var keys: [PatientKey] = []
        for i in 0..<count {
            for site in ["S02", "S10", "S01"] { keys.append(PatientKey(site: site, patientID: "P\((i * 37) % count)")) }
        }
        return keys
    }

    @Test("A cache smaller than the patients evicts and recomputes the same USUBJIDs")
    func boundedCache() {
        var cache = PseudonymCache(Self.pseudonyms, capacity: 5)
        let keys = Self.keys(40)
        for _ in 0..<3 {
            for k in keys {
                #expect(cache.usubjid(k) == Self.pseudonyms.usubjid(k))
                #expect(cache.count <= 5)
            }
        }
        #expect(cache.usubjid(Fixture.p1) == "ISAPD-S01-d1ea23961d56")
    }

    @Test("The key store gives every key once, sorted, across spilled runs", arguments: [1, 2, 7, 1000])
    func sortedDistinct(runLength: Int) {
        let dir = Fixture.tempPath("keys")
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let store = KeyMapStore(directory: dir, runLength: runLength)
        let keys = Self.keys(50)
        // Each key named several times, some in a row (a patient's findings), some far apart.
        for k in keys + keys.reversed() { store.add(k); store.add(k) }
        var seen: [PatientKey] = []
        store.forEachSorted { seen.append($0) }
        #expect(seen == Set(keys).sorted())
        if runLength < 100 { #expect(store.spilledRuns > 0) }
    }

    @Test("Of two spellings of one ID that compare equal, the first named is kept, in memory or spilled", arguments: [1, 3, 1000])
    func firstSpellingKept(runLength: Int) {
        let dir = Fixture.tempPath("keys")
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let decomposed = PatientKey(site: "S01", patientID: "Jose\u{301}")
        let composed = PatientKey(site: "S01", patientID: "Jos\u{E9}")
        #expect(decomposed == composed)  // Swift's String equality: what grouping uses
        let store = KeyMapStore(directory: dir, runLength: runLength)
        for k in [decomposed, Fixture.p2, Fixture.p1, composed, Fixture.p3] { store.add(k) }
        var seen: [PatientKey] = []
        store.forEachSorted { seen.append($0) }
        #expect(seen.count == 4)
        #expect(seen.contains { Array($0.patientID.unicodeScalars) == Array(decomposed.patientID.unicodeScalars) })
    }

    @Test("Key map, findings and audit log identical with more patients than the cache and the key store's runs")
    func keyMapWithManyPatients() throws {
        var output = Fixture.output()
        // 60 derived patients (3 sites), findings naming 30 of them and 15 others, audit
        // entries naming 10 more: every one must reach the key map once.
        let derived = Self.keys(20)
        let base = output.derivations[0]
        output.derivations = derived.map { k in
            var d = base
            d.key = k
            d.adsl?.key = k
            d.findings = []
            return d
        }
        let named = Array(derived.prefix(30)) + (0..<15).map { PatientKey(site: "S03", patientID: "F\($0)") }
        output.findings += named.map { k in
            Finding(siteID: k.site, subjectID: k.patientID, table: .labs, location: .row(Provenance(file: "labs.csv", line: 7)),
                    field: "value", value: "x", rule: .SCH001, severity: .warning, message: "Check it.")
        }
        output.audit += (0..<10).map { i in
            AuditEntry(action: .reject, key: PatientKey(site: "S04", patientID: "A\(i)"), table: "labs",
                       source: "labs.csv:\(i + 2)", field: "patient_id", before: "", after: "", rule: "DUP-001")
        }
        func write(_ tag: String, cache: Int, runLength: Int) throws -> (out: String, keys: String) {
            let out = Fixture.tempPath(tag), keys = Fixture.tempPath(tag + "-keys") + ".csv"
            var writer = Fixture.writer(out, keyMap: keys)
            writer.usubjidCacheCapacity = cache
            writer.keyMapRunLength = runLength
            try writer.write(output)
            return (out, keys)
        }
        let small = try write("small", cache: 3, runLength: 4)
        let large = try write("large", cache: 100_000, runLength: 100_000)
        defer {
            for p in [small.out, small.keys, large.out, large.keys] { try? FileManager.default.removeItem(atPath: p) }
        }
        let map = Fixture.csv(small.keys)
        let everyone = Set(derived + named + (0..<10).map { PatientKey(site: "S04", patientID: "A\($0)") })
            .union([Fixture.p1, Fixture.p2, Fixture.p3])  // the fixture's findings and audit entries
        let expected = [["SITEID", "SUBJID", "USUBJID"]]
            + everyone.sorted().map { [$0.site, $0.patientID, Self.pseudonyms.usubjid($0)].map(CSVEncoder.neutralised) }
        #expect(map == expected)
        #expect(Fixture.read(small.keys) == Fixture.read(large.keys))
        // USUBJID is in dataset.sqlite's findings, the dataset tables and the audit log.
        for name in ["findings.csv", "dataset.sqlite", "audit.jsonl", "adsl.csv", "manifest.json"] {
            #expect(Fixture.read("\(small.out)/\(name)") == Fixture.read("\(large.out)/\(name)"), "\(name)")
        }
        let adsl = Fixture.csv("\(small.out)/adsl.csv").dropFirst().map { $0[2] }
        #expect(adsl == derived.map(Self.pseudonyms.usubjid).sorted())
        #expect(Fixture.text("\(small.out)/audit.jsonl").contains(Self.pseudonyms.usubjid(PatientKey(site: "S04", patientID: "A9"))))
    }

    @Test("The tally counts patients per site without keeping them")
    func tallyCounts() {
        let output = Fixture.output()
        let tally = output.patients
        #expect(tally.patients == 3)
        #expect(tally.only(site: "S01").patients == 2)
        #expect(tally.only(site: "S02").patients == 1)
        #expect(tally.only(site: "S09").patients == 0)
        #expect(tally.only(site: "S01").analysed == tally.sites["S01"]?.analysed)
    }
}
