import Foundation
import MMModel

/// Finds exact copies among the records of one partition as they are decoded (SPEC 5
/// `DUP-002`: a row identical to an earlier one apart from its provenance; SPEC 8: a patient
/// with millions of repeated rows must not be held row by row). A record's content — its
/// table, patient key and every value, in `RecordCodec`'s bytes — is looked up in a table of
/// the contents seen so far; a new content is decoded, a repeated one is not: only its
/// provenance is listed, against the earliest row with that content, in its patient's
/// `RowCopies`. The same patient is part of the content, so copies never cross patients.
///
/// Same bytes ⇔ same canonical values: the codec writes every field, codes by case index, sets
/// as bit masks, numbers by bit pattern and text as its UTF-8 bytes. (Values Swift's `==` calls
/// equal in other bytes — `-0` and `0`, text in another Unicode normalisation form — are not
/// copies: they are not the same row as typed.)
///
/// Hot path (every record of a run): contents in one byte arena, an open-addressing table of
/// their indices, no allocation per row.
public struct CopyFinder {
    /// Every distinct content (tag first), back to back.
    private var arena: [UInt8] = []
    private var starts: [Int] = [0]
    private var hashes: [Int] = []
    /// Per distinct content: the kept row's index in its batch table; once copied, its index in
    /// its patient's `originals` and that patient's index in `lists`.
    private var kept: [Int] = []
    private var original: [Int32] = []
    private var owner: [Int32] = []
    /// Open addressing (linear probing), content index + 1 (0: empty); a power of two.
    private var slots = [Int32](repeating: 0, count: 1024)
    private var keys: [PatientKey] = []
    private var lists: [RowCopies] = []
    private var listOf: [PatientKey: Int] = [:]
    private let spillDirectory: String?

    /// `spillDirectory`: where a patient's long list of copies is spilled (nil: held).
    public init(spillDirectory: String?) { self.spillDirectory = spillDirectory }

    /// Decodes the record at `r` (its content is `length` bytes) into `rows`, or, when it is an
    /// exact copy of an earlier record, lists it in its patient's `RowCopies` at `list`.
    mutating func take<Row: Sendable>(_ tag: RecordCodec.Tag, _ length: Int, _ r: inout ByteReader, into rows: inout [Row],
                                      _ list: WritableKeyPath<RowCopies, CopyList<Row>>,
                                      decode: (inout ByteReader) -> Row) where Row: Keyed {
        let content = UnsafeRawBufferPointer(rebasing: r.base[r.at..<r.at + length])
        let (entry, isNew) = lookup(tag.rawValue, content)
        if isNew {
            kept.append(rows.count)
            rows.append(decode(&r))
            return
        }
        r.at += length
        let provenance = r.provenance()
        if original[entry] < 0 {
            let first = rows[kept[entry]]
            let o: Int
            if let known = listOf[first.key] {
                o = known
            } else {
                o = lists.count
                listOf[first.key] = o
                keys.append(first.key)
                lists.append(RowCopies(spillDirectory: spillDirectory))
            }
            owner[entry] = Int32(o)
            original[entry] = Int32(lists[o][keyPath: list].addOriginal(first))
        }
        lists[Int(owner[entry])][keyPath: list].add(copyOf: Int(original[entry]), at: provenance, position: rows.count)
    }

    /// Hands the copies found to `batch`, per patient.
    public mutating func finish(into batch: inout RecordBatch) {
        for (i, key) in keys.enumerated() { batch.copies[key] = lists[i] }
        keys = []
        lists = []
        listOf = [:]
    }

    /// The index of `content` of table `tag`, and whether it was new (then it is added).
    private mutating func lookup(_ tag: UInt8, _ content: UnsafeRawBufferPointer) -> (Int, Bool) {
        var hasher = Hasher()
        hasher.combine(tag)
        hasher.combine(bytes: content)
        let hash = hasher.finalize()
        let mask = slots.count - 1
        var s = hash & mask
        while slots[s] != 0 {
            let e = Int(slots[s]) - 1
            if hashes[e] == hash, same(e, tag, content) { return (e, false) }
            s = (s + 1) & mask
        }
        let e = hashes.count
        hashes.append(hash)
        arena.append(tag)
        arena.append(contentsOf: content)
        starts.append(arena.count)
        original.append(-1)
        owner.append(-1)
        slots[s] = Int32(e + 1)
        if hashes.count * 2 > slots.count { grow() }
        return (e, true)
    }

    private func same(_ e: Int, _ tag: UInt8, _ content: UnsafeRawBufferPointer) -> Bool {
        let start = starts[e], end = starts[e + 1]
        guard end - start == content.count + 1, arena[start] == tag else { return false }
        return arena.withUnsafeBytes { a in
            content.isEmpty || memcmp(a.baseAddress! + start + 1, content.baseAddress!, content.count) == 0
        }
    }

    private mutating func grow() {
        slots = [Int32](repeating: 0, count: slots.count * 2)
        let mask = slots.count - 1
        for (e, hash) in hashes.enumerated() {
            var s = hash & mask
            while slots[s] != 0 { s = (s + 1) & mask }
            slots[s] = Int32(e + 1)
        }
    }
}

/// A record of a partition: it names its patient and its source row.
protocol Keyed {
    var key: PatientKey { get }
    var provenance: Provenance { get set }
}
extension LabResult: Keyed {}
extension CytogeneticResult: Keyed {}
extension TherapyExposure: Keyed {}
extension Assessment: Keyed {}
extension AdverseEvent: Keyed {}
