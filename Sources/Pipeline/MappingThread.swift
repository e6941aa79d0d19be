import Foundation
import MMIngest
import MMMap
import MMModel

/// Rows of one table (one header) packed back to back for the mapping thread: one byte buffer
/// and one array of field ends for the whole chunk, so that handing a row over allocates
/// nothing per row (SPEC 8; docs/performance.md, "Reading on both cores").
struct RowChunk: Sendable {
    /// Rows per chunk: the size of the batches the reader drains into the partitions.
    static let rows = 4096

    let mapper: TableMapper
    /// The chunk's first row with its fields emptied: table, header and file of every row.
    private let template: RawRow
    private var bytes: [UInt8] = []
    /// End offset of every field in `bytes`, row after row.
    private var ends: [Int32] = []
    /// Index in `ends` past each row's last field.
    private var rowEnds: [Int] = []
    private var lines: [Int] = []

    init(mapper: TableMapper, first row: RawRow) {
        self.mapper = mapper
        var template = row
        template.bytes = []
        template.ends = []
        self.template = template
        bytes.reserveCapacity(Self.rows * 64)
        ends.reserveCapacity(Self.rows * 12)
        rowEnds.reserveCapacity(Self.rows)
        lines.reserveCapacity(Self.rows)
    }

    var count: Int { lines.count }

    /// Whether `row` belongs with this chunk's rows (same header object, table and file).
    func holds(_ row: RawRow) -> Bool {
        row.header === template.header && row.table == template.table && row.provenance.file == template.provenance.file
    }

    mutating func append(_ row: RawRow) {
        let base = Int32(truncatingIfNeeded: bytes.count)
        bytes.append(contentsOf: row.bytes)
        for end in row.ends { ends.append(base + end) }
        rowEnds.append(ends.count)
        lines.append(row.provenance.line)
    }

    /// Calls `body` with each row as the reader gave it (bytes, field ends, provenance), in order.
    func forEach(_ body: (RawRow) -> Void) {
        var row = template
        var firstField = 0
        for i in lines.indices {
            let lastField = rowEnds[i]
            let start = firstField == 0 ? 0 : Int(ends[firstField - 1])
            let end = lastField == firstField ? start : Int(ends[lastField - 1])
            row.bytes.removeAll(keepingCapacity: true)
            row.bytes.append(contentsOf: bytes[start..<end])
            row.ends.removeAll(keepingCapacity: true)
            let offset = Int32(truncatingIfNeeded: start)
            for e in ends[firstField..<lastField] { row.ends.append(e - offset) }
            row.provenance.line = lines[i]
            body(row)
            firstField = lastField
        }
    }

    /// Maps every row (SPEC 2, map): the records and the log they give, as if mapped one after
    /// the other on the reader's thread.
    func map() -> (batch: RecordBatch, log: StageLog) {
        var batch = RecordBatch()
        var log = StageLog()
        forEach { mapper.map($0, into: &batch, log: &log) }
        return (batch, log)
    }
}

/// Maps a file's chunks of rows on a thread of its own while the file's reader goes on parsing,
/// so that one large table is read on two cores (SPEC 8: both cores busy; issue 13). Chunks are
/// mapped in the order they are handed over and given back in that order: merged in order,
/// their records, findings, audit entries and tallies are those of mapping every row on the
/// reader's thread. At most `limit` chunks are in flight (bounded memory).
final class MappingThread: @unchecked Sendable {
    // Guarded by `condition`.
    private let condition = NSCondition()
    private var queued: [RowChunk] = []
    private var mapped: [(batch: RecordBatch, log: StageLog)] = []
    private var inFlight = 0
    private var closed = false
    let limit: Int

    init(limit: Int = 3) {
        self.limit = limit
        Thread.detachNewThread { [self] in work() }
    }

    private func work() {
        while true {
            condition.lock()
            while queued.isEmpty && !closed { condition.wait() }
            if queued.isEmpty {
                condition.unlock()
                return
            }
            let chunk = queued.removeFirst()
            condition.unlock()
            let result = chunk.map()
            condition.lock()
            mapped.append(result)
            condition.broadcast()
            condition.unlock()
        }
    }

    /// Hands a chunk over, then returns the chunks mapped so far, in order; waits for the
    /// oldest when `limit` chunks are in flight.
    func submit(_ chunk: RowChunk) -> [(batch: RecordBatch, log: StageLog)] {
        condition.lock()
        defer { condition.unlock() }
        queued.append(chunk)
        inFlight += 1
        condition.broadcast()
        while inFlight >= limit && mapped.isEmpty { condition.wait() }
        return takeMapped()
    }

    /// Waits for every chunk handed over: the rest of the results, in order.
    func drain() -> [(batch: RecordBatch, log: StageLog)] {
        condition.lock()
        defer { condition.unlock() }
        var results: [(batch: RecordBatch, log: StageLog)] = []
        while inFlight > 0 {
            while mapped.isEmpty { condition.wait() }
            results += takeMapped()
        }
        return results
    }

    /// Ends the thread once nothing is queued (call after `drain`).
    func close() {
        condition.lock()
        closed = true
        condition.broadcast()
        condition.unlock()
    }

    /// Call with `condition` held.
    private func takeMapped() -> [(batch: RecordBatch, log: StageLog)] {
        let results = mapped
        mapped.removeAll()
        inFlight -= results.count
        return results
    }
}
