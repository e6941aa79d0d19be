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
    public var isAutologousTransplant: Bool { drug == DrugName.autologousTransplant }
}

/// Why a row without an end date is known to have stopped (RULES.md 4 last bullet): the one
/// reading shared by lines of therapy (`isOngoing`) and validation (`CHR-008`).
public enum StopEvidence: Sendable, Hashable {
    /// A `stop_reason` other than `ONGOING`.
    case stopReason(StopReason)
    /// A later row of the same drug (a new exposure).
    case givenAgain(TherapyExposure)
    /// A later row the site numbers as a later line (`site_line`).
    case laterSiteLine(TherapyExposure)
}

extension TherapyExposure {
    /// What says this row's drug stopped though no end date is given (RULES.md 4 last bullet):
    /// its stop reason, the same drug given again later, or a later row of a higher
    /// `site_line`; nil when nothing does. Looked for whatever `end` holds.
    public func stopEvidence(among rows: [TherapyExposure]) -> StopEvidence? {
        if let reason = stopReason, reason != .ongoing { return .stopReason(reason) }
        if let again = rows.first(where: { $0.drug == drug && $0.start > start }) { return .givenAgain(again) }
        if let line = siteLine, let later = rows.first(where: { ($0.siteLine ?? 0) > line && $0.start > start }) {
            return .laterSiteLine(later)
        }
        return nil
    }

    /// A row with no end date is ongoing (SPEC 4.1: empty `end_date` = ongoing) unless something
    /// says it stopped (`stopEvidence`, the reading of validate's `CHR-008`) or its end date was
    /// given but cleared by `CHR-003` (`endNotUsable`). A transplant is a one-day event (SPEC
    /// 4.1: start = transplant date), never ongoing.
    public func isOngoing(among rows: [TherapyExposure]) -> Bool {
        !isTransplant && end == nil && !endNotUsable && stopEvidence(among: rows) == nil
    }

    /// `CHR-003`: an end date before the start date.
    public var hasEndBeforeStart: Bool { end.map { $0 < start } ?? false }

    /// `CHR-003`'s repair (RULES.md 3–4): the end date cannot be used, but the row says the drug
    /// stopped — its end is unknown, not "ongoing", so the line's end stands for it.
    public mutating func clearUnusableEnd() {
        end = nil
        endNotUsable = true
    }
}
