import Foundation
import MMModel

/// One row of `km.csv` (SPEC 3): a time-to-event endpoint in one stratum.
public struct KMRow: Sendable, Hashable {
    public var paramcd: String
    /// `ALL` or the stratum's value of the `--by` variable.
    public var stratum: String
    public var fit: KaplanMeier
    public var median: Estimate
    public var rate12: Estimate?
    public var rate24: Estimate?

    public var n: Int { fit.subjects }
    public var events: Int { fit.totalEvents }
}

/// One endpoint's analysis: the overall curve, the curves per stratum, their log-rank test
/// and the median follow-up (reverse Kaplan–Meier, RULES.md 8).
public struct EndpointSummary: Sendable {
    public var paramcd: String
    public var overall: KMRow
    public var strata: [KMRow]
    public var logRank: LogRankTest?
    /// Median follow-up by reverse KM (events ↔ censorings), overall and per stratum.
    public var followUp: Estimate
    public var strataFollowUp: [Estimate]
}

/// Builds the Kaplan–Meier analyses of `adtte.csv` (RULES.md 8, SPEC 3).
public struct SurvivalSummary: Sendable {
    /// The endpoints of `km.csv`, in this order.
    public static let endpoints = ["PFS", "OS", "TTNT"]
    /// Landmarks of the rate columns, in months.
    public static let landmarks: (Double, Double) = (12, 24)

    public var endpoints: [EndpointSummary]
    /// The `--by` variable and its stratum values, in order; empty without `--by`.
    public var byVariable: String?
    public var strataValues: [String]
    /// Subjects of ADTTE left out of the stratified curves because the `--by` value is missing.
    public var missingStratum: Int

    /// Time in months: `AVAL` days / 30.4375 when `AVAL` is present (exact), else `AVALM`.
    public static func months(_ table: DataTable, _ row: [String]) -> Double? {
        if let d = table.value(row, "AVAL").flatMap(Double.init) { return d / Day.daysPerMonth }
        return table.value(row, "AVALM").flatMap(Double.init)
    }

    /// The (time, event) pairs of `paramcd`, each with its `USUBJID`; rows whose time or `CNSR`
    /// is missing or invalid are left out (they cannot enter a survival analysis).
    public static func observations(_ adtte: DataTable, paramcd: String) -> [(usubjid: String, obs: SurvivalObservation)] {
        var out: [(String, SurvivalObservation)] = []
        for row in adtte.rows where adtte.value(row, "PARAMCD") == paramcd {
            guard let t = months(adtte, row), t.isFinite else { continue }
            let event: Bool
            switch adtte.value(row, "CNSR") {
            case "0": event = true
            case "1": event = false
            default: continue
            }
            out.append((adtte.value(row, "USUBJID") ?? "", SurvivalObservation(time: t, event: event)))
        }
        return out
    }

    /// Analyses each endpoint overall and, with `by`, per value of that ADSL column.
    public init(tables: DatasetTables, by: String? = nil) {
        byVariable = by
        var stratumOf: [String: String] = [:]
        var values = Set<String>()
        if let by {
            for row in tables.adsl.rows {
                guard let id = tables.adsl.value(row, "USUBJID"), let v = tables.adsl.value(row, by) else { continue }
                stratumOf[id] = v
                values.insert(v)
            }
        }
        strataValues = StratumOrder.sorted(Array(values))
        var missing = 0
        var result: [EndpointSummary] = []
        for paramcd in Self.endpoints {
            let obs = Self.observations(tables.adtte, paramcd: paramcd)
            let overall = Self.row(paramcd, "ALL", obs.map(\.obs))
            var strata: [KMRow] = []
            var groups: [[SurvivalObservation]] = []
            if by != nil {
                for v in strataValues {
                    let g = obs.filter { stratumOf[$0.usubjid] == v }.map(\.obs)
                    groups.append(g)
                    strata.append(Self.row(paramcd, v, g))
                }
                missing = max(missing, obs.filter { stratumOf[$0.usubjid] == nil }.count)
            }
            let lr = groups.count >= 2 ? LogRankTest(groups: groups) : nil
            result.append(EndpointSummary(
                paramcd: paramcd, overall: overall, strata: strata, logRank: lr,
                followUp: Self.reverse(obs.map(\.obs)).median,
                strataFollowUp: groups.map { Self.reverse($0).median }))
        }
        endpoints = result
        missingStratum = missing
    }

    static func reverse(_ obs: [SurvivalObservation]) -> KaplanMeier {
        KaplanMeier(obs.map { SurvivalObservation(time: $0.time, event: !$0.event) })
    }

    static func row(_ paramcd: String, _ stratum: String, _ obs: [SurvivalObservation]) -> KMRow {
        let fit = KaplanMeier(obs)
        return KMRow(paramcd: paramcd, stratum: stratum, fit: fit, median: fit.median,
                     rate12: fit.rate(at: landmarks.0), rate24: fit.rate(at: landmarks.1))
    }

    /// Every row of `km.csv`: per endpoint, `ALL` then each stratum.
    public var rows: [KMRow] { endpoints.flatMap { [$0.overall] + $0.strata } }

    /// Median follow-up (reverse KM on OS), the figure the seeds report.
    public var followUp: Estimate? { endpoints.first { $0.paramcd == "OS" }?.followUp }
}

/// Orders stratum values: stages and numbers in their natural order (I < II < III < IV,
/// 2 < 10), `N` before `Y`, otherwise alphabetically.
enum StratumOrder {
    static let roman = ["I": 1, "II": 2, "III": 3, "IV": 4, "V": 5]
    static func sorted(_ values: [String]) -> [String] {
        values.sorted { a, b in
            if let x = roman[a], let y = roman[b] { return x < y }
            if let x = Double(a), let y = Double(b) { return x < y }
            return a < b
        }
    }
}
