import Testing
@testable import MMModel

@Suite("Day — calendar arithmetic")
struct DayTests {
    @Test("ISO round trip across leap years and epochs", arguments: [
        "1970-01-01", "1969-12-31", "2000-02-29", "2024-02-29", "1900-03-01", "2099-12-31", "1935-07-15",
    ])
    func isoRoundTrip(_ iso: String) throws {
        let d = try #require(Day(iso: iso))
        #expect(d.iso == iso)
    }

    @Test("Invalid calendar dates are refused", arguments: ["2023-02-29", "2024-13-01", "2024-04-31", "2024-4-1", "24-04-01"])
    func invalid(_ iso: String) {
        #expect(Day(iso: iso) == nil)
    }

    @Test("Epoch is day 0; differences have no +1 (RULES.md preamble)")
    func differences() throws {
        #expect(Day(iso: "1970-01-01")?.rawValue == 0)
        let a = try #require(Day(iso: "2024-01-01")), b = try #require(Day(iso: "2024-03-01"))
        #expect(b - a == 60)
        #expect(a.adding(days: 60) == b)
    }

    @Test("Completed years at a date (AGE)")
    func completedYears() throws {
        let birth = try #require(Day(iso: "1950-06-15"))
        #expect(try #require(Day(iso: "2020-06-14")).completedYears(since: birth) == 69)
        #expect(try #require(Day(iso: "2020-06-15")).completedYears(since: birth) == 70)
        let leap = try #require(Day(iso: "2000-02-29"))
        #expect(try #require(Day(iso: "2001-02-28")).completedYears(since: leap) == 0)
        #expect(try #require(Day(iso: "2001-03-01")).completedYears(since: leap) == 1)
    }
}

@Suite("Rule catalogue")
struct RuleCatalogueTests {
    @Test("IDs are unique and every family of SPEC 5 exists")
    func families() {
        let ids = Rule.catalogue.map(\.id)
        #expect(Set(ids).count == ids.count)
        let families = Set(Rule.catalogue.map(\.family))
        for f in ["ING", "SCH", "DUP", "CHR", "UNIT", "IMWG", "STG", "LOT", "PHI"] {
            #expect(families.contains(f), "family \(f) missing")
        }
    }

    @Test("Response categories are ordered NE < PD < SD < MR < PR < VGPR < CR < sCR")
    func responseOrder() {
        let ordered: [ResponseCategory] = [.ne, .pd, .sd, .mr, .pr, .vgpr, .cr, .scr]
        #expect(ordered.sorted() == ordered)
    }
}
