import Foundation
import Testing
@testable import MMSummary

/// `summarize --by`'s P column equals R (`Fixtures/cohort/make-p-reference.R`: chisq.test or
/// fisher.test on the table's levels, wilcox.test / kruskal.test) to 3 decimals, and a `--by`
/// column with more than 10 values is refused.
@Suite("Table 1 P column agrees with R")
struct Table1PTests {
    @Test("P of every tested characteristic, by a flag (2 groups) and by ISS (3 groups)", arguments: ["DARAEXFL", "ISS"])
    func matchesR(_ by: String) throws {
        let tables = try FixtureCSV.dataset("cohort")
        let table = Table1.build(adsl: tables.adsl, by: by)
        #expect(table.hasSMD)
        let ref = try FixtureCSV.table(file: "cohort/r-table1-p.csv")
        var checked = 0
        for r in ref.rows where ref.value(r, "BYVAR") == by {
            let v = ref.value(r, "VARIABLE")!, p = Double(ref.value(r, "P")!)!
            let row = try #require(table.rows.first { $0.variable == v && $0.level.isEmpty }, "no heading row for \(v)")
            if p < 0.001 {
                #expect(row.p == "<0.001", "\(by) \(v): mmpipe \(row.p), R \(p)")
            } else {
                #expect(abs((Double(row.p) ?? -1) - p) <= 0.0005 + 1e-9, "\(by) \(v): mmpipe \(row.p), R \(p)")
            }
            checked += 1
        }
        #expect(checked >= 18)
        let csv = CSVOutput.table(table)
        #expect(csv.hasPrefix("VARIABLE,CHARACTERISTIC,LEVEL,") && csv.split(separator: "\n")[0].hasSuffix(",All,P,SMD"))
    }

    @Test("--by with more than 10 values is refused with a sentence naming it")
    func tooManyGroups() throws {
        let dir = NSTemporaryDirectory() + "mmpipe-by-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        for f in ["adsl.csv", "adtte.csv"] {
            try FileManager.default.copyItem(at: try FixtureCSV.url("cohort/" + f), to: URL(fileURLWithPath: dir + "/" + f))
        }
        #expect {
            try DatasetSummary.run(directory: dir, by: "AGE", outDirectory: dir + "/out")
        } throws: { error in
            guard case let SummaryError.tooManyGroups(v, n) = error else { return false }
            return v == "AGE" && n > 10 && "\(error)".contains("AGEGR1")
        }
        #expect(!FileManager.default.fileExists(atPath: dir + "/out/summary.html"))
    }
}
