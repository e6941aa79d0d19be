/// One row of `adrs.csv` (SPEC 7): a response assessment (`PARAMCD = OVRLRESP`) or the best
/// overall response of a line (`PARAMCD = BOR`).
public struct ADRSRow: Sendable, Hashable {
    public var key: PatientKey
    public var LOT: Int?
    public var ADT: Day?
    /// `OVRLRESP` or `BOR`.
    public var PARAMCD: String
    /// Computed category (or the category used, per `response_source`, for BOR rows).
    public var AVALC: String?
    /// The site's reported response at that date.
    public var RPTRESP: String?
    public var CONFFL: Bool?
    public var AGREEFL: Bool?

    public init(key: PatientKey, LOT: Int?, ADT: Day?, PARAMCD: String, AVALC: String?, RPTRESP: String?,
                CONFFL: Bool?, AGREEFL: Bool?) {
        self.key = key
        self.LOT = LOT
        self.ADT = ADT
        self.PARAMCD = PARAMCD
        self.AVALC = AVALC
        self.RPTRESP = RPTRESP
        self.CONFFL = CONFFL
        self.AGREEFL = AGREEFL
    }
}
