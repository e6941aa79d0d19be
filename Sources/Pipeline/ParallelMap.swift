import Dispatch
import MMModel

/// Maps `items` with `transform` on all cores, returning results in input order
/// (STYLE: parallelism by file or by patient, merged in a deterministic order).
func parallelMap<T: Sendable, R: Sendable>(_ items: [T], _ transform: @Sendable (T) -> R) -> [R] {
    if items.count <= 1 { return items.map(transform) }
    let slots = ResultSlots<R>(count: items.count)
    DispatchQueue.concurrentPerform(iterations: items.count) { i in
        slots.set(i, transform(items[i]))
    }
    return slots.values
}

/// Maps `items` in contiguous chunks (one task per chunk, a few per core) so that per-item
/// work too small to schedule alone still uses every core; order is preserved.
func parallelChunkedMap<T: Sendable, R: Sendable>(_ items: [T], chunks: Int, _ transform: @Sendable (ArraySlice<T>) -> [R]) -> [R] {
    let n = max(1, min(chunks, items.count))
    if n == 1 { return transform(items[...]) }
    let size = (items.count + n - 1) / n
    let ranges = stride(from: 0, to: items.count, by: size).map { $0..<min($0 + size, items.count) }
    let parts = parallelMap(ranges) { transform(items[$0]) }
    return parts.flatMap { $0 }
}

/// Write-once slots filled from concurrent iterations, each index by exactly one writer.
private final class ResultSlots<R>: @unchecked Sendable {
    private var storage: [R?]
    init(count: Int) { storage = Array(repeating: nil, count: count) }
    func set(_ i: Int, _ value: R) {
        storage.withUnsafeMutableBufferPointer { $0[i] = value }
    }
    var values: [R] { storage.map { $0! } }
}

/// A contiguous run of patient records handed to exactly one task, which takes them out so
/// that they are freed as soon as that task is done with them (SPEC 8: bounded memory).
final class RecordChunk: @unchecked Sendable {
    // Touched by one task only: `take()` is called once, by the task the chunk was given to.
    private var records: [PatientRecord]

    init(_ records: [PatientRecord]) { self.records = records }

    /// The records, leaving the chunk empty.
    func take() -> [PatientRecord] {
        defer { records = [] }
        return records
    }

    /// `records` in at most `count` contiguous chunks, in order.
    static func split(_ records: [PatientRecord], into count: Int) -> [RecordChunk] {
        let n = max(1, min(count, records.count))
        let size = (records.count + n - 1) / n
        return stride(from: 0, to: records.count, by: max(1, size)).map {
            RecordChunk(Array(records[$0..<min($0 + size, records.count)]))
        }
    }
}
