import MMModel

/// The nadir N of one marker (RULES.md 2.4): the lowest value held on two consecutive
/// assessments since the line's baseline, `min over i of max(v_i, v_i+1)`, and the baseline
/// itself for a patient who never responded; `nadir: lowest` takes the plain minimum (the
/// 2006/2011 wording).
///
/// - Parameters:
///   - baseline: the line's baseline value (v0), when there is one.
///   - values: the values measured at the line's assessments before the one being judged,
///     in date order.
///
/// Readings: the baseline is a held value by itself ("the baseline itself for a patient who
/// never responded"), so N ≤ baseline; without a baseline and with a single value, that value
/// is the reference. nil when the marker was never measured.
public func nadir(baseline: Double?, values: [Double], definition: NadirDefinition) -> Double? {
    var series: [Double] = []
    if let baseline { series.append(baseline) }
    series.append(contentsOf: values)
    guard let first = series.first else { return nil }
    switch definition {
    case .lowest:
        return series.min()
    case .confirmed:
        var n = baseline ?? (series.count == 1 ? first : Double.infinity)
        if series.count >= 2 {
            for i in 0..<(series.count - 1) { n = min(n, max(series[i], series[i + 1])) }
        }
        return n
    }
}

/// The nadirs of every marker before one assessment of a line.
struct MarkerNadirs: Sendable, Hashable {
    var serum: Double?
    var urine: Double?
    var dFLC: Double?
    var marrow: Double?
}

/// The nadir of one marker kept as its values come (RULES.md 2.4): `nadir(baseline:values:
/// definition:)` of the series so far, by the same comparisons in the same order, without going
/// over the whole series again before each assessment (on dense histories that was quadratic in
/// a line's assessments: docs/performance.md, "Derive on dense histories").
struct RunningNadir: Sendable {
    let baseline: Double?
    let definition: NadirDefinition
    /// The first value of the series (the baseline, when there is one) and the last one.
    private var first: Double?
    private var last: Double?
    private var count = 0
    /// `.lowest`: the minimum so far.
    private var lowest: Double?
    /// `.confirmed`: the baseline (else +∞), then the minimum over consecutive pairs of the larger value.
    private var heldPairs: Double

    init(baseline: Double?, definition: NadirDefinition) {
        self.baseline = baseline
        self.definition = definition
        heldPairs = baseline ?? Double.infinity
        if let baseline { add(baseline) }
    }

    /// The next value measured at an assessment.
    mutating func record(_ value: Double) {
        if let last { heldPairs = min(heldPairs, max(last, value)) }
        add(value)
    }

    private mutating func add(_ value: Double) {
        if first == nil { first = value }
        if let l = lowest { if value < l { lowest = value } } else { lowest = value }
        last = value
        count += 1
    }

    /// `nadir(baseline:values:definition:)` of the values so far.
    var value: Double? {
        guard let first else { return nil }
        switch definition {
        case .lowest: return lowest
        case .confirmed: return baseline == nil && count == 1 ? first : heldPairs
        }
    }
}

/// Running nadirs of each marker on one line, from which the nadir before each assessment
/// is taken (RULES.md 2.4).
struct NadirTracker: Sendable {
    var baseline: LineBaseline
    private var serum: RunningNadir
    private var urine: RunningNadir
    private var dFLC: RunningNadir
    private var marrow: RunningNadir

    init(baseline: LineBaseline, definition: NadirDefinition) {
        self.baseline = baseline
        serum = RunningNadir(baseline: baseline.values.spep, definition: definition)
        urine = RunningNadir(baseline: baseline.values.upep, definition: definition)
        dFLC = RunningNadir(baseline: baseline.dFLC, definition: definition)
        marrow = RunningNadir(baseline: baseline.values.bmpc, definition: definition)
    }

    /// The nadirs before the next assessment.
    var current: MarkerNadirs {
        MarkerNadirs(serum: serum.value, urine: urine.value, dFLC: dFLC.value, marrow: marrow.value)
    }

    /// Adds the values measured at an assessment (marrow only when sampled there).
    mutating func record(_ v: MarkerValues) {
        if let s = v.spep { serum.record(s) }
        if let u = v.upep { urine.record(u) }
        if let f = v.dFLC(baseline.involved) { dFLC.record(f) }
        if v.bmpcMeasured, let m = v.bmpc { marrow.record(m) }
    }
}
