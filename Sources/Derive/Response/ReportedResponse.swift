import MMModel

/// Matches the site's assessments of a line to its lab assessments (RULES.md 2.3): a site
/// assessment is compared with the lab assessment dated within ± `assessment_merge_days`
/// (of two, the nearer; the earlier on a tie). Returns, per lab assessment, the index of the
/// matched site assessment, and the site assessments left unmatched (each an assessment of
/// its own, RULES.md 2.2).
///
/// Reading: when two site assessments match the same lab assessment, the nearer (then the
/// earlier, then the first in file order) is compared; the other stays an assessment of its
/// own so that no site report is lost.
func matchSiteAssessments(labDates: [Day], site: [Assessment], mergeDays: Int)
    -> (matched: [Int?], unmatched: [Int]) {
    var matched = [Int?](repeating: nil, count: labDates.count)
    var unmatched: [Int] = []
    // Site assessments in date order, file order on ties.
    let order = site.indices.sorted { (site[$0].date, $0) < (site[$1].date, $1) }
    for s in order {
        let d = site[s].date
        var best: Int?
        for (i, ld) in labDates.enumerated() where abs(ld - d) <= mergeDays {
            guard let b = best else { best = i; continue }
            let di = abs(ld - d), db = abs(labDates[b] - d)
            if di < db || (di == db && ld < labDates[b]) { best = i }
        }
        guard let b = best else { unmatched.append(s); continue }
        if let other = matched[b] {
            let dNew = abs(labDates[b] - d), dOld = abs(labDates[b] - site[other].date)
            // Sorted by date: on equal distance the one already held is the earlier.
            if dNew < dOld {
                matched[b] = s
                unmatched.append(other)
            } else {
                unmatched.append(s)
            }
        } else {
            matched[b] = s
        }
    }
    return (matched, unmatched.sorted())
}

/// The category used per `response_source` (RULES.md 2.3): `computed_else_reported` takes the
/// computed category where the labs give one (not `NE`), else the site's.
func usedCategory(computed: ResponseCategory?, reported: ResponseCategory?, source: ResponseSource)
    -> (category: ResponseCategory?, fromLabs: Bool) {
    switch source {
    case .computed: return (computed, true)
    case .reported: return (reported, false)
    case .computedElseReported:
        if let c = computed, c != .ne { return (c, true) }
        if let r = reported { return (r, false) }
        return (computed, true)
    }
}

/// Computed and reported agree; nil when either is missing or `NE`.
func responsesAgree(computed: ResponseCategory?, reported: ResponseCategory?) -> Bool? {
    guard let c = computed, let r = reported, c != .ne, r != .ne else { return nil }
    return c == r
}

/// The tests a reported response needs that are missing at the matched assessment
/// (`IMWG-002`, RULES.md 2.2): CR needs SIFE, UIFE (when urine was measurable) and a marrow
/// (carried forward); sCR also κ/λ and BM_CLONAL; VGPR/PR/MR need the response marker.
func missingTestsForReported(_ reported: ResponseCategory, values: MarkerValues?, baseline: LineBaseline) -> [String] {
    guard baseline.measurable != .none, reported.isResponse else { return [] }
    let v = values ?? MarkerValues()
    var missing: [String] = []
    if reported >= .cr {
        if v.sife == nil { missing.append("SIFE") }
        if v.uife == nil && baseline.urineMeasurable { missing.append("UIFE") }
        if v.bmpc == nil { missing.append("BMPC") }
        if reported == .scr {
            if v.flcK == nil || v.flcL == nil { missing.append("FLC_K/FLC_L") }
            if v.bmClonal == nil { missing.append("BM_CLONAL") }
        }
        return missing
    }
    switch baseline.measurable {
    case .serum:
        if v.spep == nil { missing.append("SPEP_M") }
        if baseline.urineMeasurable && v.upep == nil { missing.append("UPEP_M") }
    case .urine:
        if v.upep == nil { missing.append("UPEP_M") }
    case .flc:
        if v.flcK == nil || v.flcL == nil { missing.append("FLC_K/FLC_L") }
    case .marrow:
        if v.bmpc == nil { missing.append("BMPC") }
    case .none:
        break
    }
    return missing
}
