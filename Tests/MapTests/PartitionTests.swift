import Foundation
import MMModel
import Testing
@testable import MMMap

/// The compact byte form of canonical records and the patient partitions of a streaming run
/// (SPEC 8): what goes in comes back out, equal and in order, whether held or spilled.
@Suite("Record codec and patient partitions (SPEC 8)")
struct PartitionTests {
    static func provenance(_ line: Int, xml: String? = nil) -> Provenance {
        Provenance(file: "labs.csv", line: line, xmlPath: xml)
    }

    /// Every record kind with every optional set and unset, odd values included.
    static func batch(_ key: PatientKey, lines: Range<Int>) -> RecordBatch {
        var b = RecordBatch()
        var p = Patient(key: key, sex: .female, birthDate: Day(iso: "1950-01-31"), diagnosisDate: nil, heavyChain: .igA,
                        lightChain: .lambda, ecog: 0, weightKg: 61.25, heightCm: nil, deathDate: Day(rawValue: -40_000),
                        lastContactDate: Day(iso: "2024-02-29"), provenance: provenance(lines.lowerBound, xml: "SubjectData[@SubjectKey='*']"))
        p.reportedISS = "II"
        p.extramedullary = true
        b.patients.append(p)
        for line in lines {
            b.labs.append(LabResult(key: key, date: Day(rawValue: Int32(19_000 + line)), test: .spepM,
                                    value: line % 2 == 0 ? .number(Double(line) / 7) : .belowDetection(0.1),
                                    lln: line % 3 == 0 ? nil : -1.5, uln: .infinity, mrdSensitivity: line % 5 == 0 ? "1e-5" : nil,
                                    excludedFromDerivation: line % 4 == 0, provenance: provenance(line)))
        }
        b.labs.append(LabResult(key: key, date: Day(rawValue: 0), test: .mrd, value: .negative, provenance: provenance(1 << 40)))
        b.cytogenetics.append(CytogeneticResult(key: key, date: Day(rawValue: 1), abnormality: .del17p, result: .detected,
                                                method: nil, provenance: provenance(3)))
        var therapy = TherapyExposure(key: key, drug: "lenalidomide ü", classes: [.imid, .steroid], regimenLabel: "VRd",
                                      start: Day(rawValue: 18_000), end: nil, stopReason: .progression, setting: nil,
                                      cycles: 4.5, siteLine: -2, provenance: provenance(4))
        therapy.endNotUsable = true
        b.therapies.append(therapy)
        b.assessments.append(Assessment(key: key, date: Day(rawValue: 18_100), response: .vgpr, progressionType: nil,
                                        newLesion: true, plasmacytoma: false, crab: [.anaemia, .bone], provenance: provenance(5)))
        b.adverseEvents.append(AdverseEvent(key: key, term: "", grade: nil, onsetDate: Day(rawValue: 18_200), endDate: nil,
                                            serious: nil, related: .unknown, provenance: provenance(6)))
        return b
    }

    static func same(_ a: RecordBatch, _ b: RecordBatch) -> Bool {
        a.patients == b.patients && a.labs == b.labs && a.cytogenetics == b.cytogenetics && a.therapies == b.therapies
            && a.assessments == b.assessments && a.adverseEvents == b.adverseEvents
    }

    /// Every copy's table, patient, row copied (its index) and own provenance, in order.
    static func copies(_ b: RecordBatch) -> [String] {
        func list<Row>(_ table: String, _ key: PatientKey, _ c: CopyList<Row>) -> [String] {
            var out: [String] = []
            c.forEach { out.append("\(table) \(key) \($0.original) \($0.provenance.source) \($0.position)") }
            return out
        }
        return b.copies.keys.sorted().flatMap { key -> [String] in
            let c = b.copies[key]!
            return list("labs", key, c.labs) + list("cyto", key, c.cytogenetics) + list("therapies", key, c.therapies)
                + list("assessments", key, c.assessments) + list("ae", key, c.adverseEvents)
        }
    }

    @Test("Every record kind survives encoding and decoding unchanged")
    func roundTrip() {
        let original = Self.batch(PatientKey(site: "S-01", patientID: "P 7"), lines: 2..<40)
        var bytes: [UInt8] = []
        RecordCodec.encode(original, into: &bytes)
        var decoded = RecordBatch()
        var copies = CopyFinder(spillDirectory: nil)
        bytes.withUnsafeBytes { RecordCodec.decode($0, into: &decoded, copies: &copies) }
        copies.finish(into: &decoded)
        #expect(Self.same(original, decoded))
        #expect(decoded.copies.isEmpty)
        #expect(bytes.count < original.labs.count * 60, "compact: \(bytes.count) bytes")
    }

    /// A record's content is length-prefixed (one byte below 128): a long value takes more.
    @Test("Records with long values survive encoding and decoding unchanged")
    func roundTripLongValues() {
        var original = Self.batch(PatientKey(site: "S", patientID: "P"), lines: 2..<4)
        for n in [100, 127, 128, 300, 20_000] {
            original.adverseEvents.append(AdverseEvent(key: original.adverseEvents[0].key, term: String(repeating: "é", count: n),
                                                       grade: 3, onsetDate: nil, endDate: nil, serious: true,
                                                       related: nil, provenance: Self.provenance(n)))
        }
        let decoded = RecordCodec.foldingCopies(original)
        #expect(Self.same(original, decoded))
        #expect(decoded.copies.isEmpty)
    }

    /// A field added to a record type must be added to `RecordCodec` too, or a streaming run
    /// silently loses it: the count of stored properties is pinned here.
    @Test("The codec knows every stored field of every record type")
    func everyFieldIsEncoded() {
        let b = Self.batch(PatientKey(site: "S", patientID: "P"), lines: 2..<3)
        #expect(Mirror(reflecting: b.patients[0]).children.count == 15)
        #expect(Mirror(reflecting: b.labs[0]).children.count == 9)
        #expect(Mirror(reflecting: b.cytogenetics[0]).children.count == 6)
        #expect(Mirror(reflecting: b.therapies[0]).children.count == 12)
        #expect(Mirror(reflecting: b.assessments[0]).children.count == 8)
        #expect(Mirror(reflecting: b.adverseEvents[0]).children.count == 8)
    }

    @Test("A partition gives back its rows in file order then row order, held or spilled")
    func partitionsKeepOrder() throws {
        let dir = FileManager.default.temporaryDirectory.path
        for budget in [1 << 30, 256] {
            let store = PartitionStore(budget: budget, spillDirectory: dir)
            let keys = (0..<5).map { PatientKey(site: "S01", patientID: "P\($0)") }
            // Two files, written by interleaved writers (as two reading tasks would).
            var writers = (0..<2).map { file in
                PartitionWriter(store: store, file: file, route: { Int($0.patientID.dropFirst())! % 3 })
            }
            var expected = [RecordBatch](repeating: RecordBatch(), count: 3)
            for round in 0..<4 {
                for file in [1, 0] {
                    for key in keys {
                        let start = 1000 * file + 100 * round + 10 * Int(key.patientID.dropFirst())!
                        var b = Self.batch(key, lines: start..<start + 3)
                        writers[file].add(&b)
                        #expect(b.count == 0)
                    }
                }
            }
            for file in 0..<2 { writers[file].flushAll() }
            // Expected: per partition, file 0's rows (in order) then file 1's.
            for file in 0..<2 {
                for round in 0..<4 {
                    for key in keys {
                        let start = 1000 * file + 100 * round + 10 * Int(key.patientID.dropFirst())!
                        expected[Int(key.patientID.dropFirst())! % 3].append(Self.batch(key, lines: start..<start + 3))
                    }
                }
            }
            for p in 0..<3 {
                var got = RecordBatch()
                store.take(p, into: &got)
                // As read from one buffer: each table in order, the rows repeated across batches
                // (the same values at the same line) set aside as copies.
                let read = RecordCodec.foldingCopies(expected[p])
                #expect(Self.same(got, read), "partition \(p), budget \(budget)")
                #expect(Self.copies(got) == Self.copies(read) && !read.copies.isEmpty)
                for (key, c) in read.copies {
                    let g = got.copies[key]
                    #expect(g?.labs.originals == c.labs.originals && g?.cytogenetics.originals == c.cytogenetics.originals
                        && g?.therapies.originals == c.therapies.originals && g?.assessments.originals == c.assessments.originals
                        && g?.adverseEvents.originals == c.adverseEvents.originals)
                }
            }
            if budget == 256 { #expect(store.spilledBytes > 0) }
        }
    }

    /// Exact copies are set aside as a partition is read; a patient without a patients row is
    /// then rejected row by row (SCH-010) exactly as if nothing had been set aside — copies in
    /// their place among his rows — while a patient with one keeps his copies listed.
    @Test("Copies of a patient without a patients row are rejected in their place, row by row")
    func orphanCopiesAreRejectedInPlace() {
        let kept = PatientKey(site: "S01", patientID: "P1"), orphan = PatientKey(site: "S01", patientID: "P2")
        var batch = RecordBatch()
        batch.patients.append(Patient(key: kept, provenance: Provenance(file: "patients.csv", line: 2)))
        func lab(_ key: PatientKey, _ line: Int, _ value: Double) -> LabResult {
            LabResult(key: key, date: Day(rawValue: 19_000), test: .hgb, value: .number(value), provenance: Self.provenance(line))
        }
        func therapy(_ key: PatientKey, _ drug: String, _ line: Int) -> TherapyExposure {
            TherapyExposure(key: key, drug: drug, classes: [.imid], regimenLabel: "Rd", start: Day(rawValue: 18_000), end: nil,
                            stopReason: nil, setting: nil, cycles: nil, siteLine: nil,
                            provenance: Provenance(file: "therapies.csv", line: line))
        }
        for (line, key, value) in [(2, orphan, 10.0), (3, kept, 10.0), (4, orphan, 10.0), (5, orphan, 11.0), (6, kept, 10.0),
                                   (7, orphan, 10.0), (8, orphan, 11.0), (9, orphan, 12.0)] {
            batch.labs.append(lab(key, line, value))
        }
        for line in [2, 3, 4] {
            batch.therapies += [therapy(orphan, "lenalidomide", line), therapy(orphan, "dexamethasone", line)]
        }
        let read = RecordCodec.foldingCopies(batch)
        #expect(read.labs.map(\.provenance.line) == [2, 3, 5, 9])
        #expect(read.therapies.map(\.provenance.line) == [2, 2])
        #expect(read.copies[kept]?.labs.count == 1 && read.copies[orphan]?.labs.count == 3)

        var expected = StageLog(), got = StageLog()
        let reference = RecordStore.group(batch, log: &expected)
        let records = RecordStore.group(read, log: &got)
        #expect(got.findings == expected.findings)
        #expect(got.audit == expected.audit)
        #expect(got.rejectedRows == expected.rejectedRows && got.rejectedRows == ["labs": 6, "therapies": 3])
        #expect(records.map(\.key) == [kept] && reference.map(\.key) == [kept])
        #expect(records[0].labs.map(\.provenance.line) == [3])
        #expect(records[0].copies?.labs.originals.map(\.provenance.line) == [3])
    }
}
