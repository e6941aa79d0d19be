import MMModel

/// IMWG response per assessment on every line, with confirmation, BOR and progression
/// (RULES.md 2, Kumar et al., Lancet Oncol 2016).
///
/// - Parameters:
///   - record: the patient's validated records (labs excluded from derivation are ignored).
///   - lines: the patient's lines in order (may be empty: then only reported PD is returned).
///   - options: RULES.md 2 options.
public func evaluateResponse(record: PatientRecord, lines: [LineSpan], options: ResponseOptions) -> ResponseEvaluation {
    evaluateResponse(record: record, labs: LabIndex(record), lines: lines, options: options)
}

/// `evaluateResponse` with the patient's labs indexed once (`LabIndex`: both passes of
/// `PatientDeriver.results` share it).
func evaluateResponse(record: PatientRecord, labs: LabIndex, lines: [LineSpan], options: ResponseOptions)
    -> ResponseEvaluation {
    // Sorted by start; a line's span never runs past the next line's start, even when the
    // caller left `nextStart` empty.
    var lines = lines.sorted { $0.start < $1.start }
    for i in lines.indices.dropLast() {
        let following = lines[i + 1].start
        lines[i].nextStart = min(lines[i].nextStart ?? following, following)
    }
    let merge = clampedDays(options.assessmentMergeDays)

    // Every assessment date (labs grouped per line span, and the site's), for death
    // confirmation and PFS censoring. Labs before the first line form their own span.
    var labSpans: [(line: LineSpan?, assessments: [LabAssessment])] = []
    if let first = lines.first {
        let before = labAssessments(labs, after: Day(rawValue: Int32.min), before: first.start, mergeDays: merge)
        labSpans.append((nil, before))
        for line in lines {
            labSpans.append((line, labAssessments(labs, after: line.start, before: line.nextStart, mergeDays: merge)))
        }
    } else {
        labSpans.append((nil, labAssessments(labs, after: Day(rawValue: Int32.min), before: nil, mergeDays: merge)))
    }
    var allDates = Set(record.assessments.map(\.date))
    for span in labSpans { for a in span.assessments { allDates.insert(a.date) } }
    let assessmentDates = allDates.sorted()

    var evaluation = ResponseEvaluation(assessmentDates: assessmentDates)
    var progressions: [ProgressionEvent] = []

    // Site-reported PD, new lesion or plasmacytoma: progression on its date, no confirmation.
    for a in record.assessments where a.reportsProgression {
        progressions.append(ProgressionEvent(date: a.date, source: .reported, line: lineNumber(ofProgressionOn: a.date, lines: lines)))
    }

    for span in labSpans {
        guard let line = span.line else { continue }
        let result = evaluateLine(line, labAssessments: span.assessments, record: record, labs: labs,
                                  lines: lines, assessmentDates: assessmentDates, options: options)
        evaluation.lines.append(result.response)
        evaluation.findings.append(contentsOf: result.findings)
        evaluation.comparisons.append(contentsOf: result.comparisons)
        if let p = result.computedProgression { progressions.append(p) }
    }

    // Sorted by date; one event per date (the computed one when labs and site agree on it).
    progressions.sort { ($0.date, $0.source == .computed ? 0 : 1) < ($1.date, $1.source == .computed ? 0 : 1) }
    var seen = Set<Day>()
    evaluation.progressions = progressions.filter { seen.insert($0.date).inserted }
    return evaluation
}

/// One assessment of a line while it is being evaluated.
private struct Point {
    var date: Day
    var lab: LabAssessment?
    var site: Assessment?
    var computed: CategoryResult?
    var used: ResponseCategory?
    var usedFromLabs = true
    /// The nadirs the category was judged against (before this point's own values).
    var nadirs: MarkerNadirs?
}

private struct LineResult {
    var response: LineResponse
    var computedProgression: ProgressionEvent?
    /// `IMWG-002` and `IMWG-004`.
    var findings: [Finding]
    /// The site's assessments with the categories computed at them (`IMWG-001`/`003`, raised by
    /// Validate's reconciliation).
    var comparisons: [ResponseComparison]
}

/// RULES.md 2.1–2.5 on one line: baseline, categories in date order, confirmation, progression,
/// BOR, and each assessment's outcome.
private func evaluateLine(_ line: LineSpan, labAssessments labAs: [LabAssessment], record: PatientRecord,
                          labs: LabIndex, lines: [LineSpan], assessmentDates: [Day],
                          options: ResponseOptions) -> LineResult {
    let window = clampedDays(options.baselineWindowDays)
    let baseline = lineBaseline(line: line, labs: labs, lightChain: record.patient?.lightChain,
                                windowDays: window)
    var findings: [Finding] = []
    if baseline.measurable == .none {
        findings.append(nonMeasurableFinding(line, record: record, windowDays: window))
    }

    // Site assessments of this line, matched to the lab assessments; categories per response_source.
    let site = record.assessments.filter { lineHoldingSiteAssessment($0.date, lines: lines)?.number == line.number }
    var points = linePoints(labAs, site: site, mergeDays: clampedDays(options.assessmentMergeDays))
    categorise(&points, baseline: baseline, options: options)

    // Confirmation (RULES.md 2.3).
    let context = ConfirmationContext(policy: options.confirmation, confirmLast: options.confirmLast,
                                      pdConfirmedByNextLine: options.pdConfirmedByNextLine,
                                      deathDate: record.patient?.deathDate, nextLineStart: line.nextStart,
                                      allAssessmentDates: assessmentDates)
    let confirmed = confirmCategories(confirmationSteps(points, baseline: baseline), context: context)

    // Progression of the line: the first confirmed lab PD, or an earlier reported PD / lesion.
    let computedProgression = points.indices.first { i in
        let p = points[i]
        return confirmed[i].confirmed == .pd && p.usedFromLabs && p.lab != nil
            && !(p.computed?.pdMarkers ?? []).subtracting([.lesion]).isEmpty
    }.map { ProgressionEvent(date: points[$0].date, source: .computed, line: line.number) }
    var progression = computedProgression
    if let r = site.filter(\.reportsProgression).map(\.date).min(), progression.map({ r < $0.date }) ?? true {
        progression = ProgressionEvent(date: r, source: .reported, line: line.number)
    }

    let bor = bestOverallResponse(dates: points.map(\.date), confirmed: confirmed.map(\.confirmed),
                                  progression: progression?.date)
    var result = LineResult(
        response: LineResponse(line: line.number, measurable: baseline.measurable, assessments: [], bor: bor.bor,
                               borDate: bor.date, borSource: borSource(bor, points: points, confirmed: confirmed,
                                                                       progression: progression),
                               progression: progression),
        computedProgression: computedProgression, findings: findings, comparisons: [])
    result.response.baselineValues = baseline.values
    for (i, p) in points.enumerated() {
        result.record(p, confirmed: confirmed[i], partner: confirmed[i].partner.map { points[$0].date },
                      line: line.number, key: record.key, baseline: baseline, labs: labs, options: options)
    }
    return result
}

/// SPEC 5: every finding has a SOURCE. The missing values have no row of their own, so `IMWG-004`
/// points at the therapy row that starts the line (its first non-steroid drug or transplant),
/// where the coordinator finds the line the message names.
private func nonMeasurableFinding(_ line: LineSpan, record: PatientRecord, windowDays window: Int) -> Finding {
    let starts = record.therapies.filter { $0.start == line.start }
    let anchor = starts.first { !$0.isSteroid } ?? starts.first
    return Finding(.IMWG004, key: record.key, table: anchor == nil ? .labs : .therapies, provenance: anchor?.provenance,
                   field: "MEASDIS", value: "NONE",
                   message: "No marker is measurable at the baseline of line \(line.number) (starting \(line.start.iso)): "
                       + "enter the SPEP/UPEP/FLC/marrow values of \((line.start - window).iso) to \(line.start.iso) if they exist; response levels are not evaluable.")
}

/// The line's assessments in date order: each lab assessment with the site assessment matched to
/// it, then the site assessments of their own (a lab one first on the same day).
private func linePoints(_ labAs: [LabAssessment], site: [Assessment], mergeDays: Int) -> [Point] {
    let match = matchSiteAssessments(labDates: labAs.map(\.date), site: site, mergeDays: mergeDays)
    var points: [Point] = labAs.enumerated().map { i, a in
        Point(date: a.date, lab: a, site: match.matched[i].map { site[$0] })
    }
    for s in match.unmatched { points.append(Point(date: site[s].date, lab: nil, site: site[s])) }
    points.sort { a, b in a.date != b.date ? a.date < b.date : (a.lab != nil && b.lab == nil) }
    return points
}

/// IMWG categories in date order against the nadirs so far, marrow carried forward from the
/// line's baseline marrow (RULES.md 2.1–2.2); then the category used per `response_source`.
private func categorise(_ points: inout [Point], baseline: LineBaseline, options: ResponseOptions) {
    var tracker = NadirTracker(baseline: baseline, definition: options.nadir)
    var carriedBMPC = baseline.values.bmpc
    var carriedClonal = baseline.values.bmClonal
    for i in points.indices {
        let lesion = points[i].site?.reportsLesion ?? false
        if var values = points[i].lab?.values {
            if values.bmpcMeasured {
                carriedBMPC = values.bmpc
                carriedClonal = values.bmClonal
            } else {
                values.bmpc = carriedBMPC
                if let c = values.bmClonal { carriedClonal = c } else { values.bmClonal = carriedClonal }
            }
            points[i].lab?.values = values
            points[i].nadirs = tracker.current
            points[i].computed = imwgCategory(values: values, lesion: lesion, baseline: baseline, nadirs: tracker.current)
            tracker.record(values)
        } else if lesion {
            points[i].computed = CategoryResult(category: .pd, pdMarkers: [.lesion])
        }
        let u = usedCategory(computed: points[i].computed?.category, reported: points[i].site?.response,
                             source: options.responseSource)
        points[i].used = u.category
        points[i].usedFromLabs = u.fromLabs
    }
}

/// The confirmation input of each point (RULES.md 2.3): a reported PD, a lesion or marrow PD,
/// and any category of a marrow-only baseline stand at once.
private func confirmationSteps(_ points: [Point], baseline: LineBaseline) -> [ConfirmationStep] {
    points.map { p in
        let markers = p.usedFromLabs ? (p.computed?.pdMarkers ?? []) : []
        let marrowOnly = baseline.measurable == .marrow && p.usedFromLabs && p.lab != nil
        let standsAtOnce = (p.used == .pd && (!p.usedFromLabs || markers.contains(.lesion) || markers.contains(.marrow)))
            || (marrowOnly && p.used != .pd)
        return ConfirmationStep(date: p.date, category: p.used, pdMarkers: markers, standsAtOnce: standsAtOnce,
                                reportedPD: p.site?.response == .pd)
    }
}

/// `BORSRC` (RULES.md 2.3): the source of the BOR assessment and of its confirming partner; for a
/// BOR of PD without one, the progression's source.
private func borSource(_ bor: (bor: ResponseCategory, date: Day?, index: Int?), points: [Point],
                       confirmed: [ConfirmedStep], progression: ProgressionEvent?) -> BORSource? {
    if let i = bor.index {
        var sources = Set([points[i].usedFromLabs])
        if let j = confirmed[i].partner { sources.insert(points[j].usedFromLabs) }
        return sources.count > 1 ? .mixed : (sources.first == true ? .computed : .reported)
    }
    guard bor.bor == .pd, let progression else { return nil }
    return progression.source == .computed ? .computed : .reported
}

extension LineResult {
    /// One assessment's outcome with its evidence; a site assessment with a response is kept for
    /// reconciliation, and `IMWG-002` names the tests its reported response lacks (RULES.md 2.2).
    mutating func record(_ p: Point, confirmed: ConfirmedStep, partner: Day?, line: Int, key: PatientKey,
                         baseline: LineBaseline, labs: LabIndex, options: ResponseOptions) {
        let reported = p.site?.response
        let computed = p.computed?.category
        let agrees = responsesAgree(computed: computed, reported: reported)
        let window = max(0, options.assessmentMergeDays)
        let relapse = relapseFeature(at: p.date, site: p.site.map { [$0] } ?? [],
                                     labs: labs.crabLabs(around: p.date, days: window), baseline: baseline,
                                     options: options)
        var outcome = AssessmentOutcome(date: p.date, line: line, computed: computed, reported: reported,
                                        used: p.used, confirmed: confirmed.confirmed, agrees: agrees,
                                        relapseFeature: relapse)
        outcome.evidence = AssessmentEvidence(values: p.lab?.values, nadirs: p.nadirs, confirmedWith: partner,
                                              site: p.site?.provenance)
        response.assessments.append(outcome)
        guard let s = p.site, let r = reported else { return }
        comparisons.append(ResponseComparison(site: s, computed: computed, agrees: agrees, labDate: p.lab?.date))
        let missing = missingTestsForReported(r, values: p.lab?.values, baseline: baseline)
        if !missing.isEmpty {
            findings.append(Finding(.IMWG002, key: key, table: .assessments, provenance: s.provenance,
                                    field: "response", value: r.rawValue,
                                    message: "Response \(r.rawValue) reported on \(s.date.iso) without \(missing.joined(separator: ", ")) within \(clampedDays(options.assessmentMergeDays)) days: enter the missing tests or correct the response."))
        }
    }
}

/// A window option as a day count that date arithmetic cannot overflow (0 to 100 years): a
/// nonsensical option never crashes the run.
func clampedDays(_ days: Int) -> Int { min(max(0, days), 36_525) }
