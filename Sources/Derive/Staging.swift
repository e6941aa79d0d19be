import Foundation
import MMModel

// Staging at the index date (RULES.md 5): ISS (Greipp, JCO 2005), R-ISS (Palumbo, JCO 2015),
// R2-ISS (D'Agostino, JCO 2022). Missing inputs: a stage is assigned only when every possible
// value of the missing inputs gives the same stage.

/// RULES.md 5 ISS (Greipp 2005): I = B2M < 3.5 mg/L and albumin ≥ 3.5 g/dL; III = B2M ≥ 5.5 mg/L;
/// II otherwise. Albumin is needed only when B2M < 3.5. nil when the inputs do not decide.
public func issStage(b2m: Double?, albumin: Double?) -> Stage? {
    let possible = possibleISS(b2m: b2m, albumin: albumin)
    return possible.count == 1 ? possible.first : nil
}

/// The ISS stages compatible with the known inputs (for the partial-input logic of R-ISS/R2-ISS).
public func possibleISS(b2m: Double?, albumin: Double?) -> Set<Stage> {
    if let b = b2m {
        if b >= 5.5 { return [.iii] }
        if b >= 3.5 { return [.ii] }
        guard let a = albumin else { return [.i, .ii] }
        return a >= 3.5 ? [.i] : [.ii]
    }
    if let a = albumin, a < 3.5 { return [.ii, .iii] }
    return [.i, .ii, .iii]
}

/// Every value of a yes/no input that may be missing.
func possible(_ v: Bool?) -> [Bool] { v.map { [$0] } ?? [false, true] }

/// R-ISS of complete inputs (Palumbo 2015): I = ISS I, standard risk and LDH ≤ ULN; III = ISS III and
/// (high risk or LDH > ULN); II otherwise.
public func rissStage(iss: Stage, highRisk: Bool, ldhHigh: Bool) -> Stage {
    if iss == .i && !highRisk && !ldhHigh { return .i }
    if iss == .iii && (highRisk || ldhHigh) { return .iii }
    return .ii
}

/// RULES.md 5 R-ISS with partial inputs: assigned when every possible value of the missing inputs
/// gives the same stage (ISS II → II whatever else; ISS I with high LDH or high risk → II; ISS III
/// with high LDH → III); nil otherwise. `highRisk` uses the R-ISS definition (del(17p), t(4;14),
/// t(14;16)).
public func rissStage(possibleISS: Set<Stage>, highRisk: Bool?, ldhHigh: Bool?) -> Stage? {
    var out = Set<Stage>()
    for s in possibleISS { for h in possible(highRisk) { for l in possible(ldhHigh) {
        out.insert(rissStage(iss: s, highRisk: h, ldhHigh: l))
    } } }
    return out.count == 1 ? out.first : nil
}

/// R2-ISS group of a total in half points (D'Agostino 2022): 0 → I, 0.5–1 → II, 1.5–2.5 → III, 3–5 → IV.
public func r2issGroup(halfPoints: Int) -> Stage {
    switch halfPoints {
    case ...0: return .i
    case 1...2: return .ii
    case 3...5: return .iii
    default: return .iv
    }
}

/// RULES.md 5 R2-ISS: points ISS II 1, ISS III 1.5, del(17p) 1, LDH > ULN 1, t(4;14) 1, 1q+ 0.5;
/// with missing inputs the lowest and highest possible totals must fall in one group.
/// Computed in half points so the thresholds are exact.
public func r2issStage(possibleISS: Set<Stage>, del17p: Bool?, ldhHigh: Bool?, t4_14: Bool?, gain1q: Bool?) -> Stage? {
    func issPoints(_ s: Stage) -> Int { s == .iii ? 3 : (s == .ii ? 2 : 0) }
    guard let issMin = possibleISS.map(issPoints).min(), let issMax = possibleISS.map(issPoints).max() else {
        return nil
    }
    func range(_ v: Bool?, _ pts: Int) -> (Int, Int) { v.map { $0 ? (pts, pts) : (0, 0) } ?? (0, pts) }
    let parts = [range(del17p, 2), range(ldhHigh, 2), range(t4_14, 2), range(gain1q, 1)]
    let low = issMin + parts.map(\.0).reduce(0, +)
    let high = issMax + parts.map(\.1).reduce(0, +)
    let g = r2issGroup(halfPoints: low)
    return g == r2issGroup(halfPoints: high) ? g : nil
}

/// RULES.md 5 `LDHHIFL` = LDH > its `uln`; nil without LDH or without `uln`.
public func ldhAboveULN(_ ldh: LabResult?) -> Bool? {
    guard let l = ldh, let v = l.number, let uln = l.uln else { return nil }
    return v > uln
}

/// The staging of one patient at index, with the findings it raised.
public struct StagingResult: Sendable, Hashable {
    public var iss: Stage?
    public var riss: Stage?
    public var r2iss: Stage?
    public var ldhHigh: Bool?
    /// Missing inputs per stage for the trace and `STG-002`.
    public var missing: [StagingSystem: [String]]
    public var findings: [Finding]

    /// The stage computed by `system`.
    public func stage(_ system: StagingSystem) -> Stage? {
        switch system {
        case .iss: return iss
        case .riss: return riss
        case .r2iss: return r2iss
        }
    }

    /// Every stage that could be assigned.
    public var assigned: [StagingSystem: Stage] {
        Dictionary(uniqueKeysWithValues: StagingSystem.allCases.compactMap { s in stage(s).map { (s, $0) } })
    }
}

/// RULES.md 5: ISS, R-ISS and R2-ISS at index from the baseline labs and the cytogenetic profile;
/// `STG-002` names the missing inputs of every stage left empty; `STG-003` an LDH without ULN.
/// (A site-reported stage is compared with these by Validate's reconciliation, `STG-001`.)
public func stage(baseline: BaselineLabs, cytogenetics: CytogeneticProfile, patient: Patient?,
                  key: PatientKey) -> StagingResult {
    let b2m = baseline.b2m?.number, alb = baseline.albumin?.number
    let iss = possibleISS(b2m: b2m, albumin: alb)
    let ldhHigh = ldhAboveULN(baseline.ldh)
    let highRisk = cytogenetics.standardHighRisk
    let riss = rissStage(possibleISS: iss, highRisk: highRisk, ldhHigh: ldhHigh)
    let r2 = r2issStage(possibleISS: iss, del17p: cytogenetics.del17p, ldhHigh: ldhHigh,
                        t4_14: cytogenetics.t4_14, gain1q: cytogenetics.gain1q)
    var findings: [Finding] = []
    if let ldh = baseline.ldh, ldh.uln == nil {
        findings.append(Finding(.STG003, key: key, table: .labs, provenance: ldh.provenance, field: "uln",
                                value: "", message: "\(ldh.provenance.source) uln: the baseline LDH of \(ldh.date.iso) has no upper limit of normal, so LDHHIFL, R-ISS and R2-ISS cannot use it; enter the laboratory's LDH ULN."))
    }
    var issMissing: [String] = []
    if b2m == nil { issMissing.append("B2M") }
    if alb == nil && (b2m.map { $0 < 3.5 } ?? true) { issMissing.append("albumin") }
    var ldhMissing: [String] = []
    if baseline.ldh == nil { ldhMissing.append("LDH") } else if ldhHigh == nil { ldhMissing.append("LDH ULN") }
    let rissCyto = cytogenetics.untested([.del17p, .t4_14, .t14_16])
    let r2Cyto = cytogenetics.untested([.del17p, .t4_14]) + (cytogenetics.gain1q == nil ? ["1q+ (GAIN1Q/AMP1Q)"] : [])
    let labsMissing = issMissing + ldhMissing
    let missingLabs: [StagingSystem: [String]] = [.iss: issMissing, .riss: labsMissing, .r2iss: labsMissing]
    let missingCyto: [StagingSystem: [String]] = [.iss: [], .riss: rissCyto, .r2iss: r2Cyto]
    let result = StagingResult(iss: iss.count == 1 ? iss.first : nil, riss: riss, r2iss: r2, ldhHigh: ldhHigh,
                               missing: missingLabs.merging(missingCyto, uniquingKeysWith: +), findings: [])
    let source = patient?.provenance
    for system in StagingSystem.allCases where result.stage(system) == nil {
        let name = system.rawValue
        let text = missingInputs(labs: missingLabs[system] ?? [], cytogenetics: missingCyto[system] ?? [])
        findings.append(Finding(.STG002, key: key, table: .patients, provenance: source, field: name, value: "",
                                message: "\(name) at the index date cannot be assigned: missing \(text); enter them if they were measured."))
    }
    var out = result
    out.findings = findings
    return out
}

/// The missing inputs of a stage for `STG-002`, each with where it is looked for: labs in the
/// baseline window before the index date, cytogenetics as any FISH/NGS result up to shortly
/// after it (RULES.md 5: clonal lesions persist, so an old test counts; FAILED and karyotype
/// results do not).
func missingInputs(labs: [String], cytogenetics: [String]) -> String {
    var parts: [String] = []
    if !labs.isEmpty { parts.append("\(labs.joined(separator: ", ")) in the baseline window before the index date") }
    if !cytogenetics.isEmpty {
        parts.append("\(cytogenetics.joined(separator: ", ")) (a FISH or NGS result, not FAILED, dated up to the index date or shortly after)")
    }
    return parts.isEmpty ? "inputs" : parts.joined(separator: " and ")
}
