import MMModel

/// A line's baseline and its measurable disease (RULES.md 2.1, Kumar et al. 2016).
struct LineBaseline: Sendable {
    /// Last value of each response test in `[start − baseline_window_days, start]`.
    var values: MarkerValues
    /// Involved light chain: the patient's `light_chain`, else the larger of κ and λ at baseline.
    var involved: LightChain?
    var serumMeasurable: Bool
    var urineMeasurable: Bool
    /// FLC criteria met at baseline (used as the response marker only without serum/urine).
    var flcMeasurable: Bool
    /// BMPC ≥ 30 % at baseline (used only for marrow-only disease).
    var marrowMeasurable: Bool
    /// The marker that carries the response (hierarchy of RULES.md 2.1).
    var measurable: MeasurableDisease
    /// Baseline Hb and creatinine for the clinical relapse features (RULES.md 2.5).
    var hgb: Double?
    var creat: Double?

    /// Baseline dFLC (F0).
    var dFLC: Double? { values.dFLC(involved) }
}

/// Serum M-protein measurable: ≥ 1.0 g/dL (RULES.md 2.1).
public func isSerumMeasurable(_ spep: Double?) -> Bool { spep.map { $0 >= 1.0 } ?? false }

/// Urine M-protein measurable: ≥ 200 mg/24h (RULES.md 2.1).
public func isUrineMeasurable(_ upep: Double?) -> Bool { upep.map { $0 >= 200 } ?? false }

/// FLC measurable: involved FLC ≥ 100 mg/L and κ/λ ratio < 0.26 or > 1.65 (RULES.md 2.1).
public func isFLCMeasurable(kappa: Double?, lambda: Double?, involved: LightChain?) -> Bool {
    guard let k = kappa, let l = lambda, l > 0 else { return false }
    let inv: Double
    switch involved {
    case .kappa: inv = k
    case .lambda: inv = l
    case nil: inv = max(k, l)
    }
    let ratio = k / l
    return inv >= 100 && (ratio < 0.26 || ratio > 1.65)
}

/// Marrow measurable: BMPC ≥ 30 % (RULES.md 2.1; used only for marrow-only disease).
public func isMarrowMeasurable(_ bmpc: Double?) -> Bool { bmpc.map { $0 >= 30 } ?? false }

/// The hierarchy of RULES.md 2.1: serum (or urine) first; FLC only when neither serum nor urine
/// is measurable; marrow only when none of the three is. Serum and urine both measurable is
/// reported as `SERUM` (both still drive the response criteria).
public func measurableDisease(serum: Bool, urine: Bool, flc: Bool, marrow: Bool) -> MeasurableDisease {
    if serum { return .serum }
    if urine { return .urine }
    if flc { return .flc }
    if marrow { return .marrow }
    return .none
}

/// The tests of a line's baseline: the response markers, Hb and creatinine (RULES.md 2.1, 2.5).
private let baselineTests: [LabTest] = [.spepM, .upepM, .sife, .uife, .flcK, .flcL, .bmpc, .bmClonal, .hgb, .creat]

/// Builds the baseline of `line` from the patient's usable labs (RULES.md 2.1).
func lineBaseline(line: LineSpan, labs: LabIndex, lightChain: LightChain?, windowDays: Int) -> LineBaseline {
    let from = line.start - windowDays
    let chosen = labs.lastValues(tests: baselineTests, from: from, through: line.start)
    var values = MarkerValues()
    for test in LabTest.allCases where test.isResponseRelevant {
        guard let p = chosen[test] else { continue }
        values.set(test, p.value)
        values.inputs.append(p.label)
    }
    values.bmpcMeasured = false
    var involved = lightChain
    if involved == nil, let k = values.flcK, let l = values.flcL {
        involved = k >= l ? .kappa : .lambda
    }
    let s = isSerumMeasurable(values.spep)
    let u = isUrineMeasurable(values.upep)
    let f = isFLCMeasurable(kappa: values.flcK, lambda: values.flcL, involved: involved)
    let m = isMarrowMeasurable(values.bmpc)
    return LineBaseline(values: values, involved: involved, serumMeasurable: s, urineMeasurable: u,
                        flcMeasurable: f, marrowMeasurable: m,
                        measurable: measurableDisease(serum: s, urine: u, flc: f, marrow: m),
                        hgb: chosen[.hgb]?.value.numeric(for: .hgb),
                        creat: chosen[.creat]?.value.numeric(for: .creat))
}
