/// How a code is normalised before lookup.
public enum CodeNormalization: Sendable {
    /// Codes, drug and test names: case-insensitive, and everything but letters and digits
    /// ignored (`Isa-Pd` = `ISAPD` = `isa pd`; `t(4;14)` = `T_4_14`; `Darzalex SC` = `darzalex-sc`).
    case alphanumeric
    /// Units: case-insensitive, blanks ignored, `µ`/`μ` read as `u` and `×` as `x`
    /// (`µmol/L` = `umol/l`; `mg/24 h` = `mg/24h`). Punctuation matters here: `U/L` ≠ `/uL`.
    case unit
    /// Code maps of a pipeline file: case-insensitive, surrounding blanks ignored.
    case caseInsensitive
}

/// A lookup table from codes to values that works on the field's bytes (hot path: one per
/// lab row for the test and one for the unit). The key is normalised on the fly while hashing
/// (FNV-1a) and compared on the fly, so a lookup allocates nothing.
public struct ByteCodeTable<Value: Sendable>: Sendable {
    public let normalization: CodeNormalization
    private var entries: [(hash: UInt64, key: [UInt8], value: Value)] = []
    /// Open addressing by the FNV hash (power-of-two size, linear probing): entry index + 1,
    /// 0 = empty. Avoids `Hasher` on the per-row path.
    private var slots: [Int32] = [0, 0, 0, 0]
    /// Keys in insertion order, as written (for messages: "use one of …").
    public private(set) var codes: [String] = []

    public init(_ normalization: CodeNormalization) { self.normalization = normalization }

    public init(_ normalization: CodeNormalization, _ pairs: [(String, Value)]) {
        self.init(normalization)
        for (k, v) in pairs { insert(k, v) }
    }

    /// Adds a code; the first value given for a normalised key wins.
    public mutating func insert(_ code: String, _ value: Value) {
        let key = Array(NormalizedBytes(Array(code.utf8)[...], normalization))
        let h = Self.hash(key)
        if find(hash: h, count: key.count, matches: { key.elementsEqual($0) }) != nil { return }
        entries.append((h, key, value))
        codes.append(code)
        if entries.count * 2 > slots.count { rehash(slots.count * 2) } else { place(entries.count - 1) }
    }

    private mutating func rehash(_ size: Int) {
        slots = Array(repeating: 0, count: size)
        for i in entries.indices { place(i) }
    }

    private mutating func place(_ i: Int) {
        let mask = slots.count - 1
        var s = Int(truncatingIfNeeded: entries[i].hash) & mask
        while slots[s] != 0 { s = (s + 1) & mask }
        slots[s] = Int32(i + 1)
    }

    @inline(__always)
    private func find(hash h: UInt64, count: Int, matches: ([UInt8]) -> Bool) -> Int? {
        let mask = slots.count - 1
        var s = Int(truncatingIfNeeded: h) & mask
        while true {
            let e = Int(slots[s])
            if e == 0 { return nil }
            let entry = entries[e - 1]
            if entry.hash == h, entry.key.count == count, matches(entry.key) { return e - 1 }
            s = (s + 1) & mask
        }
    }

    public func contains(_ code: String) -> Bool { self[Array(code.utf8)[...]] != nil }

    public subscript(code: String) -> Value? { self[Array(code.utf8)[...]] }

    public subscript(bytes: ArraySlice<UInt8>) -> Value? {
        let normalized = NormalizedBytes(bytes, normalization)
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        var count = 0
        for b in normalized {
            h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01b3
            count += 1
        }
        guard count > 0 else { return nil }
        return find(hash: h, count: count, matches: { $0.elementsEqual(normalized) }).map { entries[$0].value }
    }

    private static func hash(_ key: [UInt8]) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in key { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01b3 }
        return h
    }
}

/// The normalised bytes of a code (see `CodeNormalization`), produced lazily.
public struct NormalizedBytes: Sequence {
    let bytes: ArraySlice<UInt8>
    let mode: CodeNormalization

    public init(_ bytes: ArraySlice<UInt8>, _ mode: CodeNormalization) {
        // Surrounding blanks never count.
        var s = bytes.startIndex, e = bytes.endIndex
        while s < e, ByteNumber.isBlank(bytes[s]) { s += 1 }
        while e > s, ByteNumber.isBlank(bytes[e - 1]) { e -= 1 }
        self.bytes = bytes[s..<e]
        self.mode = mode
    }

    public struct Iterator: IteratorProtocol {
        let bytes: ArraySlice<UInt8>
        let mode: CodeNormalization
        var i: Int

        public mutating func next() -> UInt8? {
            while i < bytes.endIndex {
                let b = bytes[i]
                i += 1
                switch mode {
                case .caseInsensitive:
                    return lower(b)
                case .alphanumeric:
                    if b >= 0x80 {
                        // Non-ASCII letters (ì, κ, λ, é) are kept byte for byte; `µ`/`μ` → u.
                        if let folded = foldTwoByte(b) { return folded }
                        return b
                    }
                    let l = lower(b)
                    if (l >= 0x61 && l <= 0x7A) || (l >= 0x30 && l <= 0x39) { return l }
                case .unit:
                    if b == 0x20 || b == 0x09 { continue }
                    if b >= 0x80, let folded = foldTwoByte(b) { return folded }
                    return lower(b)
                }
            }
            return nil
        }

        /// `µ` (C2 B5), `μ` (CE BC) → `u`; `×` (C3 97) → `x`; advances past the second byte.
        mutating func foldTwoByte(_ b: UInt8) -> UInt8? {
            guard i < bytes.endIndex else { return nil }
            let c = bytes[i]
            if (b == 0xC2 && c == 0xB5) || (b == 0xCE && c == 0xBC) { i += 1; return UInt8(ascii: "u") }
            if b == 0xC3 && c == 0x97 { i += 1; return UInt8(ascii: "x") }
            return nil
        }

        @inline(__always) func lower(_ b: UInt8) -> UInt8 { (b >= 0x41 && b <= 0x5A) ? b | 0x20 : b }
    }

    public func makeIterator() -> Iterator { Iterator(bytes: bytes, mode: mode, i: bytes.startIndex) }
}
