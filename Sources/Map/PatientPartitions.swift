import Foundation
import MMModel

/// Canonical records partitioned by patient for a streaming run (SPEC 2 and 8: the unit of
/// work is the patient). Every file's reader hands its mapped records, in the compact byte form
/// of `RecordCodec`, to the partition of their patient; a partition is held in memory while the
/// store is under its budget, and the oldest chunks are spilled to one temporary file when it is
/// not (a labs file sorted by date, tables from separate exports: nothing depends on the input
/// being grouped). `take` gives a partition's records back in the order of a whole-cohort read:
/// files in command-line order, rows in file order.
public final class PartitionStore: @unchecked Sendable {
    // Guarded by `lock`: every file task adds chunks; the partition's worker takes them.
    private struct Chunk {
        var file: Int
        var seq: Int
        var bytes: [UInt8]
        var spilled: (offset: Int, count: Int)?
    }

    private let lock = NSLock()
    private var chunks: [[Chunk]] = []
    private var sizes: [Int] = []
    /// Partition and chunk index of every chunk held in memory, oldest first.
    private var resident: [(partition: Int, chunk: Int)] = []
    private var residentStart = 0
    private var held = 0
    private let budget: Int
    private let spillDirectory: String
    private var spill: SpillFile?
    private var spillFailed = false
    /// Bytes written to the spill file (for the benchmark's progress lines).
    public private(set) var spilledBytes = 0

    /// `budget`: bytes of encoded records held in memory before spilling; `spillDirectory`:
    /// where the temporary file goes.
    public init(budget: Int, spillDirectory: String) {
        self.budget = budget
        self.spillDirectory = spillDirectory
    }

    /// Encoded bytes of a partition (held or spilled).
    public func size(of partition: Int) -> Int {
        lock.withLock { partition < sizes.count ? sizes[partition] : 0 }
    }

    /// Adds a chunk of `partition` from `file` (its `seq`-th chunk for that partition).
    public func add(partition: Int, file: Int, seq: Int, bytes: [UInt8]) {
        lock.withLock {
            while chunks.count <= partition {
                chunks.append([])
                sizes.append(0)
            }
            chunks[partition].append(Chunk(file: file, seq: seq, bytes: bytes))
            sizes[partition] += bytes.count
            resident.append((partition, chunks[partition].count - 1))
            held += bytes.count
            if held > budget { spillOldest() }
        }
    }

    /// Writes the oldest resident chunks to the spill file until half the budget is held. When
    /// the disk refuses (full), the chunks stay in memory: the run goes on, only larger.
    private func spillOldest() {
        guard !spillFailed else { return }
        if spill == nil { spill = SpillFile(directory: spillDirectory) }
        guard let spill else { spillFailed = true; return }
        while held > budget / 2, residentStart < resident.count {
            let (p, c) = resident[residentStart]
            residentStart += 1
            guard c < chunks[p].count, chunks[p][c].spilled == nil, !chunks[p][c].bytes.isEmpty else { continue }
            let bytes = chunks[p][c].bytes
            guard let offset = spill.append(bytes) else { spillFailed = true; return }
            chunks[p][c].spilled = (offset, bytes.count)
            chunks[p][c].bytes = []
            held -= bytes.count
            spilledBytes += bytes.count
        }
        if residentStart > 4096, residentStart * 2 > resident.count {
            resident.removeFirst(residentStart)
            residentStart = 0
        }
    }

    /// Appends the records of `partition` to `batch` (files in order, rows in file order) and
    /// frees them. Exact copies of a row are not decoded: `batch.copies` lists them per patient
    /// (`CopyFinder`; a long list is spilled beside the partitions).
    public func take(_ partition: Int, into batch: inout RecordBatch) {
        let taken: [Chunk] = lock.withLock {
            guard partition < chunks.count else { return [] }
            let list = chunks[partition]
            chunks[partition] = []
            for chunk in list where chunk.spilled == nil { held -= chunk.bytes.count }
            return list
        }
        var buffer: [UInt8] = []
        var copies = CopyFinder(spillDirectory: spillDirectory)
        for chunk in taken.sorted(by: { ($0.file, $0.seq) < ($1.file, $1.seq) }) {
            if let (offset, count) = chunk.spilled {
                let ok = lock.withLock { spill!.read(offset: offset, count: count, into: &buffer) }
                precondition(ok, "mmpipe: the temporary partition file could not be read back")
                buffer.withUnsafeBytes { RecordCodec.decode($0, into: &batch, copies: &copies) }
            } else {
                chunk.bytes.withUnsafeBytes { RecordCodec.decode($0, into: &batch, copies: &copies) }
            }
        }
        copies.finish(into: &batch)
    }
}

/// One file's side of a `PartitionStore`: routes each mapped record to its patient's partition,
/// encoding it into a per-partition buffer handed to the store once it is large enough.
/// Owned by the task reading that file.
public struct PartitionWriter {
    let store: PartitionStore
    let file: Int
    /// The partition of a patient (the caller's choice: `PipelineRunner` orders them by `USUBJID`).
    let route: (PatientKey) -> Int
    /// Per partition (indexed by its number): the bytes not yet handed over, and how many chunks were.
    private var buffers: [ByteWriter] = []
    private var seqs: [Int] = []
    /// Partitions with bytes in `buffers`.
    private var filled: [Int] = []
    private var pending = 0
    private var last: (key: PatientKey, partition: Int)?
    private var known: [PatientKey: Int] = [:]

    /// A partition's buffer is handed over at this size; every buffer when all hold this much
    /// together (a shuffled file touches every partition at once).
    static let chunkBytes = 32 << 10
    static let pendingBytes = 2 << 20

    public init(store: PartitionStore, file: Int, route: @escaping (PatientKey) -> Int) {
        self.store = store
        self.file = file
        self.route = route
    }

    private mutating func partition(_ key: PatientKey) -> Int {
        if let last, last.key == key { return last.partition }
        let p: Int
        if let known = known[key] {
            p = known
        } else {
            p = route(key)
            if known.count >= 1 << 18 { known.removeAll(keepingCapacity: true) }
            known[key] = p
        }
        last = (key, p)
        return p
    }

    /// Routes and encodes every record of `batch`, then empties it.
    public mutating func add(_ batch: inout RecordBatch) {
        for r in batch.patients { let p = partition(r.key); write(p) { $0.patient(r) } }
        for r in batch.labs { let p = partition(r.key); write(p) { $0.lab(r) } }
        for r in batch.cytogenetics { let p = partition(r.key); write(p) { $0.cytogenetics(r) } }
        for r in batch.therapies { let p = partition(r.key); write(p) { $0.therapy(r) } }
        for r in batch.assessments { let p = partition(r.key); write(p) { $0.assessment(r) } }
        for r in batch.adverseEvents { let p = partition(r.key); write(p) { $0.adverseEvent(r) } }
        batch.removeAll()
        if pending >= Self.pendingBytes { flushAll() }
    }

    private mutating func write(_ p: Int, _ encode: (inout ByteWriter) -> Void) {
        while buffers.count <= p {
            buffers.append(ByteWriter())
            seqs.append(0)
        }
        let before = buffers[p].bytes.count
        if before == 0 { filled.append(p) }
        encode(&buffers[p])
        let after = buffers[p].bytes.count
        pending += after - before
        if after >= Self.chunkBytes { flush(p) }
    }

    private mutating func flush(_ p: Int) {
        guard p < buffers.count, !buffers[p].bytes.isEmpty else { return }
        // An exact copy: the buffer grew by doubling, and the store counts what it holds.
        let bytes = buffers[p].bytes.withUnsafeBufferPointer { Array($0) }
        buffers[p] = ByteWriter()
        pending -= bytes.count
        store.add(partition: p, file: file, seq: seqs[p], bytes: bytes)
        seqs[p] += 1
    }

    /// Hands every buffer to the store (at the end of the file).
    public mutating func flushAll() {
        for p in filled { flush(p) }
        filled.removeAll(keepingCapacity: true)
    }
}
