import Foundation

/// A growable array of plain values in manually managed memory, for the per-field appends
/// of the CSV hot path: an append is a bounds check and a `memcpy`, with none of `Array`'s
/// uniqueness checks and reference counting (measured: docs/performance-readers.md). The
/// owner frees it explicitly.
struct GrowableBuffer<Element: BitwiseCopyable> {
    private(set) var base: UnsafeMutablePointer<Element>
    private(set) var count = 0
    private var capacity: Int

    init(capacity: Int) {
        self.capacity = max(capacity, 16)
        base = UnsafeMutablePointer<Element>.allocate(capacity: self.capacity)
    }

    @inline(__always)
    mutating func append(_ source: UnsafePointer<Element>, count n: Int) {
        if count + n > capacity { grow(to: count + n) }
        (base + count).update(from: source, count: n)
        count += n
    }

    @inline(__always)
    mutating func append(_ value: Element) {
        if count == capacity { grow(to: count + 1) }
        base[count] = value
        count += 1
    }

    @inline(__always)
    mutating func removeAll() { count = 0 }

    /// Appends the bytes of a raw buffer (UInt8 buffers only).
    @inline(__always)
    mutating func append(_ raw: UnsafeRawBufferPointer) where Element == UInt8 {
        guard let b = raw.baseAddress, raw.count > 0 else { return }
        append(b.assumingMemoryBound(to: UInt8.self), count: raw.count)
    }

    /// True when the contents equal `other`, compared with `memcmp`.
    func equals(_ other: [Element]) -> Bool where Element == UInt8 {
        guard other.count == count else { return false }
        if count == 0 { return true }
        return other.withUnsafeBufferPointer { o in
            guard let ob = o.baseAddress else { return false }
            return memcmp(ob, base, count) == 0
        }
    }

    var buffer: UnsafeBufferPointer<Element> { UnsafeBufferPointer(start: base, count: count) }

    /// A copy of the contents as an `Array` (one allocation).
    func array() -> [Element] { Array(buffer) }

    private mutating func grow(to needed: Int) {
        var newCapacity = capacity * 2
        while newCapacity < needed { newCapacity *= 2 }
        let newBase = UnsafeMutablePointer<Element>.allocate(capacity: newCapacity)
        newBase.update(from: base, count: count)
        base.deallocate()
        base = newBase
        capacity = newCapacity
    }

    func free() { base.deallocate() }
}
