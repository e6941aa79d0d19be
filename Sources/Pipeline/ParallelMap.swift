import Dispatch

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
