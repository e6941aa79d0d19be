import Dispatch
import MMModel

/// Audit lines pre-formatted on every core (SPEC 7, performance: SPEC 8). Only the hash chain
/// is sequential; everything else of a line (redaction, pseudonym, JSON escaping, `seq`) is
/// known before it, so blocks of entries are formatted in parallel and then chained in order by
/// `AuditLog.appendFormatted`, one block window at a time (memory stays bounded).
struct AuditFormatter: Sendable {
    /// One run of entries: a slice of the run's entries (run-level ones, then each patient's in
    /// `USUBJID` order, as the pipeline lists them).
    typealias Segment = Range<Int>

    /// A block's lines without the chain fields: for line `i`, `bytes[starts[i]..<cuts[i]]` is
    /// `{"action":…,"field":"…"` and `bytes[cuts[i]..<starts[i+1]]` is `,"rule":…,"usubjid":"…"}`.
    struct Block: Sendable {
        var bytes: [UInt8] = []
        var starts: [Int] = []
        var cuts: [Int] = []
        /// The patients the entries name, in order (each once per run of his entries: the
        /// `--key-map` file's).
        var keys: [PatientKey] = []
    }

    let entries: [AuditEntry]
    let pseudonyms: Pseudonymizer
    let time: String

    /// Entries per segment.
    static let segmentLength = 4096

    var segments: [Segment] {
        stride(from: 0, to: entries.count, by: Self.segmentLength).map { $0..<min($0 + Self.segmentLength, entries.count) }
    }

    /// Formats `segments` in parallel; `firstSeq[i]` is the `seq` of segment `i`'s first line.
    func format(_ segments: [Segment], firstSeq: [Int]) -> [Block] {
        let slots = BlockSlots(count: segments.count)
        DispatchQueue.concurrentPerform(iterations: segments.count) { i in
            slots.set(i, format(segments[i], firstSeq: firstSeq[i]))
        }
        return slots.values
    }

    private func format(_ segment: Segment, firstSeq: Int) -> Block {
        var block = Block()
        var seq = firstSeq
        // A patient's entries follow each other: his USUBJID is computed once per run of them.
        var last: (key: PatientKey, usubjid: String)?
        func add(_ e: AuditEntry) {
            var usubjid = ""
            if let key = e.key {
                if let last, last.key == key {
                    usubjid = last.usubjid
                } else {
                    usubjid = pseudonyms.usubjid(key)
                    last = (key, usubjid)
                    block.keys.append(key)
                }
            }
            Self.write(e, usubjid: usubjid, seq: seq, time: time, into: &block)
            seq += 1
        }
        for e in entries[segment] { add(e) }
        return block
    }

    /// The line's keys in canonical order, around the chain fields `hash` and `prev`; a tallied
    /// line (a rule applied to many rows) also has `count` and `source_last`.
    static func write(_ e: AuditEntry, usubjid: String, seq: Int, time: String, into b: inout Block) {
        b.starts.append(b.bytes.count)
        b.bytes.append(contentsOf: #"{"action":"#.utf8)
        JSONValue.writeString(e.action.rawValue, into: &b.bytes)
        b.bytes.append(contentsOf: #","after":"#.utf8)
        JSONValue.writeString(Redaction.auditText(e.after, field: e.field, patientID: e.key?.patientID), into: &b.bytes)
        b.bytes.append(contentsOf: #","before":"#.utf8)
        JSONValue.writeString(Redaction.auditText(e.before, field: e.field, patientID: e.key?.patientID), into: &b.bytes)
        if let count = e.count {
            b.bytes.append(contentsOf: #","count":"#.utf8)
            b.bytes.append(contentsOf: String(count).utf8)
        }
        b.bytes.append(contentsOf: #","field":"#.utf8)
        JSONValue.writeString(e.field, into: &b.bytes)
        b.cuts.append(b.bytes.count)
        b.bytes.append(contentsOf: #","rule":"#.utf8)
        JSONValue.writeString(e.rule?.text ?? "", into: &b.bytes)
        b.bytes.append(contentsOf: #","seq":"#.utf8)
        b.bytes.append(contentsOf: String(seq).utf8)
        b.bytes.append(contentsOf: #","source":"#.utf8)
        JSONValue.writeString(Redaction.auditSource(e.source, patientID: e.key?.patientID), into: &b.bytes)
        if let last = e.lastSource {
            b.bytes.append(contentsOf: #","source_last":"#.utf8)
            JSONValue.writeString(Redaction.auditSource(last, patientID: e.key?.patientID), into: &b.bytes)
        }
        b.bytes.append(contentsOf: #","table":"#.utf8)
        JSONValue.writeString(e.table, into: &b.bytes)
        b.bytes.append(contentsOf: #","time":"#.utf8)
        JSONValue.writeString(time, into: &b.bytes)
        b.bytes.append(contentsOf: #","usubjid":"#.utf8)
        JSONValue.writeString(usubjid, into: &b.bytes)
        b.bytes.append(UInt8(ascii: "}"))
    }
}

/// Write-once slots filled from concurrent iterations, each index by exactly one writer.
private final class BlockSlots: @unchecked Sendable {
    private var storage: [AuditFormatter.Block]
    init(count: Int) { storage = Array(repeating: AuditFormatter.Block(), count: count) }
    func set(_ i: Int, _ value: AuditFormatter.Block) {
        storage.withUnsafeMutableBufferPointer { $0[i] = value }
    }
    var values: [AuditFormatter.Block] { storage }
}
