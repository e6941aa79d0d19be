import MMModel

/// What the endpoints of RULES.md 8 are computed from.
public struct EndpointInputs: Sendable {
    public var indexDate: Day
    /// The index line's number.
    public var indexLine: Int
    public var lines: [LineSpan]
    public var evaluation: ResponseEvaluation
    public var deathDate: Day?
    /// `LSTALVDT` (see `lastAliveDate(_:)`).
    public var lastAlive: Day
}

/// `PARAM` labels of `adtte.csv` (SPEC 7).
public enum EndpointParam: String, Sendable, CaseIterable {
    case pfs = "PFS", os = "OS", ttnt = "TTNT", dor = "DOR", ttr = "TTR"

    public var label: String {
        switch self {
        case .pfs: return "Progression-Free Survival (days)"
        case .os: return "Overall Survival (days)"
        case .ttnt: return "Time to Next Treatment (days)"
        case .dor: return "Duration of Response (days)"
        case .ttr: return "Time to Response (days)"
        }
    }
}

/// The outcome of one time-to-event endpoint before it becomes a row.
struct EndpointOutcome: Sendable, Hashable {
    var date: Day
    var event: Bool
    var description: String
}

/// PFS, OS, TTNT, DOR and TTR rows from the index date (RULES.md 8, FDA 2007/2018 guidance).
/// `CNSR` 0 = event, 1 = censored; an event on the censoring date is an event. DOR and TTR
/// rows exist only for responders (BOR of the index line ≥ PR).
public func timeToEventRows(key: PatientKey, inputs: EndpointInputs, options: EndpointOptions) -> [ADTTERow] {
    let start = inputs.indexDate
    func row(_ p: EndpointParam, from: Day, _ o: EndpointOutcome) -> ADTTERow {
        // ADaM: EVNTDESC describes the event or the censoring; CNSDTDSC only censoring dates.
        ADTTERow(key: key, PARAMCD: p.rawValue, PARAM: p.label, STARTDT: from, ADT: o.date, CNSR: o.event ? 0 : 1,
                 EVNTDESC: o.event ? o.description : "CENSORED", CNSDTDSC: o.event ? nil : o.description)
    }
    let pfs = progressionFreeSurvival(inputs, options: options)
    var rows = [
        row(.pfs, from: start, pfs),
        row(.os, from: start, overallSurvival(inputs)),
        row(.ttnt, from: start, timeToNextTreatment(inputs, options: options)),
    ]
    if let index = inputs.evaluation.response(ofLine: inputs.indexLine), index.bor >= .pr, index.bor != .ne,
       let responded = index.borDate {
        rows.append(row(.dor, from: responded, pfs))
        rows.append(row(.ttr, from: start, EndpointOutcome(date: responded, event: true,
                                                         description: "RESPONSE (\(index.bor.rawValue))")))
    }
    return rows
}

/// The first line after the index line that starts after the index date.
func nextLineStart(_ inputs: EndpointInputs) -> Day? {
    inputs.lines.filter { $0.number > inputs.indexLine && $0.start > inputs.indexDate }.map(\.start).min()
}

/// PFS (RULES.md 8): event = the first progression after the index date (confirmed computed
/// PD, or reported PD) or death; censored at the last response assessment after index (a
/// single unconfirmed PD counts as one); with `pfs_censor_new_therapy`, a new line starting
/// before the event censors at the last assessment before it; no assessment after index →
/// censored at day 0.
///
/// Readings: a progression on the index date belongs to the previous line (it led to the
/// index line), so only progressions strictly after index count; an event on the day the new
/// line starts is an event (it did not come after the new therapy); a lab dated on the next
/// line's start is that line's baseline, not an assessment before it.
func progressionFreeSurvival(_ inputs: EndpointInputs, options: EndpointOptions) -> EndpointOutcome {
    let index = inputs.indexDate
    let progression = inputs.evaluation.progressions.map(\.date).filter { $0 > index }.min()
    let death = inputs.deathDate.flatMap { $0 >= index ? $0 : nil }
    var event: EndpointOutcome?
    switch (progression, death) {
    case let (p?, d?): event = EndpointOutcome(date: min(p, d), event: true, description: p <= d ? "PROGRESSION" : "DEATH")
    case let (p?, nil): event = EndpointOutcome(date: p, event: true, description: "PROGRESSION")
    case let (nil, d?): event = EndpointOutcome(date: d, event: true, description: "DEATH")
    case (nil, nil): event = nil
    }
    let newLine = options.pfsCensorNewTherapy ? nextLineStart(inputs) : nil
    if let e = event, newLine.map({ e.date <= $0 }) ?? true { return e }
    // Censored: the last response assessment after index (and before the new line).
    let last = inputs.evaluation.assessmentDates.filter { d in d > index && (newLine.map { d < $0 } ?? true) }.max()
    if let last {
        return EndpointOutcome(date: last, event: false,
                               description: newLine != nil ? "LAST RESPONSE ASSESSMENT BEFORE NEW ANTI-MYELOMA THERAPY"
                                                           : "LAST RESPONSE ASSESSMENT")
    }
    return EndpointOutcome(date: index, event: false, description: "NO RESPONSE ASSESSMENT AFTER INDEX")
}

/// OS (RULES.md 8): death, else censored at `LSTALVDT`.
func overallSurvival(_ inputs: EndpointInputs) -> EndpointOutcome {
    if let d = inputs.deathDate { return EndpointOutcome(date: d, event: true, description: "DEATH") }
    return EndpointOutcome(date: max(inputs.lastAlive, inputs.indexDate), event: false, description: "LAST DATE KNOWN ALIVE")
}

/// TTNT (RULES.md 8): start of the next line after the index line, or death (option
/// `ttnt_death_is_event`, default true); censored at `LSTALVDT`.
func timeToNextTreatment(_ inputs: EndpointInputs, options: EndpointOptions) -> EndpointOutcome {
    let next = nextLineStart(inputs)
    let death = options.ttntDeathIsEvent ? inputs.deathDate : nil
    switch (next, death) {
    case let (n?, d?):
        return n <= d ? EndpointOutcome(date: n, event: true, description: "START OF NEXT LINE")
                      : EndpointOutcome(date: d, event: true, description: "DEATH")
    case let (n?, nil): return EndpointOutcome(date: n, event: true, description: "START OF NEXT LINE")
    case let (nil, d?): return EndpointOutcome(date: d, event: true, description: "DEATH")
    case (nil, nil):
        return EndpointOutcome(date: max(inputs.lastAlive, inputs.indexDate), event: false, description: "LAST DATE KNOWN ALIVE")
    }
}

/// `LSTALVDT` = max(`last_contact_date`, every dated record of the patient: diagnosis, labs,
/// assessments, therapy start/end, AE onset/end, cytogenetics); equals `death_date` for the
/// dead (RULES.md 8). nil when the patient has no date at all.
public func lastAliveDate(_ record: PatientRecord) -> Day? {
    if let death = record.patient?.deathDate { return death }
    var last: Day?
    func see(_ d: Day?) {
        guard let d else { return }
        if last.map({ d > $0 }) ?? true { last = d }
    }
    see(record.patient?.lastContactDate)
    see(record.patient?.diagnosisDate)
    for l in record.labs { see(l.date) }
    for a in record.assessments { see(a.date) }
    for t in record.therapies { see(t.start); see(t.end) }
    for e in record.adverseEvents { see(e.onsetDate); see(e.endDate) }
    for c in record.cytogenetics { see(c.date) }
    return last
}

/// `adrs.csv` rows (SPEC 7): one `OVRLRESP` row per assessment date (`AVALC` = computed
/// category, `RPTRESP` = reported, `CONFFL` = the category used there was confirmed at its
/// level, `AGREEFL` = computed and reported agree) and one `BOR` row per line (`AVALC` = BOR,
/// `ADT` = response date).
public func responseRows(key: PatientKey, evaluation: ResponseEvaluation) -> [ADRSRow] {
    var rows: [ADRSRow] = []
    for line in evaluation.lines {
        for a in line.assessments {
            let conf: Bool? = a.used.flatMap { $0 == .ne ? nil : a.confirmed == $0 }
            rows.append(ADRSRow(key: key, LOT: line.line, ADT: a.date, PARAMCD: "OVRLRESP", AVALC: a.computed?.rawValue,
                                RPTRESP: a.reported?.rawValue, CONFFL: conf, AGREEFL: a.agrees))
        }
        rows.append(ADRSRow(key: key, LOT: line.line, ADT: line.borDate, PARAMCD: "BOR", AVALC: line.bor.rawValue,
                            RPTRESP: nil, CONFFL: nil, AGREEFL: nil))
    }
    return rows
}
