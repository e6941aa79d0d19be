import MMModel

/// One assessment of a line as confirmation sees it (RULES.md 2.3).
struct ConfirmationStep: Sendable, Hashable {
    var date: Day
    /// The category used (per `response_source`); nil or `NE` = no category, skipped.
    var category: ResponseCategory?
    /// Markers of a lab PD (a reported PD has none).
    var pdMarkers: Set<PDMarker> = []
    /// Marrow and imaging need no confirmation, nor does a site-reported PD.
    var standsAtOnce: Bool = false
    /// The site reported PD at this assessment, alone or merged with labs into it (RULES.md
    /// 2.3, version 2: it confirms the lab PD before it either way).
    var reportedPD: Bool = false
}

/// What confirmation needs beyond the line's own assessments.
struct ConfirmationContext: Sendable {
    var policy: ConfirmationPolicy = .required
    var confirmLast: Bool = false
    var pdConfirmedByNextLine: Bool = false
    var deathDate: Day?
    /// Start of the next line (nil = none).
    var nextLineStart: Day?
    /// Every assessment date of the patient (labs or site, any line, with or without a
    /// category): death confirms a PD only when none lies between them.
    var allAssessmentDates: [Day] = []
}

/// The category confirmed at each step and the step that confirmed it.
struct ConfirmedStep: Sendable, Hashable {
    /// nil = not a category (NE) or an unconfirmed PD; an unconfirmed response is `SD`.
    var confirmed: ResponseCategory?
    /// Index of the confirming (second) assessment, when there was one.
    var partner: Int?
}

/// Confirmation by two consecutive assessments before any new line (RULES.md 2.3, Kumar
/// 2016): a response at t1 followed by t2 — t2 ≥ t1 confirms t1's level at t1; t2 lower but
/// ≥ MR confirms t2's level at t1; otherwise t1 is SD. A lab PD is confirmed by the next
/// PD on the same marker, or by death with no assessment between them, or (option) by the
/// start of a new line. `NE` assessments are skipped.
///
/// Readings: a site-reported PD as the next assessment confirms a lab PD — stand-alone or
/// merged with labs into one assessment, whatever its labs give (RULES.md 2.3, version 2: it
/// is progression itself, so the progression dates from the first, lab, PD); death must come
/// before the next line starts; `pd_confirmed_by_next_line` needs the PD to be the line's
/// last categorized assessment.
func confirmCategories(_ steps: [ConfirmationStep], context c: ConfirmationContext) -> [ConfirmedStep] {
    var out = [ConfirmedStep](repeating: ConfirmedStep(confirmed: nil, partner: nil), count: steps.count)
    let categorized = steps.indices.filter { steps[$0].category.map { $0 != .ne } ?? false }
    for (k, i) in categorized.enumerated() {
        guard let cat = steps[i].category else { continue }
        let next: Int? = k + 1 < categorized.count ? categorized[k + 1] : nil
        if c.policy == .notRequired || steps[i].standsAtOnce {
            out[i] = ConfirmedStep(confirmed: cat, partner: nil)
            continue
        }
        switch cat {
        case .sd:
            out[i] = ConfirmedStep(confirmed: .sd, partner: nil)
        case .pd:
            if let j = next {
                let m1 = steps[i].pdMarkers, m2 = steps[j].pdMarkers
                if steps[j].reportedPD
                    || steps[j].category == .pd && (m2.isEmpty || !m1.isDisjoint(with: m2) || steps[j].standsAtOnce) {
                    out[i] = ConfirmedStep(confirmed: .pd, partner: j)
                    continue
                }
            }
            if deathConfirms(pdDate: steps[i].date, context: c) {
                out[i] = ConfirmedStep(confirmed: .pd, partner: nil)
            } else if next == nil && c.pdConfirmedByNextLine && c.nextLineStart != nil {
                out[i] = ConfirmedStep(confirmed: .pd, partner: nil)
            } else if next == nil && c.confirmLast {
                out[i] = ConfirmedStep(confirmed: .pd, partner: nil)
            }
        default:
            guard let j = next, let second = steps[j].category else {
                out[i] = ConfirmedStep(confirmed: c.confirmLast ? cat : .sd, partner: nil)
                continue
            }
            if second >= cat {
                out[i] = ConfirmedStep(confirmed: cat, partner: j)
            } else if second >= .mr {
                out[i] = ConfirmedStep(confirmed: second, partner: j)
            } else {
                out[i] = ConfirmedStep(confirmed: .sd, partner: nil)
            }
        }
    }
    return out
}

/// Death confirms a PD only when no other assessment (labs or site) lies between them, and
/// (reading) only before the next line starts.
func deathConfirms(pdDate: Day, context c: ConfirmationContext) -> Bool {
    guard let death = c.deathDate, death >= pdDate else { return false }
    if let next = c.nextLineStart, death >= next { return false }
    return !c.allAssessmentDates.contains { $0 > pdDate && $0 < death }
}

/// Best overall response of a line (RULES.md 2.3): the best confirmed category (SD included)
/// dated before the line's progression; `PD` when progression came first; `NE` when the line
/// has no assessment after its start or only an unconfirmed PD. The date is the first of
/// the two confirming assessments (for PD, the progression date). On a tie of levels the
/// earliest date is kept.
func bestOverallResponse(dates: [Day], confirmed: [ResponseCategory?], progression: Day?)
    -> (bor: ResponseCategory, date: Day?, index: Int?) {
    var best: (ResponseCategory, Day, Int)?
    for (i, cat) in confirmed.enumerated() {
        guard let cat, cat != .pd, cat != .ne else { continue }
        if let p = progression, dates[i] >= p { continue }
        if let b = best, cat <= b.0 { continue }
        best = (cat, dates[i], i)
    }
    if let best { return (best.0, best.1, best.2) }
    if let progression { return (.pd, progression, nil) }
    return (.ne, nil, nil)
}
