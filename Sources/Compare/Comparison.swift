import Foundation
import MMModel
import MMStats
import MMSummary

/// One row of `balance.csv`: a covariate's test between the arms and its SMDs.
public struct BalanceRow: Sendable {
    public var variable: String
    /// `continuous` or `categorical`.
    public var type: String
    public var test: TestResult?
    public var smd: Double?
    public var smdWeighted: Double?
    /// Whether it entered the propensity model.
    public var inPropensityModel: Bool
}

/// One row of `weights.csv`.
public struct WeightRow: Sendable {
    public var usubjid: String
    public var arm: String
    public var ps: Double
    public var weight: Double
}

/// One row of `models.csv`: a term's ratio estimate, or why the model gave none.
public struct ModelRow: Sendable {
    public var outcome: String
    public var model: String
    public var term: String
    public var estimate: WaldEstimate?
    public var n: Int?
    public var events: Int?
    /// Empty, or the reason there is no estimate (separation, no events, non-convergence…).
    public var note: String
}

/// One Kaplan–Meier curve of `km.csv`: an endpoint in one arm, unweighted or IPTW-weighted.
public struct ArmCurve: Sendable {
    public var paramcd: String
    public var arm: String
    public var weighted: Bool
    public var fit: KaplanMeier
    public var median: Estimate { fit.median }
    public var rate12: Estimate? { fit.rate(at: 12) }
    public var rate24: Estimate? { fit.rate(at: 24) }
}

/// Seed 003's target-trial emulation of two arms from an emitted dataset (SPEC 9): balance
/// (Table 1A/1B), the propensity score and IPTW weights, Cox and logistic models (Table 2)
/// and the Kaplan–Meier curves (Figure 1). Every number is R's (`glm`, `coxph`, `survfit`) to
/// 3 decimals; `docs/compare-reference.R` recomputes them.
public struct Comparison: Sendable {
    public static let outcomes = ["PFS", "OS"]
    public static let smdThreshold = 0.1

    public let adsl: DataTable
    /// The arms, reference first.
    public let arms: [String]
    public var reference: String { arms[0] }
    public var treated: String { arms[1] }
    /// R's name of the arm coefficient (`TRT01PIsaPd`).
    public var armTerm: String { "TRT01P" + treated }
    public let options: CompareOptions
    /// The covariates of the balance table, and those in the propensity model.
    public private(set) var candidates: [String] = []
    public private(set) var selected: [String] = []
    public private(set) var balance: [BalanceRow] = []
    public private(set) var weights: [WeightRow] = []
    public private(set) var models: [ModelRow] = []
    public private(set) var curves: [ArmCurve] = []
    /// Sentences for the report (rows left out, choices made).
    public private(set) var notes: [String] = []
    /// The patient flow: `attrition.csv`'s steps up to the analysis population (when the
    /// dataset has it), then the comparison's own (arm known, complete propensity covariates).
    public private(set) var flow: [AttritionStep] = []

    public init(tables: DatasetTables, options: CompareOptions = CompareOptions()) throws(CompareError) {
        let adsl = tables.adsl
        self.adsl = adsl
        self.options = options
        guard adsl.hasColumn("TRT01P") else { throw .noArms }
        let found = Array(Set(adsl.rows.compactMap { adsl.value($0, "TRT01P") })).sorted()
        guard found.count == 2 else { throw .armCount(found) }
        if let r = options.reference {
            guard found.contains(r) else { throw .unknownReference(r, arms: found) }
            arms = [r] + found.filter { $0 != r }
        } else {
            arms = found
        }
        for c in (options.covariates ?? []) + [options.modifier].compactMap({ $0 }) where !adsl.hasColumn(c) {
            throw .unknownColumn(c)
        }
        let rows = adsl.rows.filter { adsl.value($0, "TRT01P") != nil }
        if rows.count < adsl.rows.count { notes.append("\(adsl.rows.count - rows.count) patient(s) without TRT01P left out.") }

        candidates = (options.covariates ?? CovariateKind.baseline).filter { adsl.hasColumn($0) }
        let missingBaseline = options.covariates == nil ? CovariateKind.baseline.filter { !adsl.hasColumn($0) } : []
        if !missingBaseline.isEmpty { notes.append("Not in adsl.csv, so not compared: \(missingBaseline.joined(separator: ", ")).") }
        balance = candidates.map { balanceRow($0, rows: rows, weights: nil) }
        if let given = options.covariates {
            selected = given
        } else {
            selected = balance.filter { ($0.smd ?? 0) > Self.smdThreshold }.map(\.variable)
            notes.append("Propensity covariates: the baseline variables with an unweighted SMD > \(Self.smdThreshold) (seed 003); --covariates fixes the list.")
        }
        // A factor with one level among the patients cannot enter a model.
        let single = selected.filter { c in !CovariateKind.isNumeric(c) && Set(rows.compactMap { adsl.value($0, c) }).count < 2 }
        if !single.isEmpty {
            notes.append("Left out of the models (a single value): \(single.joined(separator: ", ")).")
            selected.removeAll { single.contains($0) }
        }

        propensity(rows: rows)
        let weightOf = Dictionary(weights.map { ($0.usubjid, $0.weight) }, uniquingKeysWith: { a, _ in a })
        for k in balance.indices {
            balance[k].inPropensityModel = selected.contains(balance[k].variable)
            balance[k].smdWeighted = balanceRow(balance[k].variable, rows: rows, weights: weightOf).smd
        }
        outcomeModels(tables: tables, rows: rows, weightOf: weightOf)
        flow = (tables.attrition ?? []).filter { $0.step != "Analysis population" } + [
            AttritionStep(step: "Analysis population (adsl.csv)", n: adsl.rows.count, excluded: adsl.rows.count - rows.count,
                          reason: "no TRT01P"),
            AttritionStep(step: "Patients in an arm", n: rows.count, excluded: rows.count - weights.count,
                          reason: "a propensity covariate missing: not weighted, not in the adjusted models (complete cases)"),
            AttritionStep(step: "Weighted cohort (propensity model)", n: weights.count, excluded: 0, reason: ""),
        ]
    }

    // MARK: balance

    func arm(_ row: [String]) -> String? { adsl.value(row, "TRT01P") }

    /// Test and SMD of one covariate, over the patients with a value (and a weight, when weighted).
    func balanceRow(_ column: String, rows: [[String]], weights: [String: Double]?) -> BalanceRow {
        let usable = rows.filter { r in
            adsl.value(r, column) != nil && (weights == nil || adsl.value(r, "USUBJID").flatMap { weights![$0] } != nil)
        }
        let g = arms.map { a in usable.filter { arm($0) == a } }
        let w: [[Double]]? = weights.map { ws in g.map { $0.map { ws[adsl.value($0, "USUBJID")!]! } } }
        if CovariateKind.isNumeric(column) {
            let x = g.map { $0.compactMap { adsl.value($0, column).flatMap(Double.init) } }
            let complete = g.indices.allSatisfy { x[$0].count == g[$0].count }
            let smd = complete ? StandardizedDifference.continuous(x[1], x[0], weights1: w?[1], weights0: w?[0]) : nil
            return BalanceRow(variable: column, type: "continuous", test: weights == nil ? MannWhitney.test(x[1], x[0]) : nil,
                              smd: smd, smdWeighted: nil, inPropensityModel: false)
        }
        let values = g.map { $0.map { adsl.value($0, column)! } }
        let levels = Array(Set(values.joined())).sorted()
        let table = levels.map { l in values.map { $0.filter { $0 == l }.count } }
        let smd = StandardizedDifference.categorical(values[1], values[0], weights1: w?[1], weights0: w?[0], levels: levels)
        return BalanceRow(variable: column, type: "categorical", test: weights == nil ? ContingencyTest.association(table) : nil,
                          smd: smd, smdWeighted: nil, inPropensityModel: false)
    }

    // MARK: propensity

    /// Logistic regression of the arm on the selected covariates (complete cases); ATE weights
    /// 1/PS (treated) and 1/(1 − PS) (reference), × the arm's share with `--stabilized`.
    mutating func propensity(rows: [[String]]) {
        let covs = selected.map { CovariateKind.covariate(adsl, $0, rows: rows) }
        do {
            let frame = try ModelFrame(covs, count: rows.count)
            if frame.dropped > 0 {
                notes.append("\(frame.dropped) patient(s) with a missing propensity covariate are left out of the weighted analyses and the adjusted models (complete cases).")
            }
            let kept = frame.kept(rows)
            let y = kept.map { arm($0) == treated }
            let fit = try LogisticModel.fit(y: y, x: frame.x, terms: frame.terms)
            let share = Double(y.filter { $0 }.count) / Double(y.count)
            for (k, r) in kept.enumerated() {
                let ps = fit.fitted[k]
                var w = y[k] ? 1 / ps : 1 / (1 - ps)
                if options.stabilized { w *= y[k] ? share : 1 - share }
                weights.append(WeightRow(usubjid: adsl.value(r, "USUBJID") ?? "", arm: arm(r) ?? "", ps: ps, weight: w))
            }
            for (k, term) in fit.terms.enumerated().dropFirst() {
                models.append(ModelRow(outcome: "TRT01P", model: "PS", term: term, estimate: fit.wald[k], n: fit.n,
                                       events: fit.events, note: ""))
            }
        } catch {
            models.append(ModelRow(outcome: "TRT01P", model: "PS", term: "", estimate: nil, n: nil, events: nil,
                                   note: "propensity model: \(error)"))
            notes.append("No propensity score (\(error)): no weighted analysis.")
        }
    }

    // MARK: outcome models

    /// Per outcome: (usubjid → (time, event)) for PFS/OS, (usubjid → responder) for RESPONSE.
    mutating func outcomeModels(tables: DatasetTables, rows: [[String]], weightOf: [String: Double]) {
        let ids = rows.map { adsl.value($0, "USUBJID") ?? "" }
        let hasWeight = ids.map { weightOf[$0] != nil }
        for paramcd in Self.outcomes {
            var obs: [String: SurvivalObservation] = [:]
            for o in SurvivalSummary.observations(tables.adtte, paramcd: paramcd) { obs[o.usubjid] = o.obs }
            let present = ids.map { obs[$0] != nil }
            let time = ids.map { obs[$0]?.time ?? 0 }, event = ids.map { obs[$0]?.event ?? false }
            fitAll(paramcd, rows: rows, present: present, hasWeight: hasWeight, weightOf: weightOf) { frame, w, robust in
                let fit = try CoxModel.fit(time: frame.kept(time), event: frame.kept(event), x: frame.x, terms: frame.terms,
                                           weights: w, robust: robust)
                return (fit.wald, fit.n, fit.events)
            }
            // Figure 1: unweighted over every patient, weighted over the propensity cohort.
            for a in arms {
                let members = ids.indices.filter { present[$0] && arm(rows[$0]) == a }
                curves.append(ArmCurve(paramcd: paramcd, arm: a, weighted: false,
                                       fit: KaplanMeier(members.map { obs[ids[$0]]! })))
            }
            for a in arms where !weightOf.isEmpty {
                let members = ids.indices.filter { present[$0] && hasWeight[$0] && arm(rows[$0]) == a }
                curves.append(ArmCurve(paramcd: paramcd, arm: a, weighted: true,
                                       fit: KaplanMeier(members.map { obs[ids[$0]]! }, weights: members.map { weightOf[ids[$0]]! })))
            }
        }
        // RESPONSE: BOR ≥ PR on the index line (ADSL RESPFL; empty when BOR is NE → left out).
        let resp = rows.map { adsl.value($0, "RESPFL") }
        fitAll("RESPONSE", rows: rows, present: resp.map { $0 != nil }, hasWeight: hasWeight, weightOf: weightOf) { frame, w, robust in
            let fit = try LogisticModel.fit(y: frame.kept(resp).map { $0 == "Y" }, x: frame.x, terms: frame.terms,
                                            weights: w, robust: robust)
            return (Array(fit.wald.dropFirst()), fit.n, fit.events)
        }
    }

    typealias Fitter = (ModelFrame, [Double]?, Bool) throws -> (wald: [WaldEstimate], n: Int, events: Int)

    /// UNADJUSTED, IPTW, ADJUSTED and (with a modifier) INTERACTION fits of one outcome.
    mutating func fitAll(_ outcome: String, rows: [[String]], present: [Bool], hasWeight: [Bool],
                         weightOf: [String: Double], fit: Fitter) {
        let armCov = Covariate("TRT01P", rows.map { arm($0) }, .factor(reference: reference))
        let ids = rows.map { adsl.value($0, "USUBJID") ?? "" }
        func run(_ model: String, _ covs: [Covariate], interactions: [(String, String)] = [], weighted: Bool = false,
                 keep: (String) -> Bool) {
            let required = weighted ? zip(present, hasWeight).map { $0 && $1 } : present
            do {
                let frame = try ModelFrame(covs, count: rows.count, interactions: interactions, required: required)
                let w = weighted ? frame.kept(ids).map { weightOf[$0]! } : nil
                let r = try fit(frame, w, weighted)
                for (k, term) in frame.terms.enumerated() where keep(term) {
                    models.append(ModelRow(outcome: outcome, model: model, term: term, estimate: r.wald[k], n: r.n,
                                           events: r.events, note: ""))
                }
            } catch {
                models.append(ModelRow(outcome: outcome, model: model, term: armTerm, estimate: nil, n: nil, events: nil,
                                       note: "\(error)"))
            }
        }
        run("UNADJUSTED", [armCov]) { _ in true }
        if !weightOf.isEmpty { run("IPTW", [armCov], weighted: true) { _ in true } }
        let adjust = selected.map { CovariateKind.covariate(adsl, $0, rows: rows) }
        run("ADJUSTED", [armCov] + adjust) { _ in true }
        if let m = options.modifier {
            run("INTERACTION", [armCov, CovariateKind.covariate(adsl, m, rows: rows)], interactions: [("TRT01P", m)]) {
                $0.contains(":")
            }
        }
    }
}
