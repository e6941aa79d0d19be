import Foundation
import Testing
@testable import MMStats

/// `CoxModel` equals R's `survival::coxph` (3.5.3, Efron ties) on `cox-data.csv`; the answers
/// are in `cox-reference.csv`, both written by `Fixtures/make-fixtures.R`.
@Suite("Cox model agrees with R survival::coxph")
struct CoxTests {
    struct Case: Sendable, CustomStringConvertible {
        let model: String
        let covariates: [String]
        let interaction: (String, String)?
        let weighted: Bool
        var description: String { model }
    }

    static let cases: [Case] = [
        Case(model: "UNWEIGHTED", covariates: ["TRT01P", "ISS", "AGE"], interaction: nil, weighted: false),
        Case(model: "ARM", covariates: ["TRT01P"], interaction: nil, weighted: false),
        Case(model: "WEIGHTED_ROBUST", covariates: ["TRT01P"], interaction: nil, weighted: true),
        Case(model: "WEIGHTED_ROBUST_FULL", covariates: ["TRT01P", "ISS", "AGE"], interaction: nil, weighted: true),
        Case(model: "INTERACTION", covariates: ["TRT01P", "ISS"], interaction: ("TRT01P", "ISS"), weighted: false),
    ]

    static func frame(_ data: FixtureTable, _ names: [String], interaction: (String, String)? = nil) throws -> ModelFrame {
        let covs = names.map { name in
            Covariate(name, data.column(name).map { Optional($0) }, name == "AGE" ? .numeric : .factor())
        }
        return try ModelFrame(covs, count: data.rows.count, interactions: interaction.map { [$0] } ?? [])
    }

    @Test("coefficients, model-based and robust SEs, HR, CI, P, log-likelihood, n, events", arguments: cases)
    func matchesR(_ c: Case) throws {
        let data = try FixtureTable("cox-data.csv")
        let ref = try FixtureTable("cox-reference.csv")
        let frame = try Self.frame(data, c.covariates, interaction: c.interaction)
        let fit = try CoxModel.fit(time: data.column("TIME").map { Double($0)! },
                                   event: data.column("STATUS").map { $0 == "1" },
                                   x: frame.x, terms: frame.terms,
                                   weights: c.weighted ? data.column("W").map { Double($0)! } : nil,
                                   robust: c.weighted)
        let rows = ref.filter("MODEL", c.model)
        #expect(frame.terms == rows.map { ref.value($0, "TERM") })
        #expect(fit.converged)
        #expect(Double(fit.n) == ref.number(rows[0], "N"))
        #expect(Double(fit.events) == ref.number(rows[0], "EVENTS"))
        #expect(Double(fit.iterations) == ref.number(rows[0], "ITER"))
        #expect(agree(fit.logLikelihood, ref.number(rows[0], "LOGLIK"), tolerance: 1e-6))
        #expect(agree(fit.nullLogLikelihood, ref.number(rows[0], "LOGLIK_NULL"), tolerance: 1e-6))
        for (k, row) in rows.enumerated() {
            let term = ref.value(row, "TERM")
            let w = fit.wald[k]
            #expect(agree(fit.coefficients[k], ref.number(row, "COEF"), tolerance: 1e-6), "\(term) coef")
            #expect(agree(fit.variance[k][k].squareRoot(), ref.number(row, "SE"), tolerance: 1e-6), "\(term) se")
            if c.weighted {
                #expect(agree(fit.robustVariance?[k][k].squareRoot(), ref.number(row, "ROBUST_SE"), tolerance: 1e-6), "\(term) robust se")
            }
            #expect(agree(w.ratio, ref.number(row, "HR")), "\(term) HR")
            #expect(agree(w.lower, ref.number(row, "LCL")), "\(term) LCL")
            #expect(agree(w.upper, ref.number(row, "UCL")), "\(term) UCL")
            #expect(agree(w.p, ref.number(row, "P")), "\(term) P")
        }
    }

    @Test("a group without events: R's 'coefficient may be infinite' is an error naming the term")
    func infiniteCoefficient() throws {
        let time: [Double] = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]
        let event = [true, true, false, true, true, false, false, false, false, false]
        let group: [String?] = ["A", "A", "A", "A", "A", "B", "B", "B", "B", "B"]
        let frame = try ModelFrame([Covariate("G", group, .factor())], count: 10)
        #expect(throws: StatsError.infinite(terms: ["GB"])) {
            try CoxModel.fit(time: time, event: event, x: frame.x, terms: frame.terms)
        }
    }

    @Test("no events, collinear terms and mismatched lengths are clear errors")
    func errors() throws {
        #expect(throws: StatsError.noEvents) {
            try CoxModel.fit(time: [1, 2, 3], event: [false, false, false], x: [[0], [1], [0]])
        }
        let x: [[Double]] = [[0, 0], [1, 2], [0, 0], [1, 2], [1, 2]]
        #expect(throws: StatsError.singular(term: "B")) {
            try CoxModel.fit(time: [1, 2, 3, 4, 5], event: [true, true, true, false, true], x: x, terms: ["A", "B"])
        }
        #expect(throws: StatsError.self) { try CoxModel.fit(time: [1, 2], event: [true], x: [[0], [1]]) }
        #expect(StatsError.infinite(terms: ["GB"]).description.contains("GB"))
    }
}
