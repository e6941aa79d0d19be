import MMModel

// Lines of therapy (RULES.md 3; Rajkumar, Richardson, San Miguel, Blood 2015;126:921 — the
// IMWG consensus on what a line is), operationalised as a single pass over the patient's
// drug exposures in date order. Steroids and transplants are handled by their own rules.

/// Why a line started (ADLOT `STARTRSN`, for the audit log).
public enum LineStartReason: String, Sendable, Hashable, CaseIterable {
    /// The patient's first line.
    case first = "FIRST"
    /// A non-steroid drug not in the line, first given after the regimen window (RULES.md 3 step 3).
    case newDrugAfterWindow = "NEW_DRUG_AFTER_WINDOW"
    /// A new drug or a restart after a progression (RULES.md 3 step 5).
    case progression = "PROGRESSION"
    /// Every non-steroid drug stopped longer than `gap_days` (RULES.md 3 step 5).
    case gap = "GAP"
    /// A transplant that is neither a tandem nor a planned step (RULES.md 3 step 4).
    case transplant = "TRANSPLANT"
}

/// A derived line of therapy (RULES.md 3): the unit of ADLOT.
public struct TherapyLine: Sendable, Hashable {
    public var number: Int
    /// First dose of the line.
    public var start: Day
    /// Last dose (or the day before the next line when doses overlap); nil = ongoing.
    public var end: Day?
    /// Start of the next line.
    public var nextStart: Day?
    public var startReason: LineStartReason
    /// `stop_reason` of the drug(s) stopped last, else why the next line started (RULES.md 3 step 6).
    public var endReason: String?
    /// Every row of the line: its own rows, rows carried over from the previous line, steroids.
    public var members: [ResolvedExposure]

    /// A transplant was given in the line (`ASCTFL`; RULES.md 3: "a transplant is flagged by ASCTFL").
    public var hasTransplant: Bool { members.contains { $0.exposure.isTransplant } }

    /// Canonical drug names given in the line, steroids included, transplants not (SPEC 7 `REGIMEN`).
    public var drugNames: [String] {
        Array(Set(members.filter { !$0.exposure.isTransplant }.map(\.exposure.drug))).sorted()
    }

    /// `REGIMEN`: the drug names sorted and joined by `+`.
    public var regimen: String { drugNames.joined(separator: "+") }

    /// `CLASSES`: the drugs' classes (transplant excluded), sorted by code, joined by `+`.
    public var classes: String {
        var set = Set<DrugClass>()
        for m in members where !m.exposure.isTransplant { set.formUnion(m.exposure.classes) }
        set.remove(.transplant)
        return set.map(\.rawValue).sorted().joined(separator: "+")
    }

    /// `REGLBL`: the regimen label of the line's first labelled rows (its own rows, not carried ones).
    public var label: String? {
        members.filter { $0.exposure.start >= start && $0.exposure.regimenLabel != nil }
            .min { exposureOrder($0.exposure, $1.exposure) }?.exposure.regimenLabel
    }

    /// First and last dose of each drug within the line (clipped to the line's span), steroids
    /// included when asked, transplants never (RULES.md 4 (b): "first to last dose within the line").
    public func drugSpans(includingSteroids: Bool = false) -> [DrugSpan] {
        var spans: [String: DrugSpan] = [:]
        var ongoing: Set<String> = []
        for m in members where !m.exposure.isTransplant && (includingSteroids || !m.exposure.isSteroid) {
            let first = max(m.exposure.start, start)
            var last: Day? = m.end
            if let e = end { last = min(m.end ?? e, e) }
            if last == nil { ongoing.insert(m.exposure.drug) }
            let d = m.exposure.drug
            if var s = spans[d] {
                s.firstDose = min(s.firstDose, first)
                if let l = last, let sl = s.lastDose { s.lastDose = max(sl, l) } else if let l = last { s.lastDose = l }
                spans[d] = s
            } else {
                spans[d] = DrugSpan(drug: d, firstDose: first, lastDose: last)
            }
        }
        for d in ongoing { spans[d]?.lastDose = nil }
        return spans.values.sorted { $0.drug < $1.drug }
    }

    /// The line as the response engine sees it (non-steroid drugs only).
    public var span: LineSpan {
        LineSpan(number: number, start: start, end: end, nextStart: nextStart, drugs: drugSpans())
    }
}

/// The lines of one patient (RULES.md 3) and every row's place in them.
public struct LineDerivation: Sendable {
    public var lines: [TherapyLine]
    /// Every usable row (after diagnosis) with its resolved end and lines.
    public var exposures: [ResolvedExposure]

    public init(lines: [TherapyLine] = [], exposures: [ResolvedExposure] = []) {
        self.lines = lines
        self.exposures = exposures
    }
}

/// Deterministic row order: start date, then file order, then drug name.
func exposureOrder(_ a: TherapyExposure, _ b: TherapyExposure) -> Bool {
    if a.start != b.start { return a.start < b.start }
    if a.provenance.file != b.provenance.file { return a.provenance.file < b.provenance.file }
    if a.provenance.line != b.provenance.line { return a.provenance.line < b.provenance.line }
    return a.drug < b.drug
}

/// RULES.md 3 step 4: `setting` CONDITIONING, CONSOLIDATION or MAINTENANCE marks a planned step
/// of the current line (transplants are planned steps by nature, see `deriveLines`).
public func isPlannedSequenceSetting(_ s: TherapySetting?) -> Bool {
    s == .conditioning || s == .consolidation || s == .maintenance
}

/// RULES.md 3 step 5: a progression dated after the current line's start and on or before the new
/// row's first dose starts a new line with that row (a new drug or a restart of the same drugs).
public func progressionBetween(lineStart: Day, rowStart: Day, progressions: [Day]) -> Bool {
    progressions.contains { $0 > lineStart && $0 <= rowStart }
}

/// RULES.md 3 step 5: an interval with every non-steroid drug stopped longer than `gap_days`
/// (90 days: a restart on day 90 after the last dose stays, day 91 starts a new line).
public func isTreatmentGap(lastDose: Day, nextDose: Day, gapDays: Int) -> Bool {
    nextDose - lastDose > gapDays
}

/// RULES.md 3 step 2: drugs first given within `regimen_window_days` (28: day 28 in, day 29 out)
/// of the line start belong to the line.
public func isWithinRegimenWindow(lineStart: Day, drugStart: Day, windowDays: Int) -> Bool {
    drugStart - lineStart <= windowDays
}

/// RULES.md 3 step 4: a planned step (or a transplant) starting within `sequence_max_gap_days`
/// (180) of the previous step's end continues the line.
public func isWithinSequenceGap(previousStepEnd: Day?, stepStart: Day, maxGapDays: Int) -> Bool {
    guard let end = previousStepEnd else { return true }   // the previous step is still given
    return stepStart - end <= maxGapDays
}

/// RULES.md 3 step 4: a transplant within `tandem_max_days` (180) of the previous transplant is a
/// planned tandem.
public func isPlannedTandem(previousTransplant: Day?, transplant: Day, tandemMaxDays: Int) -> Bool {
    guard let p = previousTransplant else { return false }
    return transplant - p <= tandemMaxDays
}

/// RULES.md 3 step 6: a line ends at the latest the day before the next line starts (doses that
/// overlap the next line's first dose belong to it); an end of nil (ongoing) is clipped too.
func clipped(_ end: Day?, beforeNextStart nextStart: Day?) -> Day? {
    guard let ns = nextStart, end.map({ $0 >= ns }) ?? true else { return end }
    return ns - 1
}

/// The non-steroid rows of one patient (after diagnosis, in `exposureOrder`) and which of them
/// are ongoing: what the line rules read.
private struct LineRows {
    var drivers: [TherapyExposure]
    var ongoing: Set<TherapyExposure>

    /// Provisional end used while building: a row with a missing end (not ongoing) reaches only
    /// its first dose until its line's end is known.
    func provisionalEnd(_ r: Int) -> Day {
        let e = drivers[r]
        return e.isTransplant ? e.start : (e.end ?? e.start)
    }
}

/// The line under construction.
private struct LineBuilder {
    var start: Day
    var reason: LineStartReason
    /// Non-steroid rows (indices into the sorted driver rows): own and carried over.
    var rows: [Int] = []
    var drugs: Set<String> = []
    /// Latest last dose of the non-steroid rows (provisional for rows with a missing end).
    var reach: Day
    /// Some non-steroid row is ongoing.
    var open = false

    /// A new line starting on `day` with `rows`.
    init(start day: Day, reason: LineStartReason, rows: [Int], of all: LineRows) {
        start = day
        self.reason = reason
        reach = day
        add(rows, of: all)
    }

    mutating func add(_ new: [Int], of all: LineRows) {
        for r in new {
            rows.append(r)
            drugs.insert(all.drivers[r].drug)
            reach = max(reach, all.provisionalEnd(r))
            open = open || all.ongoing.contains(all.drivers[r])
        }
    }
}

/// Derives the lines of therapy of one patient (RULES.md 3, Rajkumar 2015).
///
/// - Parameters:
///   - exposures: the patient's drug-level rows (regimen rows already expanded by Map).
///   - diagnosisDate: rows starting before it are ignored (step 1; validate reports them, `CHR-002`).
///   - progressions: progression dates (computed or reported) used by step 5.
///   - options: RULES.md 3 options.
public func deriveLines(exposures: [TherapyExposure], diagnosisDate: Day?, progressions: [Day],
                        options: LineOptions) -> LineDerivation {
    let usable = exposures.filter { e in diagnosisDate.map { e.start >= $0 } ?? true }
        .map { e -> TherapyExposure in
            // An end before the start (a `CHR-003` error) is repaired as validation repairs it.
            var e = e
            if e.hasEndBeforeStart { e.clearUnusableEnd() }
            return e
        }
        .sorted(by: exposureOrder)
    let rows = LineRows(drivers: usable.filter { !$0.isSteroid },
                        ongoing: Set(usable.filter { $0.isOngoing(among: usable) }))
    let built = buildLines(rows, progressions: Array(Set(progressions)).sorted(), options: options)
    // Spans: end = last dose of the non-steroid drugs, or the day before the next line when doses
    // overlap (step 6); steroids are assigned to these spans below, then extend the end.
    var lines: [TherapyLine] = built.enumerated().map { n, b in
        let nextStart = n + 1 < built.count ? built[n + 1].start : nil
        return TherapyLine(number: n + 1, start: b.start, end: clipped(b.open ? nil : b.reach, beforeNextStart: nextStart),
                           nextStart: nextStart, startReason: b.reason, endReason: nil, members: [])
    }
    let resolved = resolveDrivers(rows, built: built, lines: lines)
    let steroids = assignSteroids(usable.filter(\.isSteroid), lines: lines, ongoing: rows.ongoing)
    let all = (resolved + steroids).sorted { exposureOrder($0.exposure, $1.exposure) }
    for i in lines.indices {
        lines[i].members = all.filter { $0.lines.contains(lines[i].number) }
        // Line end = the last dose of its drugs, steroids included (step 6): a steroid course of the
        // line that outlasts its other drugs extends the end — still clipped to the day before the
        // next line. The gap rule ignored it (step 5). An ongoing line stays ongoing.
        var end = lines[i].end
        guard end != nil else { continue }
        for s in steroids where s.lines.contains(lines[i].number) {
            if let e = end { end = s.end.map { max(e, $0) } }
        }
        lines[i].end = clipped(end, beforeNextStart: lines[i].nextStart)
    }
    for i in lines.indices {
        lines[i].endReason = lineEndReason(lines[i], nextLine: i + 1 < lines.count ? lines[i + 1] : nil)
    }
    return LineDerivation(lines: lines, exposures: all)
}

/// RULES.md 3 steps 2–5 over the non-steroid rows in date order. Rows first given on the same day
/// are decided together: when one of them starts a line, all of them belong to it (they are
/// within its regimen window) — a drug restarted together with a new one is not left behind in
/// the old line.
private func buildLines(_ rows: LineRows, progressions: [Day], options: LineOptions) -> [LineBuilder] {
    let drivers = rows.drivers
    var built: [LineBuilder] = []
    var lastTransplant: Day?
    var i = 0
    while i < drivers.count {
        var j = i
        while j < drivers.count && drivers[j].start == drivers[i].start { j += 1 }
        let group = Array(i..<j)
        i = j
        let day = drivers[group[0]].start
        if let cur = built.last {
            let reasons = group.compactMap {
                newLineReason(drivers[$0], after: cur, lastTransplant: lastTransplant, progressions: progressions,
                              options: options)
            }
            let precedence: [LineStartReason] = [.progression, .gap, .transplant, .newDrugAfterWindow]
            if let reason = precedence.first(where: reasons.contains) {
                // A drug still given when the new line starts belongs to both lines (RULES.md 3).
                let carried = cur.rows.filter { r in
                    let d = drivers[r]
                    return !d.isTransplant && (rows.ongoing.contains(d) || (d.end.map { $0 >= day } ?? false))
                }
                built.append(LineBuilder(start: day, reason: reason, rows: carried + group, of: rows))
            } else {
                built[built.count - 1].add(group, of: rows)
            }
        } else {
            built.append(LineBuilder(start: day, reason: .first, rows: group, of: rows))
        }
        if group.contains(where: { drivers[$0].isTransplant }) { lastTransplant = day }
    }
    return built
}

/// Why row `e` would start a new line after `cur` (nil: it stays in `cur`), RULES.md 3 steps 2–5.
private func newLineReason(_ e: TherapyExposure, after cur: LineBuilder, lastTransplant: Day?, progressions: [Day],
                           options: LineOptions) -> LineStartReason? {
    let previousStepEnd: Day? = cur.open ? nil : cur.reach
    if progressionBetween(lineStart: cur.start, rowStart: e.start, progressions: progressions) {
        return .progression
    }
    if e.isTransplant {
        let tandem = isPlannedTandem(previousTransplant: lastTransplant, transplant: e.start,
                                     tandemMaxDays: options.tandemMaxDays)
        let planned = e.setting != .salvage && e.setting != .induction
            && isWithinSequenceGap(previousStepEnd: previousStepEnd, stepStart: e.start,
                                   maxGapDays: options.sequenceMaxGapDays)
        return tandem || planned ? nil : .transplant
    }
    if isPlannedSequenceSetting(e.setting)
        && isWithinSequenceGap(previousStepEnd: previousStepEnd, stepStart: e.start,
                               maxGapDays: options.sequenceMaxGapDays) {
        return nil   // step 4 takes precedence over the gap rule
    }
    if let last = previousStepEnd, isTreatmentGap(lastDose: last, nextDose: e.start, gapDays: options.gapDays) {
        return .gap
    }
    if cur.drugs.contains(e.drug)
        || isWithinRegimenWindow(lineStart: cur.start, drugStart: e.start, windowDays: options.regimenWindowDays) {
        return nil
    }
    return .newDrugAfterWindow
}

/// The non-steroid rows with their lines and resolved ends: RULES.md 4 last bullet — a missing end
/// on a drug that is not ongoing is taken as its line's end (nil while the line is ongoing: the
/// drug is then given as long as the line).
private func resolveDrivers(_ rows: LineRows, built: [LineBuilder], lines: [TherapyLine]) -> [ResolvedExposure] {
    var resolved: [ResolvedExposure] = rows.drivers.map {
        ResolvedExposure(exposure: $0, end: $0.isTransplant ? $0.start : $0.end, lines: [])
    }
    for (n, b) in built.enumerated() {
        for r in b.rows { resolved[r].lines.append(n + 1) }
    }
    for r in resolved.indices where resolved[r].end == nil && !rows.ongoing.contains(resolved[r].exposure) {
        let start = resolved[r].exposure.start
        if let first = resolved[r].lines.first {
            resolved[r].end = lines[first - 1].end.map { max($0, start) }
        } else {
            resolved[r].end = start
        }
    }
    return resolved
}

/// Steroids: the line during whose span a course starts, and every line that starts while it is
/// still given; a course outside every span (a bridge) belongs to none (RULES.md 3).
/// A line's span grows with the steroid courses already assigned to it (courses are taken in
/// start order): RULES.md 3 step 6 makes the line end "the last dose of its drugs", steroids
/// included, so a course starting before that end starts "during the line's span" (RULES.md 3:
/// "A steroid belongs to the line during whose span (start to end) it starts").
private func assignSteroids(_ steroids: [TherapyExposure], lines: [TherapyLine],
                            ongoing: Set<TherapyExposure>) -> [ResolvedExposure] {
    var spanEnd: [Day?] = lines.map(\.end)
    var out: [ResolvedExposure] = []
    for s in steroids {
        var member: [Int] = []
        var primary: Int?
        for line in lines where s.start >= line.start && (spanEnd[line.number - 1].map { s.start <= $0 } ?? true) {
            primary = line.number
            member.append(line.number)
        }
        var sEnd: Day? = s.end
        if sEnd == nil && !ongoing.contains(s) {
            sEnd = primary.flatMap { lines[$0 - 1].end }.map { max($0, s.start) } ?? s.start
        }
        for line in lines where line.start > s.start && (sEnd.map { $0 >= line.start } ?? true)
            && !member.contains(line.number) {
            member.append(line.number)
        }
        for m in member {
            guard let e = spanEnd[m - 1] else { continue }   // an ongoing line stays ongoing
            spanEnd[m - 1] = clipped(sEnd.map { max(e, $0) }, beforeNextStart: lines[m - 1].nextStart)
        }
        out.append(ResolvedExposure(exposure: s, end: sEnd, lines: member.sorted()))
    }
    return out
}

/// Precedence among stop reasons given on the same last day (the clinically decisive first).
private let stopReasonPrecedence: [StopReason] = [
    .progression, .death, .toxicity, .transplant, .patientDecision, .completed, .other,
]

/// RULES.md 3 step 6: the end reason of a line = the `stop_reason` of the drug(s) stopped last,
/// else the reason the next line started (progression, or toxicity when a drug of the line was
/// stopped for it). An ongoing line has none.
public func lineEndReason(_ line: TherapyLine, nextLine: TherapyLine?) -> String? {
    guard let end = line.end else { return nil }
    let drugs = line.members.filter { !$0.exposure.isTransplant }
    // A drug still given after the line's end: the line ended because the next one started.
    let continuing = drugs.contains { $0.end.map { $0 > end } ?? true }
    if !continuing, let last = drugs.compactMap(\.end).max() {
        let reasons = Set(drugs.filter { $0.end == last }.compactMap(\.exposure.stopReason))
            .subtracting([.ongoing])
        if let r = stopReasonPrecedence.first(where: { reasons.contains($0) }) { return r.rawValue }
    }
    guard let next = nextLine else { return nil }
    if next.startReason == .progression { return StopReason.progression.rawValue }
    if drugs.contains(where: { $0.exposure.stopReason == .toxicity }) { return StopReason.toxicity.rawValue }
    return nil
}
