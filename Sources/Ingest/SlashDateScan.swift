import Foundation

/// What a file's `a/b/yyyy` values say about their format (SPEC 4.3: slash dates are never
/// guessed). One pass over the raw bytes (memory-mapped, digits and `/` only, so the encoding
/// and the quoting do not matter), before the file is mapped: a value seen at row 10,000 must
/// decide how the value at row 1 is read. Hot path: bytes, no `String`.
public struct SlashDateEvidence: Sendable {
    /// The first value whose first part is > 12 (so it cannot be `MM/DD/YYYY`), with its line.
    public var firstPartAbove12: (value: String, line: Int)?
    /// The first value whose second part is > 12 (so it cannot be `DD/MM/YYYY`), with its line.
    public var secondPartAbove12: (value: String, line: Int)?

    /// Scans the file at `path` a block at a time (SPEC 8: memory does not grow with the file —
    /// mapping a 300 MB labs file whole made it resident); nil when it cannot be read (its
    /// reader reports that). Gives what `scan(_:)` gives for the whole file.
    public static func scan(path: String, blockSize: Int = 1 << 20) -> SlashDateEvidence? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        var state = State()
        var buffer: [UInt8] = []
        while true {
            guard let block = try? handle.read(upToCount: max(1, blockSize)) ?? Data() else { return nil }
            let atEnd = block.isEmpty
            buffer.append(contentsOf: block)
            // A value starting before `limit` is whole in the buffer (its lookahead is < 12 bytes).
            let limit = atEnd ? buffer.count : max(state.next, buffer.count - 12)
            buffer.withUnsafeBufferPointer { scan($0, upTo: limit, &state) }
            if atEnd || state.done { return state.evidence }
            // Keep 3 bytes before the next position: a value's digits are checked backwards.
            let drop = max(0, state.next - 3)
            buffer.removeFirst(drop)
            state.next -= drop
        }
    }

    /// Where a scan stands between blocks.
    struct State {
        var evidence = SlashDateEvidence()
        var line = 1
        /// The next position to look at, in the current buffer.
        var next = 0
        var done: Bool { evidence.firstPartAbove12 != nil && evidence.secondPartAbove12 != nil }
    }

    /// Scans `bytes`: every `d/d/dddd` (one or two digits each side, four for the year, not
    /// inside a longer run of digits).
    public static func scan(_ bytes: UnsafeBufferPointer<UInt8>) -> SlashDateEvidence {
        var state = State()
        scan(bytes, upTo: bytes.count, &state)
        return state.evidence
    }

    /// Looks at the positions from `state.next` up to `limit` (reading a few bytes either side).
    static func scan(_ bytes: UnsafeBufferPointer<UInt8>, upTo limit: Int, _ state: inout State) {
        // Locals in the loop, written back once.
        var evidence = state.evidence, line = state.line, i = state.next
        defer { (state.evidence, state.line, state.next) = (evidence, line, i) }
        let n = bytes.count
        @inline(__always) func isDigit(_ b: UInt8) -> Bool { b &- 0x30 < 10 }
        while i < limit {
            let b = bytes[i]
            if b == 0x0A { line += 1; i += 1; continue }
            guard b == 0x2F else { i += 1; continue }
            // `i` is the first slash: 1–2 digits before it, 1–2 after, a slash, 4 digits.
            var s = i
            while s > 0, i - s < 3, isDigit(bytes[s - 1]) { s -= 1 }
            let firstLen = i - s
            var j = i + 1
            while j < n, j - i - 1 < 3, isDigit(bytes[j]) { j += 1 }
            let secondLen = j - i - 1
            guard (1...2).contains(firstLen), (1...2).contains(secondLen), j < n, bytes[j] == 0x2F else { i += 1; continue }
            var y = j + 1
            while y < n, y - j - 1 < 5, isDigit(bytes[y]) { y += 1 }
            guard y - j - 1 == 4 else { i = j; continue }
            func number(_ from: Int, _ to: Int) -> Int {
                var v = 0
                for k in from..<to { v = v * 10 + Int(bytes[k] &- 0x30) }
                return v
            }
            let a = number(s, i), c = number(i + 1, j)
            let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[s..<y]), as: UTF8.self)
            if a > 12, evidence.firstPartAbove12 == nil { evidence.firstPartAbove12 = (text, line) }
            if c > 12, evidence.secondPartAbove12 == nil { evidence.secondPartAbove12 = (text, line) }
            i = y
            if evidence.firstPartAbove12 != nil && evidence.secondPartAbove12 != nil { break }
        }
    }
}
