import MMModel

// The seam between lines of therapy (RULES.md 3) and the IMWG response engine (RULES.md 2):
// lines are given to the engine as spans; the engine returns per-line responses and the
// progression events that feed lines (step 5), refractoriness (RULES.md 4), disease status
// (RULES.md 7) and endpoints (RULES.md 8).

/// A line of therapy as the response engine sees it.
public struct LineSpan: Sendable, Hashable {
    /// 1-based line number.
    public var number: Int
    /// First dose of the line.
    public var start: Day
    /// Last dose of the line (nil = ongoing).
    public var end: Day?
    /// Start of the next line (the line's assessments are dated after `start` and before this).
    public var nextStart: Day?
    /// Non-steroid drugs of the line with their first and last dose within the line.
    public var drugs: [DrugSpan]
}

/// One canonical drug's exposure within one line.
public struct DrugSpan: Sendable, Hashable {
    public var drug: String
    public var firstDose: Day
    /// Last dose within the line (nil = ongoing).
    public var lastDose: Day?
}

/// Which marker carries the response at a line's baseline (RULES.md 2.1 hierarchy).
public enum MeasurableDisease: String, Sendable, Hashable, CaseIterable {
    case serum = "SERUM", urine = "URINE", flc = "FLC", marrow = "BM", none = "NONE"
}

/// Where a progression came from.
public enum ProgressionSource: String, Sendable, Hashable {
    /// Confirmed lab PD (RULES.md 2.3).
    case computed
    /// Site-reported `PD`, or a new lesion / plasmacytoma at a site assessment.
    case reported
}

/// A progression event (date of the first PD assessment).
public struct ProgressionEvent: Sendable, Hashable {
    public var date: Day
    public var source: ProgressionSource
    /// The line during which it occurred (nil before the first line).
    public var line: Int?
}

/// One assessment date of a line (RULES.md 2.2–2.3) — an `adrs.csv` `OVRLRESP` row.
public struct AssessmentOutcome: Sendable, Hashable {
    public var date: Day
    public var line: Int
    /// Category computed from the labs (nil when the labs give none at this date).
    public var computed: ResponseCategory?
    /// The site's reported response matched to this date.
    public var reported: ResponseCategory?
    /// The category used per `response_source`.
    public var used: ResponseCategory?
    /// The category confirmed at this date after RULES.md 2.3 (nil = not confirmed / not a response).
    public var confirmed: ResponseCategory?
    /// Computed and reported agree (nil when one is missing).
    public var agrees: Bool?
    /// A clinical relapse feature is present (RULES.md 2.5).
    public var relapseFeature: Bool
    /// What the category was judged on, for `mmpipe explain` (not an output column).
    var evidence: AssessmentEvidence?
}

/// What one assessment's category was judged on (RULES.md 2.2–2.3): the marker values used
/// (marrow carried forward), the nadirs before it, the assessment that confirmed it, the site row.
struct AssessmentEvidence: Sendable, Hashable {
    var values: MarkerValues?
    var nadirs: MarkerNadirs?
    var confirmedWith: Day?
    var site: Provenance?
}

/// The response of one line (RULES.md 2).
public struct LineResponse: Sendable, Hashable {
    public var line: Int
    public var measurable: MeasurableDisease
    public var assessments: [AssessmentOutcome]
    /// Best overall response (RULES.md 2.3): best confirmed category before PD and the next line.
    public var bor: ResponseCategory
    /// Date of the response (first of the two confirming assessments).
    public var borDate: Day?
    /// `computed`, `reported` or `mixed`.
    public var borSource: BORSource?
    /// First progression on this line (confirmed computed or reported).
    public var progression: ProgressionEvent?
    /// The baseline marker values (with their source rows), for `mmpipe explain`.
    var baselineValues: MarkerValues?
}

/// Everything the response engine returns for one patient.
public struct ResponseEvaluation: Sendable {
    public var lines: [LineResponse] = []
    /// Every progression (confirmed computed or reported), sorted by date, deduplicated.
    public var progressions: [ProgressionEvent] = []
    /// Dates of every response assessment (labs or site), for PFS censoring.
    public var assessmentDates: [Day] = []
    /// `IMWG-002` and `IMWG-004`.
    public var findings: [Finding] = []
    /// Every site assessment with a response beside what the labs give at it (`IMWG-001`/`003`,
    /// raised by Validate's reconciliation).
    public var comparisons: [ResponseComparison] = []

    public func response(ofLine n: Int) -> LineResponse? { lines.first { $0.line == n } }
}
