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

/// Running series of each marker on one line, from which the nadir before each assessment
/// is taken (RULES.md 2.4).
struct NadirTracker: Sendable {
    var baseline: LineBaseline
    var definition: NadirDefinition
    private var serum: [Double] = []
    private var urine: [Double] = []
    private var dFLC: [Double] = []
    private var marrow: [Double] = []

    init(baseline: LineBaseline, definition: NadirDefinition) {
        self.baseline = baseline
        self.definition = definition
    }

    /// The nadirs before the next assessment.
    var current: MarkerNadirs {
        MarkerNadirs(serum: nadir(baseline: baseline.values.spep, values: serum, definition: definition),
                     urine: nadir(baseline: baseline.values.upep, values: urine, definition: definition),
                     dFLC: nadir(baseline: baseline.dFLC, values: dFLC, definition: definition),
                     marrow: nadir(baseline: baseline.values.bmpc, values: marrow, definition: definition))
    }

    /// Adds the values measured at an assessment (marrow only when sampled there).
    mutating func record(_ v: MarkerValues) {
        if let s = v.spep { serum.append(s) }
        if let u = v.upep { urine.append(u) }
        if let f = v.dFLC(baseline.involved) { dFLC.append(f) }
        if v.bmpcMeasured, let m = v.bmpc { marrow.append(m) }
    }
}
