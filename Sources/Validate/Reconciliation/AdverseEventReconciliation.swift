import MMModel

extension Reconciliation {
    /// `AE-001` (RULES.md 9, CTCAE v5.0): a grade ≥ 3 haematological AE with no lab value that
    /// reaches its grade within ± `windowDays` of its onset (the check Derive made with the same
    /// window, `lab_cross_check_days`).
    public static func adverseEventFindings(_ checks: [AdverseEventLabCheck], windowDays: Int) -> [Finding] {
        checks.compactMap { c in
            guard !c.supported, let grade = c.event.grade, let onset = c.event.onsetDate,
                  let kind = HaematologicalAE(term: c.event.term) else { return nil }
            return Finding(.AE001, key: c.event.key, table: .adverseEvents, provenance: c.event.provenance, field: "grade",
                           value: String(grade),
                           message: "Grade \(grade) \(kind.rawValue) with onset \(onset.iso) has no lab value with \(labLimit(kind, grade: kind.labGrade(supporting: grade))) within ± \(windowDays) days: enter the lab value or review the grade.")
        }
    }

    /// The lab value that shows a CTCAE v5.0 grade (3 or 4) of a haematological AE.
    static func labLimit(_ kind: HaematologicalAE, grade: Int) -> String {
        switch (kind, grade) {
        case (.neutropenia, 4): return "neutrophils below 0.5 ×10^9/L"
        case (.neutropenia, _): return "neutrophils below 1.0 ×10^9/L"
        case (.thrombocytopenia, 4): return "platelets below 25 ×10^9/L"
        case (.thrombocytopenia, _): return "platelets below 50 ×10^9/L"
        case (.anaemia, _): return "haemoglobin below 8 g/dL"
        }
    }
}
