import Foundation
import Testing
@testable import MMSummary

/// Table 1 and the response table on small in-memory ADSL tables (SPEC 3, seeds 000 Table 1
/// and 003 Table 1A).
@Suite("Table 1 and response table")
struct TableTests {
    static let adsl = FixtureCSV.table("""
        USUBJID,SEX,AGE,ISOTYPE,CRCL,CRCL60FL,ISS,CYTORISK,DARAEXFL,PRIORLOT,BOR,INDEXLOT
        S-1,M,69,IgG kappa,59.9,Y,I,HIGH,Y,1,SCR,2
        S-2,F,70,IgA lambda,60,N,II,STANDARD,Y,2,CR,3
        S-3,M,71,light chain kappa,75,N,III,,N,3,VGPR,4
        S-4,F,55,IgG lambda,,,,STANDARD,N,4,PR,5
        S-5,M,80,IgD lambda,90,N,I,,N,7,MR,8
        S-6,M,62,IgG kappa,45,Y,II,HIGH,N,2,SD,3
        S-7,F,77,,66,N,I,STANDARD,N,2,PD,3
        S-8,M,66,IgM kappa,61,N,I,,N,2,NE,3
        S-9,F,73,IgG kappa,58,Y,III,,N,2,,3

        """, name: "adsl.csv")

    static func row(_ t: SummaryTable, _ variable: String, _ level: String) -> SummaryTableRow? {
        t.rows.first { $0.variable == variable && $0.level == level }
    }

    @Test("age: median (range) and the 70-year edge (70 is ≥70)")
    func ageGroups() throws {
        let t = Table1.build(adsl: Self.adsl)
        #expect(t.columns == ["All"] && t.columnN == [9])
        #expect(try #require(Self.row(t, "AGE", "Median (range)")).cells == ["70 (55-80)"])
        #expect(try #require(Self.row(t, "AGE", "<70")).cells == ["4 (44.4)"])
        #expect(try #require(Self.row(t, "AGE", "≥70")).cells == ["5 (55.6)"])
    }

    @Test("EMDFL (issue 17): a Table 1 row when recorded, a --by grouping; no row when every value is empty")
    func extramedullary() throws {
        let adsl = FixtureCSV.table("USUBJID,EMDFL\nA,Y\nB,N\nC,N\nD,\n", name: "adsl.csv")
        let t = Table1.build(adsl: adsl, by: "EMDFL")
        #expect(t.columns == ["EMDFL = N", "EMDFL = Y", "All"] && t.columnN == [2, 1, 4])
        #expect(try #require(Self.row(t, "EMDFL", "Yes")).cells == ["0 (0.0)", "1 (100.0)", "1 (25.0)"])
        #expect(try #require(Self.row(t, "EMDFL", "Missing")).cells == ["0 (0.0)", "0 (0.0)", "1 (25.0)"])
        let none = Table1.build(adsl: FixtureCSV.table("USUBJID,EMDFL\nA,\nB,\n", name: "adsl.csv"))
        #expect(!none.rows.contains { $0.variable == "EMDFL" })
    }

    @Test("CrCl < 60 from CRCL60FL (59.9 → <60, 60 → ≥60); missing counted in its own row")
    func crclGroups() throws {
        let t = Table1.build(adsl: Self.adsl)
        #expect(try #require(Self.row(t, "CRCL", "Median (range)")).cells == ["60.5 (45.0-90.0)"])
        #expect(try #require(Self.row(t, "CRCL60FL", "<60 mL/min")).cells == ["3 (33.3)"])
        #expect(try #require(Self.row(t, "CRCL60FL", "≥60 mL/min")).cells == ["5 (55.6)"])
        #expect(try #require(Self.row(t, "CRCL60FL", "Missing")).cells == ["1 (11.1)"])
        let crclRows = t.rows.filter { $0.characteristic == "Creatinine clearance, mL/min" }
        #expect(crclRows.map(\.level) == ["", "Median (range)", "≥60 mL/min", "<60 mL/min", "Missing"],
                "one heading, one missing row after the groups")
    }

    @Test("isotype by heavy chain, light-chain only, and missing")
    func isotype() throws {
        let t = Table1.build(adsl: Self.adsl)
        #expect(try #require(Self.row(t, "ISOTYPE", "IgG")).cells == ["4 (44.4)"])
        #expect(try #require(Self.row(t, "ISOTYPE", "Light chain only")).cells == ["1 (11.1)"])
        #expect(try #require(Self.row(t, "ISOTYPE", "Missing")).cells == ["1 (11.1)"])
        #expect(Self.row(t, "ISOTYPE", "IgE") == nil, "empty isotype levels are left out")
        #expect(Table1.isotype("IgA lambda") == "IgA" && Table1.isotype("light chain lambda") == "LC")
    }

    @Test("prior lines 1 / 2 / 3 / ≥4 (4 and 7 are ≥4)")
    func priorLines() throws {
        let t = Table1.build(adsl: Self.adsl)
        #expect(try #require(Self.row(t, "PRIORLOT", "2")).cells == ["5 (55.6)"])
        #expect(try #require(Self.row(t, "PRIORLOT", "≥4")).cells == ["2 (22.2)"])
        #expect(Self.row(t, "PRIORLOT", "0") == nil)
    }

    @Test("cytogenetic risk over its evaluable denominator, not evaluable counted apart")
    func cytogenetics() throws {
        let t = Table1.build(adsl: Self.adsl)
        #expect(try #require(Self.row(t, "CYTORISK", "High risk*")).cells == ["2/5 (40.0)"])
        #expect(try #require(Self.row(t, "CYTORISK", "Standard risk")).cells == ["3/5 (60.0)"])
        #expect(try #require(Self.row(t, "CYTORISK", "Not evaluable")).cells == ["4 (44.4)"])
    }

    @Test("--by: one column per group, All last, SMD (binary: |p1 − p2| / √((p1q1 + p2q2)/2))")
    func grouped() throws {
        let t = Table1.build(adsl: Self.adsl, by: "DARAEXFL")
        #expect(t.columns == ["DARAEXFL = N", "DARAEXFL = Y", "All"])
        #expect(t.columnN == [7, 2, 9])
        #expect(t.hasSMD)
        // Sex: N group 4 M / 3 F, Y group 1 M / 1 F.
        let sexHead = try #require(t.rows.first { $0.variable == "SEX" && $0.level.isEmpty })
        let p1 = 4.0 / 7, p2 = 0.5
        let smd = abs(p1 - p2) / ((p1 * (1 - p1) + p2 * (1 - p2)) / 2).squareRoot()
        #expect(sexHead.smd == NumberFormat.fixed(smd, 3))
        #expect(try #require(Self.row(t, "SEX", "Male")).cells == ["4 (57.1)", "1 (50.0)", "5 (55.6)"])
    }

    @Test("SMD: continuous and three-level categorical (Yang & Dalton)")
    func smd() throws {
        let c = try #require(StandardizedDifference.continuous([[1, 2, 3], [2, 3, 4]]))
        #expect(abs(c - 1) < 1e-12)
        // Binary through the multinomial formula equals the binary formula.
        let b = try #require(StandardizedDifference.categorical([[6, 4], [3, 7]]))
        let (p, q) = (0.4, 0.7)
        #expect(abs(b - abs(p - q) / ((p * (1 - p) + q * (1 - q)) / 2).squareRoot()) < 1e-12)
        #expect(StandardizedDifference.categorical([[5, 5, 5], [5, 5, 5]]) == 0)
        // A level empty in both groups is ignored, not a singular matrix.
        let withEmpty = try #require(StandardizedDifference.categorical([[6, 4, 0], [3, 7, 0]]))
        #expect(abs(withEmpty - b) < 1e-12)
    }

    @Test("response: categories over evaluable patients; NE and missing excluded from the denominator")
    func response() throws {
        let t = ResponseTable.build(DatasetTables(adsl: Self.adsl, adtte: DataTable(columns: [], rows: [])))
        #expect(try #require(t.rows.first { $0.characteristic == "Evaluable for response" }).cells == ["7 (77.8)"])
        #expect(try #require(Self.row(t, "BOR", "Stringent complete response (sCR)")).cells == ["1 (14.3)"])
        #expect(try #require(Self.row(t, "BOR", "Not evaluable (NE), excluded")).cells == ["1"])
        #expect(try #require(Self.row(t, "BOR", "Missing, excluded")).cells == ["1"])
        #expect(try #require(Self.row(t, "RESPFL", "Overall response rate (≥ PR)")).cells == ["4/7 (57.1)"])
        #expect(try #require(Self.row(t, "VGPRFL", "≥ VGPR")).cells == ["3/7 (42.9)"])
        #expect(try #require(Self.row(t, "CRFL", "≥ CR")).cells == ["2/7 (28.6)"])
    }

    @Test("response from adrs.csv BOR rows of the index line when ADSL has no BOR")
    func responseFromADRS() throws {
        let adsl = FixtureCSV.table("USUBJID,INDEXLOT\nA,2\nB,3\n")
        let adrs = FixtureCSV.table("USUBJID,LOT,ADT,PARAMCD,AVALC\nA,1,,BOR,PD\nA,2,,BOR,CR\nB,3,,BOR,SD\nB,3,2020-01-01,OVRLRESP,PR\n")
        let t = ResponseTable.build(DatasetTables(adsl: adsl, adtte: DataTable(columns: [], rows: []), adrs: adrs))
        #expect(try #require(Self.row(t, "RESPFL", "Overall response rate (≥ PR)")).cells == ["1/2 (50.0)"])
        #expect(try #require(Self.row(t, "CRFL", "≥ CR")).cells == ["1/2 (50.0)"])
    }
}

@Suite("Output formatting")
struct OutputFormatTests {
    @Test("fixed decimals round half away from zero", arguments: [
        (0.125, 2, "0.13"), (2.5, 0, "3"), (-0.0001, 3, "0.000"), (12.34567, 4, "12.3457"), (-1.25, 1, "-1.3"),
    ])
    func fixed(x: Double, d: Int, s: String) {
        #expect(NumberFormat.fixed(x, d) == s)
    }

    @Test("CSV fields: RFC 4180 quoting and no formula-like text cells")
    func csvFields() {
        #expect(CSVOutput.field("a,b") == "\"a,b\"")
        #expect(CSVOutput.field("say \"hi\"") == "\"say \"\"hi\"\"\"")
        #expect(CSVOutput.field("=SUM(A1)") == "'=SUM(A1)")
        #expect(CSVOutput.field("-1.5") == "-1.5", "numbers stay numbers")
        #expect(CSVOutput.field("≥70") == "≥70")
    }

    @Test("p-values: 3 decimals, <0.001 below")
    func pValues() {
        #expect(NumberFormat.pValue(0.0004) == "<0.001")
        #expect(NumberFormat.pValue(0.0472) == "0.047")
        #expect(NumberFormat.pValue(nil) == "")
    }
}
