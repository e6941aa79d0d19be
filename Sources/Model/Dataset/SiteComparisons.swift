/// What Derive computed for one patient that the site also recorded: the typed results the
/// site-vs-derived rules compare with the patient's own rows (SPEC 5; `IMWG-001`/`003`,
/// `STG-001`, `LOT-001`, `AE-001`).
/// Derive fills it and raises nothing from it; Validate's reconciliation step (run after
/// Derive) turns the disagreements into findings.
public struct SiteComparisons: Sendable, Hashable {
    /// Every therapy row after diagnosis (regimen rows expanded to their drugs), in row order,
    /// with the derived lines it belongs to (RULES.md 3 step 7).
    public var lines: [ResolvedExposure] = []
    /// Every site assessment with the IMWG category computed at it (RULES.md 2.3).
    public var responses: [ResponseComparison] = []
    /// The stages computed at index (RULES.md 5), for the ones the site reports (`patients.iss`,
    /// `patients.riss`); empty outside the analysis population.
    public var stages: [StagingSystem: Stage] = [:]
    /// Every grade ≥ 3 haematological AE with whether a lab reaches its grade (RULES.md 9).
    public var adverseEvents: [AdverseEventLabCheck] = []

    public init() {}
}

/// A site assessment and what the labs give at it (RULES.md 2.3).
public struct ResponseComparison: Sendable, Hashable {
    public var site: Assessment
    /// The category computed from the labs; nil when no lab assessment matches.
    public var computed: ResponseCategory?
    /// Reported and computed agree (RULES.md 2.3 `responsesAgree`); nil when not comparable.
    public var agrees: Bool?
    /// The date of the matched lab assessment, when there is one.
    public var labDate: Day?

    public init(site: Assessment, computed: ResponseCategory?, agrees: Bool?, labDate: Day?) {
        self.site = site
        self.computed = computed
        self.agrees = agrees
        self.labDate = labDate
    }
}

/// A grade ≥ 3 haematological AE checked against the labs within ± `lab_cross_check_days` of
/// its onset (RULES.md 9, CTCAE v5.0).
public struct AdverseEventLabCheck: Sendable, Hashable {
    public var event: AdverseEvent
    /// Some lab value within the window reaches the grade (`HaematologicalAE.labGrade(supporting:)`).
    public var supported: Bool

    public init(event: AdverseEvent, supported: Bool) {
        self.event = event
        self.supported = supported
    }
}
