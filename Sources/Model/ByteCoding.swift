/// Primitives of the run's own compact byte encodings (spilled patient partitions, spooled
/// findings and table cells: SPEC 8, memory): varints, zig-zag integers, length-prefixed UTF-8,
/// doubles by bit pattern, optional values with a one-byte flag, codes by case index.
/// Hot path: every record of a streaming run is written and read once (`@inlinable`, so that the
/// generic code functions are specialised in the stage that calls them).
public struct ByteWriter: Sendable {
    public var bytes: [UInt8]

    @inlinable public mutating func varint(_ v: UInt64) {
        var v = v
        while v >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
    }

    /// Zig-zag, so that small negative numbers stay short.
    @inlinable public mutating func int(_ v: Int) { varint(UInt64(bitPattern: Int64((v << 1) ^ (v >> 63)))) }

    @inlinable public mutating func string(_ s: String) {
        var s = s
        s.withUTF8 { u in
            varint(UInt64(u.count))
            bytes.append(contentsOf: u)
        }
    }

    /// nil as length 0 with a flag: `0` = nil, `n + 1` = a string of n bytes.
    @inlinable public mutating func optString(_ s: String?) {
        guard var s else { return varint(0) }
        s.withUTF8 { u in
            varint(UInt64(u.count) + 1)
            bytes.append(contentsOf: u)
        }
    }

    @inlinable public mutating func double(_ v: Double) { withUnsafeBytes(of: v.bitPattern.littleEndian) { bytes.append(contentsOf: $0) } }

    @inlinable public mutating func optDouble(_ v: Double?) {
        if let v { bytes.append(1); double(v) } else { bytes.append(0) }
    }

    @inlinable public mutating func day(_ d: Day) { int(Int(d.rawValue)) }

    @inlinable public mutating func optDay(_ d: Day?) {
        if let d { bytes.append(1); day(d) } else { bytes.append(0) }
    }

    @inlinable public mutating func optInt(_ v: Int?) {
        if let v { bytes.append(1); int(v) } else { bytes.append(0) }
    }

    @inlinable public mutating func optBool(_ v: Bool?) { bytes.append(v.map { $0 ? 2 : 1 } ?? 0) }

    /// A code as its case index (`0xFF` = nil).
    @inlinable public mutating func code<C: CaseIterable & Equatable>(_ c: C?) where C.AllCases.Index == Int {
        guard let c, let i = C.allCases.firstIndex(of: c) else { return bytes.append(0xFF) }
        bytes.append(UInt8(i))
    }

    /// A set of codes as a bit mask over the cases.
    @inlinable public mutating func codeSet<C: CaseIterable & Hashable>(_ s: Set<C>) where C.AllCases.Index == Int {
        var mask: UInt64 = 0
        for (i, c) in C.allCases.enumerated() where s.contains(c) { mask |= 1 << UInt64(i) }
        varint(mask)
    }

    @inlinable public init(bytes: [UInt8] = []) { self.bytes = bytes }
}

/// Reads what `ByteWriter` wrote (the run's own bytes, never outside input).
public struct ByteReader {
    public let base: UnsafeRawBufferPointer
    public var at = 0

    @inlinable public init(_ base: UnsafeRawBufferPointer) { self.base = base }

    @inlinable public var atEnd: Bool { at >= base.count }

    @inlinable public mutating func byte() -> UInt8 {
        defer { at += 1 }
        return base[at]
    }

    @inlinable public mutating func varint() -> UInt64 {
        var v: UInt64 = 0, shift: UInt64 = 0
        while true {
            let b = byte()
            v |= UInt64(b & 0x7F) << shift
            if b < 0x80 { return v }
            shift += 7
        }
    }

    @inlinable public mutating func int() -> Int {
        let u = varint()
        return Int(Int64(bitPattern: u >> 1) ^ -Int64(bitPattern: u & 1))
    }

    @inlinable public mutating func stringBytes(_ n: Int) -> String {
        defer { at += n }
        return String(decoding: UnsafeRawBufferPointer(rebasing: base[at..<at + n]), as: UTF8.self)
    }

    @inlinable public mutating func string() -> String { stringBytes(Int(varint())) }

    @inlinable public mutating func optString() -> String? {
        let n = Int(varint())
        return n == 0 ? nil : stringBytes(n - 1)
    }

    @inlinable public mutating func double() -> Double {
        var bits: UInt64 = 0
        withUnsafeMutableBytes(of: &bits) { $0.copyMemory(from: UnsafeRawBufferPointer(rebasing: base[at..<at + 8])) }
        at += 8
        return Double(bitPattern: UInt64(littleEndian: bits))
    }

    @inlinable public mutating func optDouble() -> Double? { byte() == 0 ? nil : double() }

    @inlinable public mutating func day() -> Day { Day(rawValue: Int32(truncatingIfNeeded: int())) }

    @inlinable public mutating func optDay() -> Day? { byte() == 0 ? nil : day() }

    @inlinable public mutating func optInt() -> Int? { byte() == 0 ? nil : int() }

    @inlinable public mutating func optBool() -> Bool? {
        switch byte() {
        case 0: return nil
        case 2: return true
        default: return false
        }
    }

    @inlinable public mutating func code<C: CaseIterable>(_: C.Type = C.self) -> C? where C.AllCases.Index == Int {
        let i = byte()
        guard i != 0xFF else { return nil }
        return C.allCases[Int(i)]
    }

    @inlinable public mutating func codeSet<C: CaseIterable & Hashable>(_: C.Type = C.self) -> Set<C> where C.AllCases.Index == Int {
        let mask = varint()
        var s = Set<C>()
        for (i, c) in C.allCases.enumerated() where mask & (1 << UInt64(i)) != 0 { s.insert(c) }
        return s
    }
}
