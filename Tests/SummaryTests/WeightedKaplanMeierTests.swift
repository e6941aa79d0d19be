import Foundation
import Testing
@testable import MMSummary

/// Weighted Kaplan–Meier equals `survfit(…, weights = W)` (survival 3.5.3: weighted counts,
/// infinitesimal-jackknife variance): `Fixtures/weighted/reference.csv` from
/// `make-reference.R` on `data.csv` (integer months, many ties, weights 0.5–3).
@Suite("Weighted Kaplan–Meier agrees with R survfit(weights =)")
struct WeightedKaplanMeierTests {
    @Test("median with CI and 12/24-month rates with CI, unweighted and weighted, overall and per arm")
    func matchesR() throws {
        let data = try FixtureCSV.table(file: "weighted/data.csv")
        let ref = try FixtureCSV.table(file: "weighted/reference.csv")
        #expect(ref.rows.count == 6)
        for row in ref.rows {
            let stratum = ref.value(row, "STRATUM") ?? "", weighted = ref.value(row, "WEIGHTED") == "Y"
            let rows = data.rows.filter { stratum == "ALL" || data.value($0, "TRT01P") == stratum }
            let obs = rows.map { SurvivalObservation(time: Double(data.value($0, "TIME")!)!, event: data.value($0, "STATUS") == "1") }
            let w = rows.map { Double(data.value($0, "W")!)! }
            let km = KaplanMeier(obs, weights: weighted ? w : nil)
            let r12 = km.rate(at: 12), r24 = km.rate(at: 24)
            let pairs: [(String, Double?)] = [
                ("MEDIAN", km.median.value), ("MEDIAN_LCL", km.median.lower), ("MEDIAN_UCL", km.median.upper),
                ("RATE12", r12?.value), ("RATE12_LCL", r12?.lower), ("RATE12_UCL", r12?.upper),
                ("RATE24", r24?.value), ("RATE24_LCL", r24?.lower), ("RATE24_UCL", r24?.upper),
            ]
            for (col, mine) in pairs {
                let r = ref.value(row, col).flatMap(Double.init)
                #expect(RAgreementTests.agree(mine, r), "\(stratum) \(weighted ? "weighted" : "unweighted") \(col): mine \(String(describing: mine)), R \(String(describing: r))")
            }
            #expect(km.subjects == rows.count)
        }
    }
}
