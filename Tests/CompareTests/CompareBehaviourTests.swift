import Foundation
import Testing
@testable import MMCompare
import MMStats
@testable import MMSummary

@Suite("compare: messages instead of NaN, refusals, outputs")
struct CompareBehaviourTests {
    /// 20 patients; every IsaPd patient responds and none progresses: separation.
    static func separated() -> DatasetTables {
        var adsl: [[String]] = [], adtte: [[String]] = []
        for i in 0..<20 {
            let isa = i % 2 == 0
            let id = "S-\(i)"
            adsl.append([id, isa ? "IsaPd" : "EloPd", "\(60 + i)", i % 3 == 0 ? "M" : "F", isa ? "Y" : (i % 4 == 1 ? "Y" : "N")])
            for p in ["PFS", "OS"] {
                adtte.append([id, p, "\(100 + 10 * i)", isa ? "1" : "0"])
            }
        }
        return DatasetTables(adsl: DataTable(columns: ["USUBJID", "TRT01P", "AGE", "SEX", "RESPFL"], rows: adsl),
                             adtte: DataTable(columns: ["USUBJID", "PARAMCD", "AVAL", "CNSR"], rows: adtte))
    }

    @Test("an arm without events or with all responders: the model row says why, and no cell is NaN")
    func separation() throws {
        let c = try Comparison(tables: Self.separated(), options: CompareOptions(covariates: ["AGE", "SEX"]))
        let pfs = try #require(c.models.first { $0.outcome == "PFS" && $0.model == "UNADJUSTED" })
        #expect(pfs.estimate == nil && pfs.note.contains("not finite"))
        let resp = try #require(c.models.first { $0.outcome == "RESPONSE" && $0.model == "UNADJUSTED" })
        #expect(resp.estimate == nil && !resp.note.isEmpty)
        for (_, text) in CompareOutput.files(c) {
            #expect(!text.lowercased().contains("nan"), "a NaN was written")
        }
        #expect(CompareReport.render(c).contains("not estimable"))
    }

    @Test("a dataset without TRT01P, three arms, an unknown reference or covariate are refused")
    func refusals() throws {
        let t = Self.separated()
        var noArm = t
        noArm.adsl = DataTable(columns: ["USUBJID", "AGE"], rows: [["A", "60"]])
        #expect(throws: CompareError.noArms) { try Comparison(tables: noArm) }
        var three = t
        three.adsl.rows[0][1] = "KRd"
        #expect(throws: CompareError.self) { try Comparison(tables: three) }
        #expect(throws: CompareError.unknownReference("Dara", arms: ["EloPd", "IsaPd"])) {
            try Comparison(tables: t, options: CompareOptions(reference: "Dara"))
        }
        #expect(throws: CompareError.unknownColumn("WEIGHTKG")) {
            try Comparison(tables: t, options: CompareOptions(covariates: ["WEIGHTKG"]))
        }
    }

    @Test("compare.html holds Tables 1A, 1B, 2, four KM figures with numbers at risk and the PS overlap; reruns are identical")
    func report() throws {
        let tables = try DatasetTables.load(directory: try RAgreementTests.fixture("two-arms"))
        let c = try Comparison(tables: tables, options: CompareOptions(modifier: "DARARFL"))
        let html = CompareReport.render(c)
        for s in ["Patient flow", "Weighted cohort (propensity model)", "Table 1A", "Table 1B", "Table 2", "Figure 1", "Propensity-score overlap", "IPTW-weighted", "Interaction TRT01PIsaPd:DARARFLY"] {
            #expect(html.contains(s), "\(s)")
        }
        #expect(html.components(separatedBy: "<svg class=\"km\"").count - 1 == 4)
        #expect(html.contains("At risk") || html.contains("at risk"))
        let again = try Comparison(tables: tables, options: CompareOptions(modifier: "DARARFL"))
        #expect(CompareOutput.files(again).map(\.contents) == CompareOutput.files(c).map(\.contents))
        #expect(CompareOutput.balance(c).hasPrefix("VARIABLE,TYPE,P,SMD,SMD_WEIGHTED"))
        #expect(CompareOutput.weights(c).hasPrefix("USUBJID,TRT01P,PS,WEIGHT\n"))
        #expect(CompareOutput.models(c).hasPrefix("OUTCOME,MODEL,TERM,ESTIMATE,LCL,UCL,P,N,EVENTS"))
    }
}
