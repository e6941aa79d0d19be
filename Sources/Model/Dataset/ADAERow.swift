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

extension ADAERow {
    /// Whether `a` comes before `b` among one patient's rows (`Tables.adae.sortOrder`): onset
    /// (missing last), term, then every other column (missing last), so that the order never
    /// depends on the input's (SPEC 8: a shuffled upload gives byte-identical files; before, two
    /// events of one term on one day kept their input order). nil when the rows are equal in every
    /// column: then input order.
    public static func precedes(_ a: ADAERow, _ b: ADAERow) -> Bool? {
        func day(_ d: Day?) -> Int { d.map { Int($0.rawValue) } ?? Int.max }
        func flag(_ f: Bool?) -> Int { f.map { $0 ? 1 : 0 } ?? 2 }
        if day(a.ASTDT) != day(b.ASTDT) { return day(a.ASTDT) < day(b.ASTDT) }
        if a.AETERM != b.AETERM { return a.AETERM < b.AETERM }
        if (a.AETOXGR ?? Int.max) != (b.AETOXGR ?? Int.max) { return (a.AETOXGR ?? Int.max) < (b.AETOXGR ?? Int.max) }
        if day(a.AENDT) != day(b.AENDT) { return day(a.AENDT) < day(b.AENDT) }
        if flag(a.AESER) != flag(b.AESER) { return flag(a.AESER) < flag(b.AESER) }
        if a.AEREL != b.AEREL {
            guard let ra = a.AEREL, let rb = b.AEREL else { return b.AEREL == nil }
            return ra < rb
        }
        if flag(a.TRTEMFL) != flag(b.TRTEMFL) { return flag(a.TRTEMFL) < flag(b.TRTEMFL) }
        return nil
    }
}
