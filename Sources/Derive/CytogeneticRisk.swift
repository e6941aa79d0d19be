import MMModel

/// The cytogenetic findings at index (RULES.md 5): per abnormality, `true` detected, `false`
/// tested and not detected, nil untested or only `FAILED`. Only FISH and NGS results count
/// (a karyotype cannot exclude these lesions); a result counts if dated on or before
/// index + `cytogenetics_days_after_index` (30), and the latest non-failed result is used.
public struct CytogeneticProfile: Sendable, Hashable {
    public var status: [CytoAbnormality: Bool]

    public init(status: [CytoAbnormality: Bool] = [:]) { self.status = status }

    public init(results: [CytogeneticResult], indexDate: Day, daysAfterIndex: Int) {
        var latest: [CytoAbnormality: (Day, Bool)] = [:]
        for r in results where (r.method == .fish || r.method == .ngs) && r.result != .failed
            && r.date - indexDate <= daysAfterIndex {
            let detected = r.result == .detected
            if let (d, v) = latest[r.abnormality] {
                // A later result replaces an earlier one; on the same date "detected" wins (a lesion
                // found by one method is present).
                if r.date > d || (r.date == d && detected && !v) { latest[r.abnormality] = (r.date, detected) }
            } else {
                latest[r.abnormality] = (r.date, detected)
            }
        }
        status = latest.mapValues(\.1)
    }

    public var del17p: Bool? { status[.del17p] }
    public var t4_14: Bool? { status[.t4_14] }
    public var t14_16: Bool? { status[.t14_16] }
    public var t14_20: Bool? { status[.t14_20] }
    public var del1p32: Bool? { status[.del1p32] }

    /// 1q+ (`GAIN1QFL`, SPEC 7): true when `GAIN1Q` or `AMP1Q` is detected, false when either was
    /// tested and neither detected, nil otherwise.
    public var gain1q: Bool? {
        let g = status[.gain1q], a = status[.amp1q]
        if g == true || a == true { return true }
        if g == false || a == false { return false }
        return nil
    }

    /// High risk by the default (R-ISS) definition: del(17p), t(4;14) or t(14;16) detected → true;
    /// all three tested and none detected → false; nil otherwise.
    public var standardHighRisk: Bool? { anyOf([del17p, t4_14, t14_16]) }

    /// The abnormalities among `list` with no usable result (for `STG-002`).
    public func untested(_ list: [CytoAbnormality]) -> [String] {
        list.filter { status[$0] == nil }.map(\.rawValue)
    }
}

/// Three-valued OR: true if any is true, false if all are false, nil otherwise.
func anyOf(_ values: [Bool?]) -> Bool? {
    if values.contains(where: { $0 == true }) { return true }
    if values.allSatisfy({ $0 == false }) { return false }
    return nil
}

/// Three-valued AND.
func allOf(_ values: [Bool?]) -> Bool? {
    if values.contains(where: { $0 == false }) { return false }
    if values.allSatisfy({ $0 == true }) { return true }
    return nil
}

/// RULES.md 5, option `risk_definition: imwg2025` (Avet-Loiseau et al., JCO 2025;43:2739): high risk
/// if del(17p), or t(4;14)/t(14;16)/t(14;20) with 1q+ or del(1p32), or del(1p32) with 1q+, or
/// B2M ≥ 5.5 mg/L with creatinine < 1.2 mg/dL. Three-valued: nil when the known inputs do not decide.
public func imwg2025HighRisk(_ c: CytogeneticProfile, b2m: Double?, creatinine: Double?) -> Bool? {
    let translocation = anyOf([c.t4_14, c.t14_16, c.t14_20])
    let chr1 = anyOf([c.gain1q, c.del1p32])
    let b2mHigh: Bool? = b2m.map { $0 >= 5.5 }
    let creatLow: Bool? = creatinine.map { $0 < 1.2 }
    return anyOf([c.del17p, allOf([translocation, chr1]), allOf([c.del1p32, c.gain1q]), allOf([b2mHigh, creatLow])])
}

/// RULES.md 5 `CYTORISK`: `HIGH`, `STANDARD`, or nil (`FAILED` and untested are not "not detected").
public func cytogeneticRisk(_ c: CytogeneticProfile, definition: RiskDefinition, b2m: Double?,
                            creatinine: Double?) -> CytogeneticRisk? {
    let high: Bool?
    switch definition {
    case .standard: high = c.standardHighRisk
    case .imwg2025: high = imwg2025HighRisk(c, b2m: b2m, creatinine: creatinine)
    }
    return high.map { $0 ? .high : .standard }
}
