/// Everything derived for one patient (SPEC 6): the dataset rows, the findings the derivation
/// raised (`IMWG`, `STG`, `LOT`) and the site's values to reconcile with it. Derived values
/// are not audited one by one (SPEC 7): their trace is `mmpipe explain`; entries about the
/// patient's own rows (rejections, corrections) travel in the run's `StageLog`, in `USUBJID`
/// order.
public struct PatientDerivation: Sendable {
    public var key: PatientKey
    /// nil when the patient is outside the analysis population (no index regimen).
    public var adsl: ADSLRow?
    public var lines: [ADLOTRow]
    public var responses: [ADRSRow]
    public var timeToEvent: [ADTTERow]
    public var adverseEvents: [ADAERow]
    public var findings: [Finding]
    /// What the site recorded beside the derived values, for Validate's reconciliation step
    /// (SPEC 5); emptied once reconciled.
    public var comparisons = SiteComparisons()

    public init(key: PatientKey, adsl: ADSLRow? = nil, lines: [ADLOTRow] = [], responses: [ADRSRow] = [],
                timeToEvent: [ADTTERow] = [], adverseEvents: [ADAERow] = [], findings: [Finding] = []) {
        self.key = key
        self.adsl = adsl
        self.lines = lines
        self.responses = responses
        self.timeToEvent = timeToEvent
        self.adverseEvents = adverseEvents
        self.findings = findings
    }

    public var inAnalysisPopulation: Bool { adsl != nil }
}
