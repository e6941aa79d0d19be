/// Value patterns of direct identifiers (SPEC 5 PHI), matched on the field's bytes (they run
/// on the first rows of every table): an Italian codice fiscale
/// (`^[A-Z]{6}[0-9LMNPQRSTUV]{2}[A-EHLMPR-T][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z]$`,
/// case-insensitive, omocodia letters included), an e-mail address, a phone number.
public enum IdentifierPatterns {
    public enum Kind: Sendable, CustomStringConvertible {
        case taxCode, email, phone
        public var description: String {
            switch self {
            case .taxCode: return "tax codes (codice fiscale)"
            case .email: return "e-mail addresses"
            case .phone: return "phone numbers"
            }
        }
    }

    /// The kind of identifier `bytes` holds, if any. `allowPhone: false` for key columns,
    /// whose numeric IDs could look like phone numbers.
    public static func match<C: Collection>(_ bytes: C, allowPhone: Bool = true) -> Kind? where C.Element == UInt8 {
        let field = Array(bytes)
        if containsTaxCode(field) { return .taxCode }
        if containsEmail(field) { return .email }
        if allowPhone, isPhone(field) { return .phone }
        return nil
    }

    // MARK: codice fiscale

    private static func isLetter(_ b: UInt8) -> Bool { (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A }
    private static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
    private static func isAlnum(_ b: UInt8) -> Bool { isLetter(b) || isDigit(b) }
    /// A digit, or its omocodia substitute `LMNPQRSTUV`.
    private static func isCFDigit(_ b: UInt8) -> Bool {
        if isDigit(b) { return true }
        switch b | 0x20 {
        case 0x6C, 0x6D, 0x6E, 0x70, 0x71, 0x72, 0x73, 0x74, 0x75, 0x76: return true  // l m n p q r s t u v
        default: return false
        }
    }
    /// Month letters `A-EHLMPR-T`.
    private static func isCFMonth(_ b: UInt8) -> Bool {
        switch b | 0x20 {
        case 0x61...0x65, 0x68, 0x6C, 0x6D, 0x70, 0x72, 0x73, 0x74: return true
        default: return false
        }
    }

    /// True when a 16-character alphanumeric word of the field is a codice fiscale.
    static func containsTaxCode(_ f: [UInt8]) -> Bool {
        var i = 0
        while i < f.count {
            guard isAlnum(f[i]) else { i += 1; continue }
            var j = i
            while j < f.count, isAlnum(f[j]) { j += 1 }
            if j - i == 16, isTaxCode(f[i..<j]) { return true }
            i = j
        }
        return false
    }

    static func isTaxCode(_ w: ArraySlice<UInt8>) -> Bool {
        let c = Array(w)
        guard c.count == 16 else { return false }
        for k in 0..<6 where !isLetter(c[k]) { return false }
        return isCFDigit(c[6]) && isCFDigit(c[7]) && isCFMonth(c[8]) && isCFDigit(c[9]) && isCFDigit(c[10])
            && isLetter(c[11]) && isCFDigit(c[12]) && isCFDigit(c[13]) && isCFDigit(c[14]) && isLetter(c[15])
    }

    // MARK: e-mail

    /// `local@domain.tld`: a word around `@` with a dotted domain ending in ≥ 2 letters.
    static func containsEmail(_ f: [UInt8]) -> Bool {
        func isLocal(_ b: UInt8) -> Bool { isAlnum(b) || b == 0x2E || b == 0x5F || b == 0x25 || b == 0x2B || b == 0x2D }
        func isDomain(_ b: UInt8) -> Bool { isAlnum(b) || b == 0x2E || b == 0x2D }
        for (at, b) in f.enumerated() where b == 0x40 {
            var s = at
            while s > 0, isLocal(f[s - 1]) { s -= 1 }
            guard s < at else { continue }
            var e = at + 1
            while e < f.count, isDomain(f[e]) { e += 1 }
            var domain = Array(f[(at + 1)..<e])
            while domain.last == 0x2E { domain.removeLast() }
            guard let dot = domain.lastIndex(of: 0x2E), dot > 0 else { continue }
            let tld = domain[(dot + 1)...]
            if tld.count >= 2, tld.allSatisfy(isLetter) { return true }
        }
        return false
    }

    // MARK: phone

    /// A whole field that is a phone number: only digits and `+ - . / ( )` or spaces, 9 to 15
    /// digits, and either an international prefix (`+`, `00`), or digits in groups starting
    /// with 0 (landline) or 3 (mobile), or ten bare digits starting with 3 (Italian mobile).
    /// Dates (8 digits) and decimals (one `.` or `,`) never qualify.
    static func isPhone(_ f: [UInt8]) -> Bool {
        var start = 0, end = f.count
        while start < end, f[start] == 0x20 { start += 1 }
        while end > start, f[end - 1] == 0x20 { end -= 1 }
        let s = f[start..<end]
        guard let first = s.first else { return false }
        var digits = 0, separators = 0, dots = 0
        var firstDigit: UInt8?
        for b in s {
            if isDigit(b) {
                digits += 1
                if firstDigit == nil { firstDigit = b }
            } else if b == 0x20 || b == 0x2D || b == 0x2F || b == 0x28 || b == 0x29 {
                separators += 1
            } else if b == 0x2E {
                dots += 1
            } else if b == 0x2B {
                if b != first { return false }
            } else {
                return false
            }
        }
        guard (9...15).contains(digits) else { return false }
        if first == 0x2B { return true }
        if s.starts(with: [0x30, 0x30]) { return digits >= 11 }
        if separators == 0 && dots <= 1 {
            // Bare digits (or a decimal): only a ten-digit Italian mobile number.
            return dots == 0 && digits == 10 && firstDigit == 0x33
        }
        return firstDigit == 0x30 || firstDigit == 0x33 || first == 0x28
    }
}
