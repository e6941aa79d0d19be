import Foundation
import MMStats

/// One coefficient of a Cox model in `cox.csv` (SPEC 3): the hazard ratio of `term` with its
/// Wald 95 % CI and P, and the complete cases (`n`, `events`) the model used.
public struct CoxRow: Sendable, Hashable {
    public var paramcd: String
    /// `UNIVARIABLE` or `MULTIVARIABLE`.
    public var model: String
    /// R's name of the coefficient (`ISSII`, `LDHHIFLY`, `AGE`); the variable's name when the
    /// model could not be fitted.
    public var term: String
    /// The ADSL variable the term codes, and for a factor its level and reference level.
    public var variable: String
    public var level: String?
    public var reference: String?
    /// nil when the model could not be fitted (`note` says why) or the estimate is not finite.
    public var estimate: WaldEstimate?
    public var n: Int
    public var events: Int
    public var note: String?
}

/// The prognostic Cox models every seed reports (seed 000 Online Table S2; SPEC 3
/// `summarize --cox`): for PFS and OS, one univariable model per variable and one
/// multivariable model with all of them, fitted by the shared engine `MMStats.CoxModel`
/// (Efron ties, as `survival::coxph`), Wald 95 % CI and P.
///
/// - Outcome: `adtte.csv` rows of the endpoint (time in months as for Kaplan–Meier; event =
///   `CNSR = 0`) joined to `adsl.csv` by `USUBJID`.
/// - Coding, as R's `read.csv` + `coxph` code the same columns: a variable whose non-empty
///   values all read as numbers is one linear term named as the variable (`AGE`, `PRIORLOT`);
///   any other is a factor with treatment contrasts, levels sorted, the first the reference,
///   terms named variable + level (`ISSII`, `ISSIII`, `LDHHIFLY`).
/// - Missing values: each model uses its complete cases (outcome and every variable of the
///   model present); `N` and `EVENTS` are that model's.
/// - A model that cannot be fitted (no complete case, no event, a single level, separation)
///   writes one row per variable with empty estimates and the reason in `note`.
public struct CoxAnalysis: Sendable, Hashable {
    public static let endpoints = ["PFS", "OS"]
    public static let univariable = "UNIVARIABLE", multivariable = "MULTIVARIABLE"

    public var variables: [String]
    public var rows: [CoxRow]

    public init(variables: [String] = [], rows: [CoxRow] = []) {
        self.variables = variables
        self.rows = rows
    }

    /// `variables` are ADSL column names (any case, as `--by`); each is used once, spelt as in
    /// `adsl.csv`, in the order given.
    public init(tables: DatasetTables, variables requested: [String]) {
        let adsl = tables.adsl
        var variables: [String] = []
        for v in requested {
            let name = adsl.index(of: v).map { adsl.columns[$0] } ?? v
            if !variables.contains(name) { variables.append(name) }
        }
        self.variables = variables
        var subject: [String: [String]] = [:]
        for row in adsl.rows { if let id = adsl.value(row, "USUBJID"), subject[id] == nil { subject[id] = row } }
        let kinds = Dictionary(uniqueKeysWithValues: variables.map { v in (v, Self.kind(of: adsl.rows.compactMap { adsl.value($0, v) })) })
        var rows: [CoxRow] = []
        for paramcd in Self.endpoints {
            let obs = SurvivalSummary.observations(tables.adtte, paramcd: paramcd)
            let values = Dictionary(uniqueKeysWithValues: variables.map { v in
                (v, obs.map { o in subject[o.usubjid].flatMap { adsl.value($0, v) } })
            })
            let data = (time: obs.map(\.obs.time), event: obs.map(\.obs.event))
            func fit(_ model: String, _ vars: [String]) -> [CoxRow] {
                Self.fit(paramcd: paramcd, model: model, covariates: vars.map { Covariate($0, values[$0]!, kinds[$0]!) },
                         time: data.time, event: data.event)
            }
            for v in variables { rows += fit(Self.univariable, [v]) }
            // With one variable the multivariable model is the univariable one: written anyway,
            // so every endpoint has its MULTIVARIABLE rows.
            if !variables.isEmpty { rows += fit(Self.multivariable, variables) }
        }
        self.rows = rows
    }

    /// Numeric when every non-empty value reads as a finite number (R's `read.csv` makes
    /// such a column numeric), else a factor.
    static func kind(of values: [String]) -> Covariate.Kind {
        let numeric = !values.isEmpty && values.allSatisfy { Double($0).map(\.isFinite) ?? false }
        return numeric ? .numeric : .factor()
    }

    static func fit(paramcd: String, model: String, covariates: [Covariate], time: [Double], event: [Bool]) -> [CoxRow] {
        let complete = time.indices.filter { i in covariates.allSatisfy { $0.values[i] != nil } }
        let n = complete.count, events = complete.filter { event[$0] }.count
        do {
            let frame = try ModelFrame(covariates, count: time.count)
            let fit = try CoxModel.fit(time: frame.kept(time), event: frame.kept(event), x: frame.x, terms: frame.terms)
            return frame.terms.indices.map { i in
                let variable = frame.termVariables[i]
                let levels = frame.levels[variable]
                let w = fit.wald[i]
                let finite = [w.ratio, w.lower, w.upper, w.p].allSatisfy(\.isFinite)
                return CoxRow(paramcd: paramcd, model: model, term: frame.terms[i], variable: variable,
                              level: levels.map { _ in String(frame.terms[i].dropFirst(variable.count)) },
                              reference: levels?.first, estimate: finite ? w : nil, n: fit.n, events: fit.events,
                              note: finite ? nil : "estimate not finite")
            }
        } catch {
            let reason = (error as? StatsError)?.description ?? "\(error)"
            return covariates.map {
                CoxRow(paramcd: paramcd, model: model, term: $0.name, variable: $0.name, level: nil, reference: nil,
                       estimate: nil, n: n, events: events, note: reason)
            }
        }
    }
}
