/// One row of `adlot.csv` (SPEC 7): a line of therapy (RULES.md 3).
public struct ADLOTRow: Sendable, Hashable {
    public var key: PatientKey
    public var LOT: Int
    public var LOTSTDT: Day
    public var LOTENDT: Day?
    /// Canonical drug names, steroids included, transplants not, sorted, joined by `+`.
    public var REGIMEN: String
    /// The regimen label when known (`IsaPd`).
    public var REGLBL: String?
    /// Classes of the line's drugs, sorted, joined by `+`.
    public var CLASSES: String
    public var ASCTFL: Bool
    /// End reason (`PROGRESSION`, `TOXICITY`, …).
    public var ENDRSN: String?
    public var BOR: String?
    public var PDFL: Bool?
    public var PDDT: Day?
    public var INDEXFL: Bool
    /// Why this line started (extra column: `FIRST`, `NEW_DRUG_AFTER_WINDOW`, `PROGRESSION`, `GAP`, `TRANSPLANT`).
    public var STARTRSN: String?

    public init(key: PatientKey, LOT: Int, LOTSTDT: Day, LOTENDT: Day?, REGIMEN: String, REGLBL: String?,
                CLASSES: String, ASCTFL: Bool, ENDRSN: String?, BOR: String?, PDFL: Bool?, PDDT: Day?,
                INDEXFL: Bool, STARTRSN: String? = nil) {
        self.key = key
        self.LOT = LOT
        self.LOTSTDT = LOTSTDT
        self.LOTENDT = LOTENDT
        self.REGIMEN = REGIMEN
        self.REGLBL = REGLBL
        self.CLASSES = CLASSES
        self.ASCTFL = ASCTFL
        self.ENDRSN = ENDRSN
        self.BOR = BOR
        self.PDFL = PDFL
        self.PDDT = PDDT
        self.INDEXFL = INDEXFL
        self.STARTRSN = STARTRSN
    }
}
