import MMModel

/// The evidence a PD rests on (RULES.md 2.2, 2.3: lab PD is confirmed on the same marker;
/// marrow and imaging need no confirmation).
public enum PDMarker: String, Sendable, Hashable, CaseIterable, Comparable {
    case serum, urine, flc, marrow, lesion
    public static func < (a: PDMarker, b: PDMarker) -> Bool { a.rawValue < b.rawValue }
}

/// The IMWG category at one assessment date and the markers that made it PD.
struct CategoryResult: Sendable, Hashable {
    var category: ResponseCategory
    var pdMarkers: Set<PDMarker> = []
}

// Comparisons at the thresholds of RULES.md 2.2 with a tolerance for binary floating point
// (0.1 × 1.4 is not exactly 0.14): `≥`/`≤` hold at the threshold, `>`/`<` do not.
private let tolerance = 1e-9
@inline(__always) func atLeast(_ a: Double, _ b: Double) -> Bool { a >= b - tolerance * max(1, abs(b)) }
@inline(__always) func atMost(_ a: Double, _ b: Double) -> Bool { a <= b + tolerance * max(1, abs(b)) }
@inline(__always) func above(_ a: Double, _ b: Double) -> Bool { !atMost(a, b) }
@inline(__always) func below(_ a: Double, _ b: Double) -> Bool { !atLeast(a, b) }

/// Serum PD against the nadir N: S − N ≥ 0.5 g/dL and S ≥ 1.25·N; when N ≥ 5 g/dL an
/// increase S − N ≥ 1.0 g/dL suffices (RULES.md 2.2).
public func isSerumProgression(value s: Double, nadir n: Double) -> Bool {
    if atLeast(s - n, 0.5) && atLeast(s, 1.25 * n) { return true }
    return atLeast(n, 5) && atLeast(s - n, 1.0)
}

/// Urine PD: U − N ≥ 200 mg/24h and U ≥ 1.25·N (RULES.md 2.2).
public func isUrineProgression(value u: Double, nadir n: Double) -> Bool {
    atLeast(u - n, 200) && atLeast(u, 1.25 * n)
}

/// dFLC PD: F − N > 100 mg/L and F ≥ 1.25·N (RULES.md 2.2; only when serum and urine were
/// not measurable).
public func isFLCProgression(value f: Double, nadir n: Double) -> Bool {
    above(f - n, 100) && atLeast(f, 1.25 * n)
}

/// Marrow PD: an absolute increase of ≥ 10 percentage points (RULES.md 2.2; only when none of
/// serum, urine and FLC was measurable).
public func isMarrowProgression(value m: Double, nadir n: Double) -> Bool {
    atLeast(m - n, 10)
}

/// The IMWG category at one assessment (RULES.md 2.2, Kumar et al. 2016): PD first (against
/// the nadir), then sCR, CR, VGPR, PR, MR, SD; the first level that the available tests
/// prove is the category.
///
/// Readings where RULES.md is silent:
/// - "urine test" covers UPEP and UIFE: a missing one lowers a level only when urine was
///   measurable at baseline; when done, the absolute urine limits (VGPR < 100, PR < 200 mg/24h)
///   and a negative UIFE apply to every disease type.
/// - MR keeps its upper bounds literally (serum reduction < 50 %, urine reduction < 90 %).
/// - When no level holds and the response marker was not tested at this date (e.g. only a
///   BM_CLONAL result), the category is `NE`, not `SD`.
/// - Non-measurable disease: `PD` when a PD rule holds, else `NE`.
func imwgCategory(values v: MarkerValues, lesion: Bool, baseline b: LineBaseline,
                  nadirs n: MarkerNadirs) -> CategoryResult {
    // PD first, against the nadir; serum and urine rules apply to every patient.
    var markers: Set<PDMarker> = []
    if lesion { markers.insert(.lesion) }
    if let s = v.spep, let ns = n.serum, isSerumProgression(value: s, nadir: ns) { markers.insert(.serum) }
    if let u = v.upep, let nu = n.urine, isUrineProgression(value: u, nadir: nu) { markers.insert(.urine) }
    let flcRulesApply = !b.serumMeasurable && !b.urineMeasurable
    if flcRulesApply, let f = v.dFLC(b.involved), let nf = n.dFLC, isFLCProgression(value: f, nadir: nf) {
        markers.insert(.flc)
    }
    let marrowRulesApply = flcRulesApply && !b.flcMeasurable
    if marrowRulesApply, v.bmpcMeasured, let m = v.bmpc, let nm = n.marrow, isMarrowProgression(value: m, nadir: nm) {
        markers.insert(.marrow)
    }
    if !markers.isEmpty { return CategoryResult(category: .pd, pdMarkers: markers) }
    guard b.measurable != .none else { return CategoryResult(category: .ne) }

    let sM = b.serumMeasurable, uM = b.urineMeasurable
    let flcOnly = b.measurable == .flc, marrowOnly = b.measurable == .marrow
    let f = v.dFLC(b.involved), f0 = b.dFLC

    // Absolute urine limit: applies whenever UPEP was done; a missing UPEP fails it only when
    // urine was measurable at baseline.
    func urineBelow(_ limit: Double) -> Bool {
        if let u = v.upep { return below(u, limit) }
        return !uM
    }
    let uifeNegative = v.uife == false || (v.uife == nil && !uM)

    // CR / sCR.
    var cr = v.sife == false && uifeNegative && (v.bmpc.map { below($0, 5) } ?? false)
    if flcOnly { cr = cr && v.flcRatioNormal == true }
    if cr {
        if v.flcRatioNormal == true && v.bmClonal == false { return CategoryResult(category: .scr) }
        return CategoryResult(category: .cr)
    }

    // VGPR.
    var vgpr = false
    if sM || uM {
        let serumPart = sM ? (v.spep.map { atMost($0, 0.10 * (b.values.spep ?? 0)) } ?? false) : true
        let clause1 = serumPart && urineBelow(100)
        let clause2 = sM && v.spep == 0 && (v.sife == true || v.uife == true)
        vgpr = clause1 || clause2
    } else if flcOnly, let f, let f0 {
        vgpr = atMost(f, 0.10 * f0) && urineBelow(100)
    }
    if vgpr { return CategoryResult(category: .vgpr) }

    // PR.
    var pr = false
    if sM || uM {
        let serumPart = sM ? (v.spep.map { atMost($0, 0.50 * (b.values.spep ?? 0)) } ?? false) : true
        let urinePart: Bool
        if let u = v.upep {
            urinePart = below(u, 200) || (uM && atMost(u, 0.10 * (b.values.upep ?? 0)))
        } else {
            urinePart = !uM
        }
        pr = serumPart && urinePart
    } else if flcOnly, let f, let f0 {
        pr = atMost(f, 0.50 * f0) && urineBelow(200)
    } else if marrowOnly, let m = v.bmpc, let m0 = b.values.bmpc {
        pr = atMost(m, 0.50 * m0) && urineBelow(200)
    }
    if pr { return CategoryResult(category: .pr) }

    // MR: only when serum was measurable.
    if sM, let s = v.spep, let s0 = b.values.spep, s0 > 0 {
        let serumReduction = (s0 - s) / s0
        var mr = atLeast(serumReduction, 0.25) && below(serumReduction, 0.50)
        if uM {
            if let u = v.upep, let u0 = b.values.upep, u0 > 0 {
                let urineReduction = (u0 - u) / u0
                mr = mr && atLeast(urineReduction, 0.50) && below(urineReduction, 0.90)
            } else {
                mr = false
            }
        }
        if mr { return CategoryResult(category: .mr) }
    }

    // SD needs the response marker tested at this date.
    let evaluable: Bool
    if sM || uM {
        evaluable = (sM && v.spep != nil) || (uM && v.upep != nil)
    } else if flcOnly {
        evaluable = f != nil
    } else {
        evaluable = v.bmpc != nil
    }
    return CategoryResult(category: evaluable ? .sd : .ne)
}
