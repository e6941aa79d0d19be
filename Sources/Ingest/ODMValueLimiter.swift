import Foundation

/// Bounds attribute values before libxml2 sees them (issue 18.9). libxml2's push parser holds
/// a start tag until it is complete, so one huge value would have to be buffered whole; the
/// reader used to stop the file there. This filter sits between the file and the parser: it
/// follows the XML just enough to know when it is inside an attribute value (text, tags,
/// comments, CDATA) and replaces a value longer than `limit` bytes by `limit + 1` filler
/// bytes, dropping the rest of it. The row builder then rejects that row (`ING-007`, a value
/// over the limit) and reading goes on with the next row; memory stays bounded by `limit`.
///
/// Most tags are skipped from one `<` to the next (a value cannot hold `<`), so the filter
/// costs about one `memchr` per tag; only comments, CDATA, the tag at a chunk's end and a
/// stretch of more than `limit` bytes without `<` are followed byte by byte.
///
/// A value cut at a chunk end is held back (at most `limit` bytes) until its closing quote
/// shows whether it fits: a value is never fed in part, so a cut can never split a character
/// or an entity reference. Everything else passes through as slices of the chunk, uncopied.
struct ODMValueLimiter {
    enum State: Equatable {
        case text, open, bang, comment(dashes: Int), cdata(brackets: Int), tag, value(quote: UInt8)
    }

    let limit: Int
    private(set) var state: State = .text
    /// Bytes of the current value so far.
    private var valueLength = 0
    /// The current value's bytes from earlier chunks, not yet fed.
    private var held: [UInt8] = []
    /// The current value is over the limit: its filler was fed and its bytes are dropped.
    private(set) var oversized = false
    private let filler: [UInt8]

    init(limit: Int) {
        self.limit = limit
        filler = [UInt8](repeating: UInt8(ascii: "x"), count: limit + 1)
    }

    /// True at end of input when a value over the limit never closed.
    var endsInsideOversizedValue: Bool { oversized }

    /// Calls `feed` with the pieces of `chunk` to parse, in order.
    mutating func filter(_ chunk: UnsafeRawBufferPointer, feed: (UnsafeRawBufferPointer) -> Void) {
        guard let base = chunk.baseAddress, !chunk.isEmpty else { return }
        let n = chunk.count
        var i = 0
        var segmentStart = 0
        // Where the current value began in this chunk; nil when it began in an earlier one.
        var valueStart: Int? = nil
        func piece(_ from: Int, _ to: Int) {
            if to > from { feed(UnsafeRawBufferPointer(start: base + from, count: to - from)) }
        }
        while i < n {
            switch state {
            case .text:
                guard let p = memchr(base + i, 0x3C, n - i) else { i = n; continue }
                let lt = UnsafeRawPointer(p) - base
                // Fast path: `<` never occurs inside a value, so a tag followed by another `<`
                // within `limit` bytes holds no value over the limit: skip to that `<` without
                // parsing the tag. Comments and CDATA (`<!`), a tag at the chunk's end and a
                // long stretch without `<` go through the state machine.
                if lt + 1 < n, chunk[lt + 1] != 0x21,
                   let next = memchr(base + lt + 1, 0x3C, min(n - lt - 1, limit)) {
                    i = UnsafeRawPointer(next) - base
                    continue
                }
                i = lt + 1
                state = .open
            case .open:
                if chunk[i] == 0x21 { state = .bang; i += 1 } else { state = .tag }
            case .bang:
                switch chunk[i] {
                case 0x2D: state = .comment(dashes: 0); i += 1
                case 0x5B: state = .cdata(brackets: 0); i += 1
                default: state = .tag
                }
            case .comment(let dashes):
                let b = chunk[i]
                i += 1
                if b == 0x2D { state = .comment(dashes: dashes + 1) } else if b == 0x3E && dashes >= 2 { state = .text } else if dashes != 0 { state = .comment(dashes: 0) }
            case .cdata(let brackets):
                let b = chunk[i]
                i += 1
                if b == 0x5D { state = .cdata(brackets: brackets + 1) } else if b == 0x3E && brackets >= 2 { state = .text } else if brackets != 0 { state = .cdata(brackets: 0) }
            case .tag:
                // The next `"`, then whether a `>` or a `'` comes before it: three memchr calls
                // per attribute instead of a look at every byte (this runs on every tag).
                func find(_ byte: UInt8, _ from: Int, _ to: Int) -> Int? {
                    memchr(base + from, Int32(byte), to - from).map { UnsafeRawPointer($0) - base }
                }
                let doubleQuote = find(0x22, i, n) ?? n
                let close = find(0x3E, i, doubleQuote)
                if let single = find(0x27, i, close ?? doubleQuote) {
                    state = .value(quote: 0x27)
                    i = single + 1
                } else if let close {
                    state = .text
                    i = close + 1
                    continue
                } else if doubleQuote < n {
                    state = .value(quote: 0x22)
                    i = doubleQuote + 1
                } else {
                    i = n
                    continue
                }
                valueLength = 0
                valueStart = i
            case .value(let quote):
                let close = memchr(base + i, Int32(quote), n - i).map { UnsafeRawPointer($0) - base }
                let end = close ?? n
                if oversized {
                    // Dropping: the rest of the value is not fed, its closing quote is.
                    segmentStart = end
                } else if valueLength + (end - i) > limit {
                    piece(segmentStart, valueStart ?? segmentStart)
                    held.removeAll()
                    filler.withUnsafeBytes { feed($0) }
                    oversized = true
                    segmentStart = end
                } else {
                    valueLength += end - i
                    if close != nil, valueStart == nil, !held.isEmpty {
                        // The value began in an earlier chunk and fits: its start goes first.
                        held.withUnsafeBytes { feed($0) }
                        held.removeAll()
                    }
                }
                if close != nil {
                    state = .tag
                    oversized = false
                    valueStart = nil
                    i = end + 1
                } else {
                    i = n
                }
            }
        }
        if case .value = state, !oversized {
            // The value goes on in the next chunk: hold it back until it is known to fit.
            let start = valueStart ?? segmentStart
            piece(segmentStart, start)
            held.append(contentsOf: UnsafeRawBufferPointer(start: base + start, count: n - start))
        } else {
            piece(segmentStart, n)
        }
    }

    /// At end of input: feeds what is held back (an unclosed value, which libxml2 reports).
    mutating func finish(feed: (UnsafeRawBufferPointer) -> Void) {
        guard !held.isEmpty else { return }
        held.withUnsafeBytes { feed($0) }
        held.removeAll()
    }
}
