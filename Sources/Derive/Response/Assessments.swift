import MMModel

/// The response-relevant lab values at one assessment date, or at a line's baseline
/// (RULES.md 2.2). Numbers are canonical (`LabValue.numeric(for:)`: a `<x` counts as 0 for
/// SPEP_M / UPEP_M and as x otherwise); immunofixation and clonality are `true` = `POS`.
struct MarkerValues: Sendable, Hashable {
    var spep: Double?
    var upep: Double?
    var sife: Bool?
    var uife: Bool?
    var flcK: Double?
    var flcL: Double?
    /// Bone-marrow plasma cells: at an assessment, the value carried forward from the line's
    /// baseline marrow or the latest marrow of the line (RULES.md 2.2).
    var bmpc: Double?
    var bmClonal: Bool?
    /// A marrow (`BMPC`) was sampled at this assessment itself (not carried forward): only
    /// a fresh marrow feeds the marrow nadir and the marrow PD rule.
    var bmpcMeasured = false
    /// Source rows, for the audit trail (`TEST=value@date`; filled for baselines only, the
    /// assessments' inputs are named by their dates in the BOR audit entry).
    var inputs: [String] = []

    /// κ/λ ratio; nil without both chains or with λ = 0.
    var flcRatio: Double? {
        guard let k = flcK, let l = flcL, l > 0 else { return nil }
        return k / l
    }

    /// The FLC ratio is normal (0.26–1.65, both ends included: RULES.md 2.2 sCR).
    var flcRatioNormal: Bool? {
        guard let r = flcRatio else { return nil }
        return r >= 0.26 && r <= 1.65
    }

    /// Involved FLC for `chain`, or the larger of κ and λ when the chain is unknown.
    func involvedFLC(_ chain: LightChain?) -> Double? {
        switch chain {
        case .kappa: return flcK
        case .lambda: return flcL
        case nil:
            guard let k = flcK, let l = flcL else { return nil }
            return max(k, l)
        }
    }

    /// `dFLC` = involved − uninvolved (RULES.md 2.1); needs both chains.
    func dFLC(_ chain: LightChain?) -> Double? {
        guard let k = flcK, let l = flcL else { return nil }
        switch chain {
        case .kappa: return k - l
        case .lambda: return l - k
        case nil: return abs(k - l)
        }
    }

    /// Sets the value of `test` from `value` (response-relevant tests only).
    mutating func set(_ test: LabTest, _ value: LabValue) {
        switch test {
        case .spepM: spep = value.numeric(for: test)
        case .upepM: upep = value.numeric(for: test)
        case .sife: sife = value.isPositive
        case .uife: uife = value.isPositive
        case .flcK: flcK = value.numeric(for: test)
        case .flcL: flcL = value.numeric(for: test)
        case .bmpc:
            bmpc = value.numeric(for: test)
            bmpcMeasured = bmpc != nil
        case .bmClonal: bmClonal = value.isPositive
        default: break
        }
    }
}

/// One lab row usable by the response engine, with its position in the input (file order
/// breaks ties between rows of the same test and date: RULES.md 2.2).
struct LabPoint: Sendable {
    var date: Day
    var test: LabTest
    var value: LabValue
    var order: Int

    var label: String {
        let v: String
        switch value {
        case .number(let x): v = "\(x)"
        case .belowDetection(let x): v = "<\(x)"
        case .positive: v = "POS"
        case .negative: v = "NEG"
        }
        return "\(test.rawValue)=\(v)@\(date.iso)"
    }
}

/// The patient's labs that derivations may use (rows excluded by `unit_mismatch: exclude`
/// are left out), in input order.
func usableLabs(_ record: PatientRecord) -> [LabPoint] {
    var points: [LabPoint] = []
    points.reserveCapacity(record.labs.count)
    for (i, lab) in record.labs.enumerated() where !lab.excludedFromDerivation {
        points.append(LabPoint(date: lab.date, test: lab.test, value: lab.value, order: i))
    }
    return points
}

/// A lab assessment: response-relevant labs from the earliest date not yet assigned through
/// `assessment_merge_days` after it; its date is that earliest date (RULES.md 2.2).
struct LabAssessment: Sendable {
    var date: Day
    /// Values measured at this assessment (marrow not yet carried forward).
    var values: MarkerValues
}

/// The response-relevant tests (`LabTest.isResponseRelevant`): the slots of an assessment.
private let responseTests = LabTest.allCases.filter(\.isResponseRelevant)

/// Groups the response-relevant labs dated strictly inside `(after, before)` into
/// assessments (RULES.md 2.2). The same test twice in one assessment: the later value
/// (same date: the first row in file order).
///
/// Reading: the merge window never crosses a line's start — a value on a line's start date is
/// that line's baseline, never an assessment of the previous line (RULES.md 2.1), so
/// the caller groups each line's span separately.
func labAssessments(_ labs: LabIndex, after: Day, before: Day?, mergeDays: Int) -> [LabAssessment] {
    let inSpan = labs.responseLabs(after: after, before: before)
    var result: [LabAssessment] = []
    var i = inSpan.startIndex
    while i < inSpan.endIndex {
        let first = inSpan[i].date
        let last = first + max(0, mergeDays)
        // One slot per response-relevant test (no dictionary per assessment: this runs for every
        // lab row of every line, twice when lines move).
        var chosen = [LabPoint?](repeating: nil, count: responseTests.count)
        while i < inSpan.endIndex, inSpan[i].date <= last {
            let p = inSpan[i]
            // Sorted by (date, order): a strictly later date replaces, a same-date duplicate does not.
            if let slot = responseTests.firstIndex(of: p.test), chosen[slot].map({ p.date > $0.date }) ?? true {
                chosen[slot] = p
            }
            i += 1
        }
        var values = MarkerValues()
        for case let p? in chosen { values.set(p.test, p.value) }
        result.append(LabAssessment(date: first, values: values))
    }
    return result
}

/// The line whose span holds `date` for a site assessment: after the line's start, up to and
/// including the next line's start.
///
/// Reading (RULES.md silent for site assessments): a lab on a line's start date is that
/// line's baseline (RULES.md 2.1), but a site's response dated on the day a new line starts
/// reports how the previous line ended, so it belongs to the previous line.
func lineHoldingSiteAssessment(_ date: Day, lines: [LineSpan]) -> LineSpan? {
    lines.last { line in
        date > line.start && (line.nextStart.map { date <= $0 } ?? true)
    }
}

/// The line a progression dated `date` occurred on: the last line started before it (a
/// progression on a line's start date is the previous line's). nil before the first line.
func lineNumber(ofProgressionOn date: Day, lines: [LineSpan]) -> Int? {
    lines.last { $0.start < date }?.number
}
