import MMModel

/// What never leaves through an output (SPEC 7): birth dates, and — in the audit log — the
/// site's `patient_id`. Applied by Emit whatever the earlier stages put in a finding or an
/// audit entry.
enum Redaction {
    static let withheld = "(withheld)"

    /// A field that holds a birth date (`birth_date`, `IT.BIRTH_DATE`, `birthdate`, `dob`).
    static func isBirthDate(_ field: String) -> Bool {
        let f = letterBytes(field)
        return find(f, birth) || f.count >= 3 && f[(f.count - 3)...].elementsEqual(dob)
    }

    /// A field that holds the site's subject ID.
    static func isSubjectID(_ field: String) -> Bool {
        let f = letterBytes(field)
        return f.count >= patientid.count && f[(f.count - patientid.count)...].elementsEqual(patientid)
            || f == subjid || f == subjectkey
    }

    private static let birth = Array("birth".utf8), dob = Array("dob".utf8), patientid = Array("patientid".utf8)
    private static let subjid = Array("subjid".utf8), subjectkey = Array("subjectkey".utf8)

    /// The ASCII letters of `s`, lower-cased (`IT.BIRTH_DATE` → `itbirthdate`).
    static func letters(_ s: String) -> String {
        String(decoding: letterBytes(s), as: UTF8.self)
    }

    /// The ASCII letters of `s`, lower-cased, as bytes (no Foundation search on this path:
    /// it runs for every audit line).
    static func letterBytes(_ s: String) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(s.utf8.count)
        for b in s.utf8 {
            if b >= 0x61 && b <= 0x7A { out.append(b) } else if b >= 0x41 && b <= 0x5A { out.append(b + 0x20) }
        }
        return out
    }

    /// Whether `needle` occurs in `h` (exact bytes).
    private static func find(_ h: [UInt8], _ n: [UInt8]) -> Bool {
        guard h.count >= n.count else { return false }
        for i in 0...(h.count - n.count) where h[i] == n[0] && h[i..<(i + n.count)].elementsEqual(n) { return true }
        return false
    }

    /// Case-insensitive ASCII search (`needle` lower case), on bytes: this runs on every audit line.
    static func mentions(_ s: String, _ needle: String) -> Bool {
        let n = Array(needle.utf8)
        if let found = s.utf8.withContiguousStorageIfAvailable({ mentions($0, n) }) { return found }
        return Array(s.utf8).withUnsafeBufferPointer { mentions($0, n) }
    }

    private static func mentions(_ h: UnsafeBufferPointer<UInt8>, _ n: [UInt8]) -> Bool {
        guard h.count >= n.count, let first = n.first else { return false }
        var i = 0
        while i + n.count <= h.count {
            if h[i] | 0x20 == first {
                var j = 1
                while j < n.count, h[i + j] | 0x20 == n[j] { j += 1 }
                if j == n.count { return true }
            }
            i += 1
        }
        return false
    }

    /// `VALUE` of findings.csv: empty for a birth date.
    static func findingValue(_ f: Finding) -> String {
        isBirthDate(f.field) ? "" : f.value
    }

    /// `MESSAGE` of findings.csv: a birth-date finding's value is withheld from its sentence too.
    static func findingMessage(_ f: Finding) -> String {
        guard isBirthDate(f.field), !f.value.isEmpty else { return f.message }
        return f.message.replacingAll(f.value, with: withheld)
    }

    /// `before`/`after` of an audit line: a birth date or subject ID is withheld, and so is a
    /// value that mentions a birth date (e.g. the inputs of a derived `AGE`).
    static func auditValue(_ value: String, field: String) -> String {
        guard !value.isEmpty else { return value }
        if isBirthDate(field) || isSubjectID(field) { return withheld }
        return mentions(value, "birth") || mentions(value, "dob") ? withheld : value
    }

    /// An audit `source`: an ODM path names the subject (`SubjectData[@SubjectKey='P01']`);
    /// its key is withheld, and a known patient ID is replaced wherever it appears quoted.
    static func auditSource(_ source: String, patientID: String?) -> String {
        analystText(source, patientID: patientID)
    }

    /// Any text bound for an analyst's file (SPEC 7: no `SUBJID` in `audit.jsonl`,
    /// `dataset.sqlite`, …, whatever the input format): every ODM path's `SubjectKey` is
    /// written `SubjectKey='*'`; the row's own patient ID is masked where it stands quoted or
    /// after the word "patient" (the sentences of `DUP`/`ING` findings name it so). A text
    /// without a quote or the word "patient" is returned as it is (the common case, fast).
    static func analystText(_ text: String, patientID: String?) -> String {
        var s = text
        if let id = patientID, !id.isEmpty, mentions(s, "patient ") {
            s = s.replacingAll("patient " + id + " ", with: "patient * ")
        }
        guard s.utf8.contains(where: { $0 == 0x27 || $0 == 0x22 }) else { return s }
        if let id = patientID, !id.isEmpty {
            for q in ["'", "\""] { s = s.replacingAll(q + id + q, with: q + "*" + q) }
        }
        return maskingSubjectKeys(s)
    }

    /// `SubjectKey='P0009'` → `SubjectKey='*'` wherever it appears (SPEC 7).
    static func maskingSubjectKeys(_ s: String) -> String {
        guard s.contains("SubjectKey=") else { return s }
        var out = ""
        var rest = Substring(s)
        while let r = rest.firstRange(of: "SubjectKey=") {
            out += rest[..<r.upperBound]
            rest = rest[r.upperBound...]
            guard let q = rest.first, q == "'" || q == "\"" else { continue }
            let afterQuote = rest.dropFirst()
            guard let end = afterQuote.firstIndex(of: q) else { continue }
            out += "\(q)*\(q)"
            rest = afterQuote[afterQuote.index(after: end)...]
        }
        return out + rest
    }

    /// `before`/`after` of an audit line as written: `auditValue`, then `analystText`.
    static func auditText(_ value: String, field: String, patientID: String?) -> String {
        analystText(auditValue(value, field: field), patientID: patientID)
    }
}

extension String {
    /// Plain substring replacement without Foundation.
    func replacingAll(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty else { return self }
        var out = ""
        var rest = Substring(self)
        while let r = rest.firstRange(of: target) {
            out += rest[..<r.lowerBound]
            out += replacement
            rest = rest[r.upperBound...]
        }
        return out + rest
    }
}
