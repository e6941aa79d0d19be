/// One drug exposure (a row of `therapies.csv`, or one drug of a regimen row expanded by the
/// regimen dictionary), canonical (SPEC 4.1, RULES.md 3 step 1).
public struct TherapyExposure: Sendable, Hashable {
    public var key: PatientKey
    /// Canonical ingredient name, lower case (`daratumumab`), or `ASCT` / `ALLO_SCT`.
    public var drug: String
    /// Classes of the drug from the drug dictionary (e.g. `[.imid]`, `[.steroid]`, `[.transplant]`).
    public var classes: Set<DrugClass>
    /// The regimen label of the source row (`IsaPd`), canonical spelling, when given.
    public var regimenLabel: String?
    public var start: Day
    /// Last dose; nil = ongoing or not given (see `stopReason`).
    public var end: Day?
    public var stopReason: StopReason?
    /// The row gave an end date that validation could not use (`CHR-003`: before the start):
    /// the drug did stop, on a day unknown, so the empty `end` does not mean ongoing — the
    /// line's end stands for it (RULES.md 3–4, CHR-003's own message).
    public var endNotUsable = false
    public var setting: TherapySetting?
    public var cycles: Double?
    /// The line number the site believes this is.
    public var siteLine: Int?
    public var provenance: Provenance

    public init(key: PatientKey, drug: String, classes: Set<DrugClass>, regimenLabel: String? = nil,
                start: Day, end: Day? = nil, stopReason: StopReason? = nil, setting: TherapySetting? = nil,
                cycles: Double? = nil, siteLine: Int? = nil, provenance: Provenance) {
        self.key = key
        self.drug = drug
        self.classes = classes
        self.regimenLabel = regimenLabel
        self.start = start
        self.end = end
        self.stopReason = stopReason
        self.setting = setting
        self.cycles = cycles
        self.siteLine = siteLine
        self.provenance = provenance
    }

    /// Dexamethasone and prednisone never start or split a line (RULES.md 3).
    public var isSteroid: Bool { classes.contains(.steroid) }
    /// `ASCT` / `ALLO_SCT`: start = transplant date.
    public var isTransplant: Bool { classes.contains(.transplant) }
    public var isAutologousTransplant: Bool { drug == "ASCT" }
}
