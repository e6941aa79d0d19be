import MMModel

/// Wording helpers for findings: values written the same way in every message. Birth dates
/// never pass through here (SPEC 7: birth dates never leave).
enum FindingText {
    /// A number without a trailing `.0` (`10`, `10.4`).
    static func number(_ v: Double) -> String {
        if v.isFinite, v == v.rounded(), abs(v) < 1e15 { return String(Int64(v)) }
        return "\(v)"
    }

    /// A lab value in its canonical unit (RULES.md 1), as the derivations see it.
    static func labValue(_ r: LabResult) -> String {
        let unit = r.test.canonicalUnit.map { " " + $0 } ?? ""
        switch r.value {
        case .number(let v): return number(v) + unit
        case .belowDetection(let x): return "<" + number(x) + unit
        case .positive: return "POS"
        case .negative: return "NEG"
        }
    }

    static func optional(_ s: String?) -> String { s ?? "" }

    /// `(empty)` for an empty value inside a sentence.
    static func shown(_ s: String) -> String { s.isEmpty ? "(empty)" : s }
}

extension StageLog {
    /// Rejects one row of `table`: the finding, the count and the audit entry (SPEC 5: a row
    /// that cannot be used is counted, never silently dropped).
    mutating func rejectRow(_ finding: Finding, key: PatientKey, table: TableName) {
        reject(finding, key: key, table: table.rawValue)
    }

    /// Records a value a rule cleared (a date that cannot be used): before → empty.
    mutating func cleared(key: PatientKey, table: TableName, provenance: Provenance, field: String,
                          before: String, rule: Rule) {
        record(AuditEntry(action: .correct, key: key, table: table.rawValue, source: provenance.source,
                          field: field, before: before, after: "", rule: .catalogue(rule)))
    }
}
