import Foundation
import Testing
@testable import MMStats

/// `LogisticModel` equals R's `glm(family = binomial)` on `cox-data.csv` (`RESP ~ TRT01P + ISS
/// + AGE`), unweighted (vcov) and weighted with the HC0 sandwich computed in base R
/// (`logistic-reference.csv`, from `Fixtures/make-fixtures.R`).
@Suite("Logistic regression agrees with R glm")
struct LogisticTests {
    @Test("coefficients, SE, OR, CI, P, deviance", arguments: ["UNWEIGHTED", "WEIGHTED_HC0"])
    func matchesR(_ model: String) throws {
        let data = try FixtureTable("cox-data.csv")
        let ref = try FixtureTable("logistic-reference.csv")
        let covs = ["TRT01P", "ISS", "AGE"].map { name in
            Covariate(name, data.column(name).map { Optional($0) }, name == "AGE" ? .numeric : .factor())
        }
        let frame = try ModelFrame(covs, count: data.rows.count)
        let weighted = model == "WEIGHTED_HC0"
        let fit = try LogisticModel.fit(y: data.column("RESP").map { $0 == "1" }, x: frame.x, terms: frame.terms,
                                        weights: weighted ? data.column("W").map { Double($0)! } : nil, robust: weighted)
        let rows = ref.filter("MODEL", model)
        #expect(fit.terms == rows.map { ref.value($0, "TERM") })
        #expect(agree(fit.deviance, ref.number(rows[0], "DEVIANCE"), tolerance: 1e-6))
        for (k, row) in rows.enumerated() {
            let term = ref.value(row, "TERM")
            let w = fit.wald[k]
            #expect(agree(fit.coefficients[k], ref.number(row, "COEF"), tolerance: 1e-6), "\(term) coef")
            #expect(agree(w.standardError, ref.number(row, "SE"), tolerance: 1e-5), "\(term) se")
            #expect(agree(w.ratio, ref.number(row, "OR")), "\(term) OR")
            #expect(agree(w.lower, ref.number(row, "LCL")), "\(term) LCL")
            #expect(agree(w.upper, ref.number(row, "UCL")), "\(term) UCL")
            #expect(agree(w.p, ref.number(row, "P")), "\(term) P")
        }
    }

    @Test("complete separation is an error naming the term, not NaN")
    func separation() throws {
        let g: [String?] = ["A", "A", "A", "A", "B", "B", "B", "B", "A", "B"]
        let y = [false, false, true, false, true, true, true, true, true, true]
        let frame = try ModelFrame([Covariate("G", g, .factor())], count: 10)
        // B has only responders: the odds ratio is infinite.
        #expect(throws: StatsError.infinite(terms: ["GB"])) {
            try LogisticModel.fit(y: y, x: frame.x, terms: frame.terms)
        }
    }
}
