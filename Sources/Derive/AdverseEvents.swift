import MMModel

/// `adae.csv` rows with `TRTEMFL` (onset on or after index and ≤ `treatment_emergent_days`
/// after the index line's last dose) and the CTCAE v5 lab cross-check of RULES.md 9 (the
/// checks Validate's reconciliation turns into `AE-001`).
///
/// Readings: without an index date `TRTEMFL` is empty; with an ongoing index line (no last
/// dose) there is no upper limit; without an onset date `TRTEMFL` is empty.
public func adverseEventRows(record: PatientRecord, indexDate: Day?, indexLineLastDose: Day?,
                             options: AdverseEventOptions) -> (rows: [ADAERow], labChecks: [AdverseEventLabCheck]) {
    var rows: [ADAERow] = []
    var checks: [AdverseEventLabCheck] = []
    for ae in record.adverseEvents {
        let trtem = isTreatmentEmergent(onset: ae.onsetDate, indexDate: indexDate, indexLineLastDose: indexLineLastDose,
                                        days: options.treatmentEmergentDays)
        rows.append(ADAERow(key: record.key, AETERM: ae.term, AETOXGR: ae.grade, ASTDT: ae.onsetDate, AENDT: ae.endDate,
                            AESER: ae.serious, AEREL: ae.related?.rawValue, TRTEMFL: trtem))
        if let c = labCrossCheck(ae, labs: record.labs, windowDays: options.labCrossCheckDays) { checks.append(c) }
    }
    return (rows, checks)
}

/// `TRTEMFL` (RULES.md 9): onset ≥ index date and ≤ last dose of the index line + `days`.
public func isTreatmentEmergent(onset: Day?, indexDate: Day?, indexLineLastDose: Day?, days: Int) -> Bool? {
    guard let onset, let indexDate else { return nil }
    guard onset >= indexDate else { return false }
    if let last = indexLineLastDose { return onset <= last + clampedDays(days) }
    return true
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

/// RULES.md 9 (`AE-001`): a reported grade ≥ 3 haematological AE and whether a lab value
/// reaches that grade within ± `windowDays` of its onset; nil for any other AE. Rows excluded
/// from derivation (`unit_mismatch: exclude`) are not evidence.
///
/// Reading: a grade above what a lab can show (anaemia 4, any 5) needs the highest lab grade.
func labCrossCheck(_ ae: AdverseEvent, labs: [LabResult], windowDays: Int) -> AdverseEventLabCheck? {
    guard let grade = ae.grade, grade >= 3, let onset = ae.onsetDate, let kind = HaematologicalAE(term: ae.term) else {
        return nil
    }
    let needed = kind.labGrade(supporting: grade)
    // By index: the rows are read in place, not copied one by one.
    let supported = labs.indices.contains { i in
        labs[i].test == kind.test && !labs[i].excludedFromDerivation && abs(labs[i].date - onset) <= windowDays
            && ctcaeLabGrade(kind, value: labs[i].value, lln: labs[i].lln) >= needed
    }
    return AdverseEventLabCheck(event: ae, supported: supported)
}
