import Foundation
import MMIngest
import MMModel
import Testing
@testable import MMSummary

/// The loader that turns the ingest reader's `RawRow`s into column-indexed rows.
@Suite("DatasetTables loader")
struct DatasetTablesTests {
    @Test("columns by name, case-insensitive, BOM and blanks ignored; empty cell = missing")
    func lookup() {
        let t = FixtureCSV.table("\u{FEFF}usubjid, AVAL ,CNSR\nA,12,\nB,,1\n")
        #expect(t.rows.count == 2)
        #expect(t.value(t.rows[0], "USUBJID") == "A")
        #expect(t.value(t.rows[0], "aval") == "12")
        #expect(t.value(t.rows[0], "CNSR") == nil)
        #expect(t.value(t.rows[1], "AVAL") == nil)
        #expect(t.value(t.rows[1], "NOPE") == nil)
        #expect(!t.hasColumn("NOPE"))
    }

    @Test("rows read under another header layout are re-indexed by column name")
    func reindexByName() {
        let a = FixtureCSV.rawRows("USUBJID,CNSR\nA,0\n", table: "adtte")
        let b = FixtureCSV.rawRows("CNSR,USUBJID\n1,B\n", table: "adtte")
        let t = DataTable(rawRows: a + b)
        #expect(t.columns == ["USUBJID", "CNSR"])
        #expect(t.rows == [["A", "0"], ["B", "1"]])
    }

    @Test("quoted fields with commas, quotes and line breaks survive")
    func quoting() {
        let t = FixtureCSV.table("USUBJID,ISOTYPE\nA,\"IgG, kappa\"\nB,\"say \"\"x\"\"\nnext\"\n")
        #expect(t.value(t.rows[0], "ISOTYPE") == "IgG, kappa")
        #expect(t.value(t.rows[1], "ISOTYPE") == "say \"x\"\nnext")
    }

    @Test("time = AVAL / 30.4375 when AVAL is present, else AVALM; bad CNSR rows are left out")
    func observations() {
        let t = FixtureCSV.table("""
            USUBJID,PARAMCD,AVAL,AVALM,CNSR
            A,PFS,365,99,0
            B,PFS,,6.5,1
            C,PFS,100,,X
            D,OS,10,,0
            E,PFS,,,1

            """)
        let o = SurvivalSummary.observations(t, paramcd: "PFS")
        #expect(o.map(\.usubjid) == ["A", "B"])
        #expect(abs(o[0].obs.time - 365 / 30.4375) < 1e-12 && o[0].obs.event)
        #expect(o[1].obs.time == 6.5 && !o[1].obs.event)
    }

    @Test("large cohorts: at most one censor mark per pixel")
    func censorMarksThinned() {
        let obs = (0..<20_000).map { SurvivalObservation(time: Double($0) / 500, event: $0 % 50 == 0) }
        let svg = KMPlot(title: "T", yLabel: "y", curves: [.init(label: "All", fit: KaplanMeier(obs))], logRankP: nil, showBand: true).svg()
        let marks = svg.components(separatedBy: "h8M").count - 1
        #expect(marks > 100 && marks < 2_000)
    }
}
