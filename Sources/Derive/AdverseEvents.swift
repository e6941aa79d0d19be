import MMModel

/// `adae.csv` rows with `TRTEMFL` (onset on or after index and ≤ `treatment_emergent_days`
/// after the index line's last dose) and the CTCAE v5 lab cross-check of RULES.md 9
/// (`AE-001`).
///
/// Readings: without an index date `TRTEMFL` is empty; with an ongoing index line (no last
/// dose) there is no upper limit; without an onset date `TRTEMFL` is empty.
public func adverseEventRows(record: PatientRecord, indexDate: Day?, indexLineLastDose: Day?,
                             options: AdverseEventOptions) -> (rows: [ADAERow], findings: [Finding]) {
    var rows: [ADAERow] = []
    var findings: [Finding] = []
    let labs = record.labs.filter { !$0.excludedFromDerivation }
    for ae in record.adverseEvents {
        let trtem = isTreatmentEmergent(onset: ae.onsetDate, indexDate: indexDate, indexLineLastDose: indexLineLastDose,
                                        days: options.treatmentEmergentDays)
        rows.append(ADAERow(key: record.key, AETERM: ae.term, AETOXGR: ae.grade, ASTDT: ae.onsetDate, AENDT: ae.endDate,
                            AESER: ae.serious, AEREL: ae.related?.rawValue, TRTEMFL: trtem))
        if let f = labCrossCheck(ae, labs: labs, windowDays: options.labCrossCheckDays) { findings.append(f) }
    }
    return (rows, findings)
}

/// `TRTEMFL` (RULES.md 9): onset ≥ index date and ≤ last dose of the index line + `days`.
public func isTreatmentEmergent(onset: Day?, indexDate: Day?, indexLineLastDose: Day?, days: Int) -> Bool? {
    guard let onset, let indexDate else { return nil }
    guard onset >= indexDate else { return false }
    if let last = indexLineLastDose { return onset <= last + clampedDays(days) }
    return true
}

/// The haematological AEs checked against labs (CTCAE v5.0 terms and common synonyms).
public enum HaematologicalAE: String, Sendable, CaseIterable {
    case neutropenia, thrombocytopenia, anaemia

    /// The lab test that grades it.
    public var test: LabTest {
        switch self {
        case .neutropenia: return .anc
        case .thrombocytopenia: return .plt
        case .anaemia: return .hgb
        }
    }

    /// The highest grade a lab value alone can show (CTCAE v5: anaemia grade 4 and any
    /// grade 5 are clinical, not lab, grades).
    public var highestLabGrade: Int { self == .anaemia ? 3 : 4 }

    /// Matches an AE term case-insensitively (`Neutropenia`, `Neutrophil count decreased`,
    /// `Febrile neutropenia`, `Platelet count decreased`, `Anemia`, …).
    public init?(term: String) {
        let t = term.lowercased()
        if t.contains("neutropeni") || t.contains("neutrophil count decreased") || t.contains("agranulocytosis") {
            self = .neutropenia
        } else if t.contains("thrombocytopeni") || t.contains("platelet count decreased") {
            self = .thrombocytopenia
        } else if t.contains("anaemi") || t.contains("anemi") || t.contains("hemoglobin decreased")
                    || t.contains("haemoglobin decreased") {
            self = .anaemia
        } else {
            return nil
        }
    }
}

/// CTCAE v5.0 grade of a lab value (RULES.md 9): neutrophils < 1.5/1.0/0.5 ×10^9/L → 2/3/4
/// (below LLN → 1); platelets < 75/50/25 ×10^9/L → 2/3/4 (below LLN → 1); Hb < 10/8 g/dL →
/// 2/3 (below LLN → 1). A `<x` value is below x. 0 = normal.
public func ctcaeLabGrade(_ kind: HaematologicalAE, value: LabValue, lln: Double?) -> Int {
    func isBelow(_ t: Double) -> Bool {
        switch value {
        case .number(let v): return v < t
        case .belowDetection(let x): return x <= t
        default: return false
        }
    }
    let thresholds: [(Double, Int)]
    switch kind {
    case .neutropenia: thresholds = [(0.5, 4), (1.0, 3), (1.5, 2)]
    case .thrombocytopenia: thresholds = [(25, 4), (50, 3), (75, 2)]
    case .anaemia: thresholds = [(8, 3), (10, 2)]
    }
    for (t, g) in thresholds where isBelow(t) { return g }
    if let lln, isBelow(lln) { return 1 }
    return 0
}

/// `AE-001` (RULES.md 9): a reported grade ≥ 3 haematological AE with no lab value that
/// reaches that grade within ± `windowDays` of its onset.
///
/// Reading: a grade above what a lab can show (anaemia 4, any 5) needs the highest lab grade.
func labCrossCheck(_ ae: AdverseEvent, labs: [LabResult], windowDays: Int) -> Finding? {
    guard let grade = ae.grade, grade >= 3, let onset = ae.onsetDate, let kind = HaematologicalAE(term: ae.term) else {
        return nil
    }
    let needed = min(grade, kind.highestLabGrade)
    let supported = labs.contains { lab in
        lab.test == kind.test && abs(lab.date - onset) <= windowDays
            && ctcaeLabGrade(kind, value: lab.value, lln: lab.lln) >= needed
    }
    guard !supported else { return nil }
    let limit: String
    switch (kind, needed) {
    case (.neutropenia, 4): limit = "neutrophils below 0.5 ×10^9/L"
    case (.neutropenia, _): limit = "neutrophils below 1.0 ×10^9/L"
    case (.thrombocytopenia, 4): limit = "platelets below 25 ×10^9/L"
    case (.thrombocytopenia, _): limit = "platelets below 50 ×10^9/L"
    case (.anaemia, _): limit = "haemoglobin below 8 g/dL"
    }
    return Finding(.AE001, key: ae.key, table: .adverseEvents, provenance: ae.provenance, field: "grade",
                   value: String(grade),
                   message: "Grade \(grade) \(kind.rawValue) with onset \(onset.iso) has no lab value with \(limit) within ± \(windowDays) days: enter the lab value or review the grade.")
}
