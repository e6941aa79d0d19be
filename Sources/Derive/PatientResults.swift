import MMModel

/// The typed results of one patient's derivation (SPEC 6), one value per derivation family, in
/// RULES.md's order. ADSL (`ADSLFields`), the dataset rows, the explain trace
/// (`DerivationTrace(_:options:)`) and the site comparisons of Validate's reconciliation are all
/// assembled from it; nothing in it is a string written for a person.
public struct PatientResults: Sendable {
    public var record: PatientRecord
    /// nil: no patients row (outside the population, SPEC 4.1); nothing else is derived.
    public var patient: Patient?
    /// RULES.md 3: the final lines (second pass) and every row's place in them.
    public var lines = LineDerivation()
    /// The computed progressions of the first pass, which moved line boundaries (the trace's
    /// "why a line started").
    public var firstPassProgressions: [ProgressionEvent] = []
    /// RULES.md 2: the response of every line (final).
    public var evaluation = ResponseEvaluation()
    /// Everything at the index line (SPEC 4.3); nil outside the analysis population.
    public var atIndex: IndexResults?

    /// The results the site's own values are reconciled with (SPEC 5): rows' lines and the
    /// categories at site assessments always; stages and AE lab checks only at an index line.
    public var comparisons: SiteComparisons {
        var c = SiteComparisons()
        c.lines = lines.exposures
        c.responses = evaluation.comparisons
        c.stages = atIndex?.staging.assigned ?? [:]
        c.adverseEvents = atIndex?.labChecks ?? []
        return c
    }
}

/// The derivations at the index line (SPEC 4.3, 6.2; RULES.md 4–9) of a patient of the analysis
/// population.
public struct IndexResults: Sendable {
    public var patient: Patient
    public var index: IndexLine
    /// Confirmed computed or reported PD dates (RULES.md 4 (a)).
    public var progressions: [Day]
    public var refractoriness: RefractoryProfile
    public var baseline: BaselineLabs
    public var cytogenetics: CytogeneticProfile
    public var risk: CytogeneticRisk?
    public var staging: StagingResult
    public var renal: RenalResult
    /// The line just before the index line and its BOR (RULES.md 7).
    public var previousLine: TherapyLine?
    public var previousBOR: ResponseCategory?
    public var diseaseStatus: DiseaseStatus?
    /// The index line's response (RULES.md 2, 8).
    public var indexResponse: LineResponse?
    public var lastAlive: Day?
    public var endpoints: EndpointInputs
    public var timeToEvent: [ADTTERow]
    public var adverseEvents: [ADAERow]
    public var labChecks: [AdverseEventLabCheck]
}
