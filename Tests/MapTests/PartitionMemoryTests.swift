import Foundation
import MMModel
import Testing
@testable import MMMap

/// What the partitions hold as the cohort grows (SPEC 8: memory flat in the number of patients
/// for input grouped by patient): the patients `PartitionWriter` remembers to avoid routing them
/// again (an HMAC each), and the chunks `PartitionStore` still holds once reading is done.
@Suite("Partitions: memory flat in the number of patients")
struct PartitionMemoryTests {
    final class Counter: @unchecked Sendable { var routed = 0 }

    /// Writes `rows` (one lab row per patient index, in that order) through one writer; returns
    /// how many times a patient was routed and the most patients remembered at once.
    static func write(_ rows: [Int], partitions: Int = 97) -> (routed: Int, mostRemembered: Int) {
        let store = PartitionStore(budget: 1 << 30, spillDirectory: FileManager.default.temporaryDirectory.path)
        let counter = Counter()
        var writer = PartitionWriter(store: store, file: 0, route: { key in
            counter.routed += 1
            return Int(key.patientID.dropFirst())! % partitions
        })
        var most = 0
        for start in stride(from: 0, to: rows.count, by: 4096) {
            var batch = RecordBatch()
            for (i, patient) in rows[start..<min(start + 4096, rows.count)].enumerated() {
                batch.labs.append(LabResult(key: PatientKey(site: "S01", patientID: "P\(patient)"), date: Day(rawValue: 19_000),
                                            test: .spepM, value: .number(Double(start + i)),
                                            provenance: Provenance(file: "labs.csv", line: start + i + 2)))
            }
            writer.add(&batch)
            most = max(most, writer.rememberedPatients)
        }
        writer.flushAll()
        return (counter.routed, most)
    }

    @Test("Grouped input: each patient routed once, at most knownMinimum remembered")
    func grouped() {
        let patients = 3 * PartitionWriter.knownMinimum
        let rows = (0..<patients).flatMap { [$0, $0, $0] }
        let run = Self.write(rows)
        #expect(run.routed == patients)
        #expect(run.mostRemembered <= PartitionWriter.knownMinimum)
    }

    @Test("Shuffled input: the remembered patients grow, so each patient is still routed once")
    func shuffled() {
        let patients = PartitionWriter.knownMinimum + 4000
        var rows = (0..<patients).flatMap { [$0, $0, $0] }
        var state: UInt64 = 13
        for i in stride(from: rows.count - 1, to: 0, by: -1) {  // a fixed Fisher-Yates shuffle
            state = state &* 6364136223846793005 &+ 1442695040888963407
            rows.swapAt(i, Int(state >> 33) % (i + 1))
        }
        let run = Self.write(rows)
        #expect(run.routed == patients)
        #expect(run.mostRemembered == patients)
    }

    @Test("Chunks held at the end of reading are spilled once the store has spilled; records unchanged")
    func remainderSpilled() throws {
        let dir = FileManager.default.temporaryDirectory.path
        func fill(_ store: PartitionStore) {
            var writer = PartitionWriter(store: store, file: 0, route: { Int($0.patientID.dropFirst())! % 5 })
            for patient in 0..<40 {
                var b = PartitionTests.batch(PatientKey(site: "S01", patientID: "P\(patient)"), lines: 10 * patient..<10 * patient + 9)
                writer.add(&b)
            }
            writer.flushAll()
        }
        let kept = PartitionStore(budget: 1 << 30, spillDirectory: dir)
        let spilled = PartitionStore(budget: 8 << 10, spillDirectory: dir)
        fill(kept)
        fill(spilled)
        #expect(spilled.spilledBytes > 0 && spilled.heldBytes > 0)
        spilled.spillRemainder()
        #expect(spilled.heldBytes == 0)
        // A store that never spilled (a small upload) keeps its chunks in memory.
        let held = kept.heldBytes
        kept.spillRemainder()
        #expect(kept.spilledBytes == 0 && kept.heldBytes == held && held > 0)
        for p in 0..<5 {
            var a = RecordBatch(), b = RecordBatch()
            kept.take(p, into: &a)
            spilled.take(p, into: &b)
            #expect(a.labs.count == 8 * 10 && PartitionTests.same(a, b), "partition \(p)")
        }
    }
}
