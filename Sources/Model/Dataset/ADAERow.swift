/// One row of `adae.csv` (SPEC 7, RULES.md 9).
public struct ADAERow: Sendable, Hashable {
    public var key: PatientKey
    public var AETERM: String
    public var AETOXGR: Int?
    public var ASTDT: Day?
    public var AENDT: Day?
    public var AESER: Bool?
    /// `Y`, `N`, `U`.
    public var AEREL: String?
    public var TRTEMFL: Bool?

    public init(key: PatientKey, AETERM: String, AETOXGR: Int?, ASTDT: Day?, AENDT: Day?, AESER: Bool?,
                AEREL: String?, TRTEMFL: Bool?) {
        self.key = key
        self.AETERM = AETERM
        self.AETOXGR = AETOXGR
        self.ASTDT = ASTDT
        self.AENDT = AENDT
        self.AESER = AESER
        self.AEREL = AEREL
        self.TRTEMFL = TRTEMFL
    }
}
