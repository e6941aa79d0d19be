import Foundation

/// Number parsing straight from a field's UTF-8 bytes (SPEC 4.1: decimal point or decimal
/// comma, `0,92`). This is the hot path of the map stage — millions of lab values — so it
/// builds no `String` per field: digits are accumulated into an integer mantissa and scaled by
/// an exact power of ten (Clinger's fast path, correctly rounded for up to 15 significant
/// digits and |exponent| ≤ 22); only longer numbers fall back to `strtod` on a stack copy.
public enum ByteNumber {
    /// Exact powers of ten representable as Double.
    private static let powersOfTen: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
        1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ]

    /// Parses a decimal number: optional sign, digits with at most one `.` or `,` as the
    /// decimal separator, optional exponent (`1e-5`, `2.5E3`). Surrounding blanks are ignored.
    /// nil for anything else (`12 g`, `1.234,5`, `--1`, empty).
    public static func parse<C: Collection>(_ bytes: C) -> Double? where C.Element == UInt8 {
        var i = bytes.startIndex
        var end = bytes.endIndex
        // Trim ASCII blanks on both sides.
        while i < end, isBlank(bytes[i]) { i = bytes.index(after: i) }
        while i < end {
            let last = bytes.index(i, offsetBy: bytes.distance(from: i, to: end) - 1)
            if isBlank(bytes[last]) { end = last } else { break }
        }
        guard i < end else { return nil }
        var negative = false
        if bytes[i] == UInt8(ascii: "-") || bytes[i] == UInt8(ascii: "+") {
            negative = bytes[i] == UInt8(ascii: "-")
            i = bytes.index(after: i)
        }
        var mantissa: UInt64 = 0
        var significant = 0
        var droppedDigits = 0      // integer digits beyond 19 that did not fit
        var fractionDigits = 0
        var sawDigit = false
        var sawSeparator = false
        while i < end {
            let b = bytes[i]
            if b >= 0x30 && b <= 0x39 {
                sawDigit = true
                if significant < 19 {
                    if mantissa != 0 || b != 0x30 { significant += 1 }
                    mantissa = mantissa &* 10 &+ UInt64(b - 0x30)
                    if sawSeparator { fractionDigits += 1 }
                } else if !sawSeparator {
                    droppedDigits += 1
                }
            } else if (b == UInt8(ascii: ".") || b == UInt8(ascii: ",")) && !sawSeparator {
                sawSeparator = true
            } else {
                break
            }
            i = bytes.index(after: i)
        }
        guard sawDigit else { return nil }
        var exponent = 0
        if i < end {
            guard bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") else { return nil }
            i = bytes.index(after: i)
            var expNegative = false
            if i < end, bytes[i] == UInt8(ascii: "-") || bytes[i] == UInt8(ascii: "+") {
                expNegative = bytes[i] == UInt8(ascii: "-")
                i = bytes.index(after: i)
            }
            var expDigits = 0
            while i < end, bytes[i] >= 0x30, bytes[i] <= 0x39 {
                if exponent < 10_000 { exponent = exponent * 10 + Int(bytes[i] - 0x30) }
                expDigits += 1
                i = bytes.index(after: i)
            }
            guard expDigits > 0, i == end else { return nil }
            if expNegative { exponent = -exponent }
        }
        let scale = exponent - fractionDigits + droppedDigits
        let value: Double
        if mantissa < (1 << 53), abs(scale) <= 22 {
            value = scale < 0 ? Double(mantissa) / powersOfTen[-scale] : Double(mantissa) * powersOfTen[scale]
        } else {
            value = slowParse(bytes)
        }
        guard value.isFinite else { return nil }
        return negative ? -value : value
    }

    /// Rare fallback for very long or very large numbers: `strtod` on a NUL-terminated copy
    /// with the decimal comma turned into a point.
    private static func slowParse<C: Collection>(_ bytes: C) -> Double where C.Element == UInt8 {
        var copy = bytes.map { $0 == UInt8(ascii: ",") ? UInt8(ascii: ".") : $0 }
        copy.append(0)
        return copy.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) { strtod($0, nil) }
        }.magnitude
    }

    @inline(__always) static func isBlank(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0D || b == 0x0A }
}
