import Foundation
import Testing
@testable import MMSummary

/// Kaplan–Meier numbers equal R's `survival` (3.5.3) to 3 decimals (RULES.md 8): the fixtures
/// and `r-reference.csv` were produced by `make-fixtures.R` and `docs/km-reference.R`.
/// `samples/` and `synth1k/` are real mmpipe outputs (issue: "on the samples and on a 1k
/// synthetic cohort"), made with MMPIPE_STUDY_KEY=fixture-key SOURCE_DATE_EPOCH=1751328000:
/// `mmpipe run --out X` on the bundled samples, and `mmpipe synth --patients 1000 --sites 5
/// --seed 11` then `mmpipe run`; adsl.csv/adtte.csv copied, then
/// `Rscript docs/km-reference.R DIR DIR/r-reference.csv ISS [DARAEXFL]`.
@Suite("Kaplan–Meier agrees with R survival::survfit")
struct RAgreementTests {
    struct Reference {
        let table: DataTable
        let row: [String]
        func num(_ c: String) -> Double? { table.value(row, c).flatMap(Double.init) }
        func str(_ c: String) -> String { table.value(row, c) ?? "" }
    }

    static func references(_ dir: String) throws -> [Reference] {
        let t = try FixtureCSV.table(file: dir + "/r-reference.csv")
        return t.rows.map { Reference(table: t, row: $0) }
    }

    /// Both missing, or both present and equal to 3 decimals.
    static func agree(_ mine: Double?, _ r: Double?) -> Bool {
        switch (mine, r) {
        case (nil, nil): return true
        case let (a?, b?): return abs(a - b) < 0.0005
        default: return false
        }
    }

    static let cases: [(dir: String, byVars: [String])] = [
        ("cohort", ["DARAEXFL", "ISS", "SUBGRP"]), ("small", ["GROUP"]),
        ("samples", ["ISS"]), ("synth1k", ["ISS", "DARAEXFL"]),
    ]

    @Test("median, its CI, 12/24-month rates and CIs, follow-up and log-rank equal R's",
          arguments: cases.map(\.dir))
    func matchesR(dir: String) throws {
        let tables = try FixtureCSV.dataset(dir)
        let refs = try Self.references(dir)
        let byVars = Self.cases.first { $0.dir == dir }?.byVars ?? []
        var checked = 0
        for by in [nil] + byVars.map(Optional.some) {
            let s = SurvivalSummary(tables: tables, by: by)
            for e in s.endpoints {
                let rows = by == nil ? [e.overall] : e.strata
                for (k, r) in rows.enumerated() {
                    let ref = try #require(refs.first {
                        $0.str("PARAMCD") == r.paramcd && $0.str("BYVAR") == (by ?? "") && $0.str("STRATUM") == r.stratum
                    }, "no R row for \(r.paramcd) \(by ?? "") \(r.stratum)")
                    let what = "\(dir) \(r.paramcd) \(by ?? "ALL") \(r.stratum)"
                    #expect(Double(r.n) == ref.num("N"), "\(what) N")
                    #expect(Double(r.events) == ref.num("EVENTS"), "\(what) EVENTS")
                    let pairs: [(String, Double?)] = [
                        ("MEDIAN", r.median.value), ("MEDIAN_LCL", r.median.lower), ("MEDIAN_UCL", r.median.upper),
                        ("RATE12", r.rate12?.value), ("RATE12_LCL", r.rate12?.lower), ("RATE12_UCL", r.rate12?.upper),
                        ("RATE24", r.rate24?.value), ("RATE24_LCL", r.rate24?.lower), ("RATE24_UCL", r.rate24?.upper),
                    ]
                    for (col, mine) in pairs {
                        #expect(Self.agree(mine, ref.num(col)), "\(what) \(col): mine \(String(describing: mine)), R \(String(describing: ref.num(col)))")
                    }
                    let fu = by == nil ? e.followUp : e.strataFollowUp[k]
                    #expect(Self.agree(fu.value, ref.num("FU_MEDIAN")), "\(what) follow-up")
                    #expect(Self.agree(fu.lower, ref.num("FU_LCL")), "\(what) follow-up LCL")
                    #expect(Self.agree(fu.upper, ref.num("FU_UCL")), "\(what) follow-up UCL")
                    if by != nil {
                        #expect(Self.agree(e.logRank?.pValue, ref.num("LOGRANK_P")), "\(what) log-rank p")
                        if let p = e.logRank?.pValue, let rp = ref.num("LOGRANK_P") {
                            // Tiny p-values too: relative agreement.
                            #expect(abs(p - rp) <= 1e-6 * rp + 1e-12, "\(what) log-rank p relative")
                            #expect(Self.agree(e.logRank?.chiSquare, ref.num("LOGRANK_CHISQ")), "\(what) chi-square")
                            #expect(Double(e.logRank?.degreesOfFreedom ?? -9) == ref.num("LOGRANK_DF"))
                        }
                    }
                    checked += 1
                }
            }
        }
        #expect(checked == refs.count, "every R row was compared")
    }

    @Test("km.csv cells equal R's numbers to 3 decimals")
    func kmCSVMatchesR() throws {
        let s = SurvivalSummary(tables: try FixtureCSV.dataset("cohort"), by: "ISS")
        let km = FixtureCSV.table(CSVOutput.km(s))
        #expect(km.columns == CSVOutput.kmColumns)
        let refs = try Self.references("cohort")
        #expect(km.rows.count == 12)
        for row in km.rows {
            let byVar = km.value(row, "STRATUM") == "ALL" ? "" : "ISS"
            let ref = try #require(refs.first {
                $0.str("PARAMCD") == km.value(row, "PARAMCD") && $0.str("BYVAR") == byVar && $0.str("STRATUM") == km.value(row, "STRATUM")
            })
            for col in CSVOutput.kmColumns.dropFirst(2) {
                #expect(Self.agree(km.value(row, col).flatMap(Double.init), ref.num(col)), "\(col)")
            }
        }
    }
}
