import MMModel

/// SPEC 6.2, RULES.md 2.1: the baseline value of a lab at a reference date = the last value in
/// `[reference − baseline_window_days, reference]` (60 days: day −60 in, day −61 out). Rows
/// excluded from derivation (`unit_mismatch: exclude`) and non-numeric values are ignored; of two
/// rows on the same date the first in file order is used (RULES.md 2.2).
public func baselineLab(_ test: LabTest, labs: [LabResult], at reference: Day, windowDays: Int) -> LabResult? {
    var best: LabResult?
    for i in labs.indices where labs[i].test == test {
        keepIfBaseline(labs[i], in: &best, at: reference, windowDays: windowDays)
    }
    return best
}

/// Makes `lab` the baseline value so far (`best`) when it is usable, in the window and later
/// than `best` (`baselineLab`, one row at a time: rows come in file order).
private func keepIfBaseline(_ lab: LabResult, in best: inout LabResult?, at reference: Day, windowDays: Int) {
    guard !lab.excludedFromDerivation, lab.date <= reference, reference - lab.date <= windowDays,
          lab.value.numeric(for: lab.test) != nil, best.map({ lab.date > $0.date }) ?? true else { return }
    best = lab
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
    /// One pass over the labs (each test's `baselineLab`; on dense histories five passes over
    /// every lab row were a sixth of Derive: docs/performance.md, "Derive on dense histories").
    public init(labs: [LabResult], at reference: Day, windowDays: Int) {
        for i in labs.indices {
            switch labs[i].test {
            case .b2m: keepIfBaseline(labs[i], in: &b2m, at: reference, windowDays: windowDays)
            case .alb: keepIfBaseline(labs[i], in: &albumin, at: reference, windowDays: windowDays)
            case .ldh: keepIfBaseline(labs[i], in: &ldh, at: reference, windowDays: windowDays)
            case .creat: keepIfBaseline(labs[i], in: &creatinine, at: reference, windowDays: windowDays)
            case .hgb: keepIfBaseline(labs[i], in: &haemoglobin, at: reference, windowDays: windowDays)
            default: continue
            }
        }
    }
}

extension LabResult {
    /// The number used by derivations (`<x` as RULES.md 2.2 says).
    var number: Double? { value.numeric(for: test) }
}
