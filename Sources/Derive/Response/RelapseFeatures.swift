import MMModel

/// A clinical relapse feature at an assessment (RULES.md 2.5, SLiM-CRAB, Rajkumar 2014):
/// new lesion or plasmacytoma; calcium > 11 mg/dL; Hb fall ≥ 2 g/dL from the line's baseline
/// (or Hb < 10 g/dL with the option); creatinine rise ≥ 2 mg/dL from the line's baseline; or
/// `crab` reported. Used for disease status, not for PFS.
///
/// - Parameters: the calcium, Hb and creatinine values dated within `assessment_merge_days`
///   (either side) of the assessment, and the line's baseline Hb and creatinine.
public func hasClinicalRelapseFeature(calcium: [Double], hgb: [Double], creatinine: [Double],
                                      baselineHgb: Double?, baselineCreatinine: Double?,
                                      lesionOrPlasmacytoma: Bool, crabReported: Bool,
                                      hbBelow10Counts: Bool) -> Bool {
    if lesionOrPlasmacytoma || crabReported { return true }
    if calcium.contains(where: { above($0, 11) }) { return true }
    if let b = baselineHgb, hgb.contains(where: { atLeast(b - $0, 2) }) { return true }
    if hbBelow10Counts, hgb.contains(where: { below($0, 10) }) { return true }
    if let b = baselineCreatinine, creatinine.contains(where: { atLeast($0 - b, 2) }) { return true }
    return false
}

/// RULES.md 7 (version 2): labs drawn on the index date count for `SYMPTOMATIC_RELAPSE` —
/// they are the index line's baseline and show the state in which it started, though no
/// assessment of the previous line holds them (its assessments end the day before the index
/// date). Calcium, Hb and creatinine of the index date, against the previous line's baseline
/// (RULES.md 2.5).
public func relapseFeatureOnIndexDate(record: PatientRecord, previousLine: LineSpan, indexDate: Day,
                                      options: ResponseOptions) -> Bool {
    relapseFeatureOnIndexDate(record: record, labs: LabIndex(record), previousLine: previousLine, indexDate: indexDate,
                              options: options)
}

/// `relapseFeatureOnIndexDate` with the patient's labs already indexed (`LabIndex`).
func relapseFeatureOnIndexDate(record: PatientRecord, labs: LabIndex, previousLine: LineSpan, indexDate: Day,
                               options: ResponseOptions) -> Bool {
    let onIndex = labs.crabLabs(around: indexDate, days: 0)
    guard !onIndex.isEmpty else { return false }
    let baseline = lineBaseline(line: previousLine, labs: labs, lightChain: record.patient?.lightChain,
                                windowDays: clampedDays(options.baselineWindowDays))
    return relapseFeature(at: indexDate, site: [], labs: onIndex, baseline: baseline, options: options)
}

/// RULES.md 2.5 at the assessment dated `date` of a line with `baseline`: of `labs`, the calcium,
/// Hb and creatinine dated within `assessment_merge_days` (either side) of `date`.
func relapseFeature(at date: Day, site: [Assessment], labs: ArraySlice<LabPoint>, baseline: LineBaseline,
                    options: ResponseOptions) -> Bool {
    let window = max(0, options.assessmentMergeDays)
    var ca: [Double] = [], hb: [Double] = [], cr: [Double] = []
    for p in labs where abs(p.date - date) <= window {
        guard let x = p.value.numeric(for: p.test) else { continue }
        switch p.test {
        case .ca: ca.append(x)
        case .hgb: hb.append(x)
        case .creat: cr.append(x)
        default: break
        }
    }
    let lesion = site.contains(where: \.reportsLesion)
    let crab = site.contains { !$0.crab.isEmpty }
    return hasClinicalRelapseFeature(calcium: ca, hgb: hb, creatinine: cr, baselineHgb: baseline.hgb,
                                     baselineCreatinine: baseline.creat, lesionOrPlasmacytoma: lesion,
                                     crabReported: crab, hbBelow10Counts: options.hbBelow10IsRelapseFeature)
}
