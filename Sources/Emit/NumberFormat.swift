/// Locale-free, exponent-free decimal rendering of the dataset's real numbers (SPEC 7:
/// byte-identical outputs; R, SAS, SPSS and STATA read them without options).
///
/// Rounding works on the shortest decimal representation of the `Double` (the digits Swift
/// prints, which round-trip), not on its binary expansion, so `68.05` rounds to `68.1`
/// "half away from zero" as a person would (SPEC 7: `CRCL` one decimal, half away from zero).
public enum NumberFormat {
    /// `value` with exactly `decimals` fraction digits, rounded half away from zero.
    public static func fixed(_ value: Double, decimals: Int) -> String? {
        guard let d = DecimalDigits(value) else { return nil }
        return d.rounded(decimals: decimals).render(minFraction: decimals)
    }

    /// `value` rounded half away from zero to at most `maxDecimals` fraction digits, trailing
    /// zeros (and a bare point) removed: `11.10` → `11.1`, `3.0` → `3`.
    public static func trimmed(_ value: Double, maxDecimals: Int) -> String? {
        guard let d = DecimalDigits(value) else { return nil }
        return d.rounded(decimals: maxDecimals).render(minFraction: 0)
    }
}

/// A finite decimal: sign, digits and the power of ten of the last digit.
struct DecimalDigits {
    var negative: Bool
    /// Most significant first, no leading zeros (empty = 0).
    var digits: [UInt8]
    /// value = digits × 10^exponent.
    var exponent: Int

    init?(_ value: Double) {
        guard value.isFinite else { return nil }
        negative = value.sign == .minus
        // Swift's description is the shortest round-tripping decimal, e.g. "68.05",
        // "1e-05", "1.5e+20".
        let text = Array(String(describing: abs(value)).utf8)
        var mantissa: [UInt8] = []
        var fractionDigits = 0
        var seenPoint = false
        var exp10 = 0
        var idx = 0
        while idx < text.count {
            let c = text[idx]
            if c == UInt8(ascii: ".") {
                seenPoint = true
            } else if c == UInt8(ascii: "e") || c == UInt8(ascii: "E") {
                exp10 = Int(String(decoding: text[(idx + 1)...], as: UTF8.self)) ?? 0
                break
            } else if (0x30...0x39).contains(c) {
                mantissa.append(c - 0x30)
                if seenPoint { fractionDigits += 1 }
            }
            idx += 1
        }
        while let f = mantissa.first, f == 0 { mantissa.removeFirst() }
        digits = mantissa
        exponent = exp10 - fractionDigits
    }

    /// Rounded half away from zero to `decimals` fraction digits.
    func rounded(decimals: Int) -> DecimalDigits {
        let drop = -decimals - exponent // how many trailing digits to remove
        guard drop > 0 else { return self }
        var r = self
        if drop > digits.count {
            r.digits = []
            r.exponent = -decimals
            return r
        }
        var kept = Array(digits[0..<(digits.count - drop)])
        let roundUp = digits[digits.count - drop] >= 5
        if roundUp {
            var k = kept.count - 1
            while k >= 0 {
                if kept[k] == 9 { kept[k] = 0; k -= 1 } else { kept[k] += 1; break }
            }
            if k < 0 { kept.insert(1, at: 0) }
        }
        while let f = kept.first, f == 0 { kept.removeFirst() }
        r.digits = kept
        r.exponent = -decimals
        return r
    }

    /// Plain decimal text with at least `minFraction` fraction digits; trailing zeros beyond
    /// that are removed; never an exponent; `-0` is written `0`.
    func render(minFraction: Int) -> String {
        // Integer part and fraction part as digit arrays.
        var intPart: [UInt8] = []
        var fracPart: [UInt8] = []
        if exponent >= 0 {
            intPart = digits + [UInt8](repeating: 0, count: digits.isEmpty ? 0 : exponent)
        } else {
            let fracCount = -exponent
            if digits.count > fracCount {
                intPart = Array(digits[0..<(digits.count - fracCount)])
                fracPart = Array(digits[(digits.count - fracCount)...])
            } else {
                fracPart = [UInt8](repeating: 0, count: fracCount - digits.count) + digits
            }
        }
        while fracPart.count > minFraction, fracPart.last == 0 { fracPart.removeLast() }
        while fracPart.count < minFraction { fracPart.append(0) }
        let isZero = intPart.allSatisfy { $0 == 0 } && fracPart.allSatisfy { $0 == 0 }
        var out: [UInt8] = []
        if negative && !isZero { out.append(UInt8(ascii: "-")) }
        if intPart.isEmpty { out.append(0x30) } else { out.append(contentsOf: intPart.map { $0 + 0x30 }) }
        if !fracPart.isEmpty {
            out.append(UInt8(ascii: "."))
            out.append(contentsOf: fracPart.map { $0 + 0x30 })
        }
        return String(decoding: out, as: UTF8.self)
    }
}
