import Dispatch
import Foundation
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

/// Write-once slots filled from concurrent iterations, each index by exactly one writer.
private final class ResultSlots<R>: @unchecked Sendable {
    private var storage: [R?]
    init(count: Int) { storage = Array(repeating: nil, count: count) }
    func set(_ i: Int, _ value: R) {
        storage.withUnsafeMutableBufferPointer { $0[i] = value }
    }
    var values: [R] { storage.map { $0! } }
}

/// Produces results for `0..<count` on `workers` threads while the calling thread consumes them
/// in index order (SPEC 8: derive on every core while emit writes what is ready). At most
/// `ahead` results wait for the consumer, so memory stays bounded. When `consume` returns false
/// the workers stop after their current item.
func orderedStream<R: Sendable>(count: Int, workers: Int, ahead: Int, produce: @escaping @Sendable (Int) -> R,
                                consume: (Int, R) -> Bool) {
    let state = StreamState<R>()
    let group = DispatchGroup()
    for _ in 0..<max(1, min(workers, count)) {
        DispatchQueue.global().async(group: group) {
            while let i = state.nextItem(count: count, ahead: ahead) {
                state.deliver(i, produce(i))
            }
        }
    }
    for i in 0..<count {
        let r = state.wait(for: i)
        if !consume(i, r) {
            state.stop()
            break
        }
    }
    group.wait()
}

/// The shared state of `orderedStream`.
private final class StreamState<R>: @unchecked Sendable {
    // Guarded by `condition`.
    private let condition = NSCondition()
    private var next = 0
    private var consumed = 0
    private var stopped = false
    private var ready: [Int: R] = [:]

    func nextItem(count: Int, ahead: Int) -> Int? {
        condition.lock()
        defer { condition.unlock() }
        while !stopped, next < count, next - consumed >= ahead { condition.wait() }
        guard !stopped, next < count else { return nil }
        next += 1
        return next - 1
    }

    func deliver(_ i: Int, _ r: R) {
        condition.lock()
        ready[i] = r
        condition.broadcast()
        condition.unlock()
    }

    func wait(for i: Int) -> R {
        condition.lock()
        defer { condition.unlock() }
        while ready[i] == nil { condition.wait() }
        consumed = i + 1
        condition.broadcast()
        return ready.removeValue(forKey: i)!
    }

    func stop() {
        condition.lock()
        stopped = true
        condition.broadcast()
        condition.unlock()
    }
}
