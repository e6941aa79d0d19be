/// One row of `adtte.csv` (SPEC 7, RULES.md 8). `CNSR` 0 = event, 1 = censored.
public struct ADTTERow: Sendable, Hashable {
    public var key: PatientKey
    /// `PFS`, `OS`, `TTNT`, `DOR`, `TTR`.
    public var PARAMCD: String
    public var PARAM: String
    public var STARTDT: Day
    public var ADT: Day
    public var CNSR: Int
    public var EVNTDESC: String?
    public var CNSDTDSC: String?

    /// Days, `ADT − STARTDT` (no +1).
    public var AVAL: Int { ADT - STARTDT }
    /// Months = days / 30.4375.
    public var AVALM: Double { Double(AVAL) / Day.daysPerMonth }

    public init(key: PatientKey, PARAMCD: String, PARAM: String, STARTDT: Day, ADT: Day, CNSR: Int,
                EVNTDESC: String?, CNSDTDSC: String?) {
        self.key = key
        self.PARAMCD = PARAMCD
        self.PARAM = PARAM
        self.STARTDT = STARTDT
        self.ADT = ADT
        self.CNSR = CNSR
        self.EVNTDESC = EVNTDESC
        self.CNSDTDSC = CNSDTDSC
    }
}
