import MMModel

/// SPEC 6.2, RULES.md 2.1: the baseline value of a lab at a reference date = the last value in
/// `[reference − baseline_window_days, reference]` (60 days: day −60 in, day −61 out). Rows
/// excluded from derivation (`unit_mismatch: exclude`) and non-numeric values are ignored; of two
/// rows on the same date the first in file order is used (RULES.md 2.2).
public func baselineLab(_ test: LabTest, labs: [LabResult], at reference: Day, windowDays: Int) -> LabResult? {
    var best: LabResult?
    for lab in labs where lab.test == test && !lab.excludedFromDerivation
        && lab.date <= reference && reference - lab.date <= windowDays && lab.value.numeric(for: test) != nil {
        if best.map({ lab.date > $0.date }) ?? true { best = lab }
    }
    return best
}

/// The baseline values at the index date that staging, renal function and risk use.
public struct BaselineLabs: Sendable, Hashable {
    public var b2m: LabResult?
    public var albumin: LabResult?
    public var ldh: LabResult?
    public var creatinine: LabResult?
    public var haemoglobin: LabResult?
}

extension BaselineLabs {
    /// The last value of each test in `[reference − windowDays, reference]` (SPEC 6.2, RULES.md 1).
    public init(labs: [LabResult], at reference: Day, windowDays: Int) {
        b2m = baselineLab(.b2m, labs: labs, at: reference, windowDays: windowDays)
        albumin = baselineLab(.alb, labs: labs, at: reference, windowDays: windowDays)
        ldh = baselineLab(.ldh, labs: labs, at: reference, windowDays: windowDays)
        creatinine = baselineLab(.creat, labs: labs, at: reference, windowDays: windowDays)
        haemoglobin = baselineLab(.hgb, labs: labs, at: reference, windowDays: windowDays)
    }
}

extension LabResult {
    /// The number used by derivations (`<x` as RULES.md 2.2 says).
    var number: Double? { value.numeric(for: test) }
}
