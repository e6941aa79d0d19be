import Foundation

/// The CSV files of `summarize` (SPEC 3, SPEC 7 conventions: UTF-8, comma, RFC 4180
/// quoting, header row, empty = missing, no formula-like cells).
public enum CSVOutput {
    /// The contract's `km.csv` columns, in order (SPEC 3).
    public static let kmColumns = ["PARAMCD", "STRATUM", "N", "EVENTS", "MEDIAN", "MEDIAN_LCL", "MEDIAN_UCL",
                                   "RATE12", "RATE12_LCL", "RATE12_UCL", "RATE24", "RATE24_LCL", "RATE24_UCL"]
    /// Decimals of times (months) and rates (proportions) in `km.csv`.
    public static let decimals = 4

    /// One RFC 4180 field: quoted when it holds a comma, quote or line break; a text cell
    /// starting with `=`, `+`, `-` or `@` is prefixed with `'` so spreadsheets do not run it.
    public static func field(_ s: String) -> String {
        var v = s
        if let f = v.first, "=+-@".contains(f), Double(v) == nil { v = "'" + v }
        if v.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
            return "\"" + v.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return v
    }

    public static func line(_ fields: [String]) -> String { fields.map(field).joined(separator: ",") + "\n" }

    public static func number(_ x: Double?) -> String { x.map { NumberFormat.fixed($0, decimals) } ?? "" }

    /// `km.csv`: one row per endpoint and stratum; empty where not reached or not estimable.
    public static func km(_ s: SurvivalSummary) -> String {
        var out = line(kmColumns)
        for r in s.rows {
            out += line([r.paramcd, r.stratum, "\(r.n)", "\(r.events)",
                         number(r.median.value), number(r.median.lower), number(r.median.upper),
                         number(r.rate12?.value), number(r.rate12?.lower), number(r.rate12?.upper),
                         number(r.rate24?.value), number(r.rate24?.lower), number(r.rate24?.upper)])
        }
        return out
    }

    /// `km_tests.csv`: per endpoint, the log-rank test across strata (with `--by`) and the
    /// median follow-up by reverse Kaplan–Meier.
    public static func kmTests(_ s: SurvivalSummary) -> String {
        var out = line(["PARAMCD", "BYVAR", "CHISQ", "DF", "PVALUE", "FOLLOWUP_MEDIAN", "FOLLOWUP_LCL", "FOLLOWUP_UCL"])
        for e in s.endpoints {
            // No test (fewer than two groups with events expected): empty cells, not df = −1.
            let test = e.logRank.flatMap { $0.pValue == nil ? nil : $0 }
            out += line([e.paramcd, s.byVariable ?? "",
                         test.map { NumberFormat.fixed($0.chiSquare, decimals) } ?? "",
                         test.map { "\($0.degreesOfFreedom)" } ?? "",
                         test?.pValue.map { String(format: "%.6g", $0) } ?? "",
                         number(e.followUp.value), number(e.followUp.lower), number(e.followUp.upper)])
        }
        return out
    }

    /// The contract's `ae.csv` columns, in order (SPEC 3).
    public static let aeColumns = ["TERM", "N_ANY", "PCT_ANY", "N_G34", "PCT_G34"]

    /// `ae.csv`: one row per group and term of the AE table; percentages of the analysis
    /// population with one decimal (empty when the population is empty).
    public static func ae(_ t: AdverseEventTable) -> String {
        var out = line(aeColumns)
        func pct(_ n: Int) -> String { t.population > 0 ? NumberFormat.fixed(100 * Double(n) / Double(t.population), 1) : "" }
        for r in t.rows {
            out += line([r.term, "\(r.anyGrade)", pct(r.anyGrade), "\(r.grade34)", pct(r.grade34)])
        }
        return out
    }

    /// The contract's `cox.csv` columns, in order (SPEC 3).
    public static let coxColumns = ["PARAMCD", "MODEL", "TERM", "HR", "LCL", "UCL", "P", "N", "EVENTS"]

    /// `cox.csv`: one row per endpoint, model and coefficient; HR and CI with 4 decimals, P
    /// with 6 significant digits; empty estimates where the model could not be fitted.
    public static func cox(_ c: CoxAnalysis) -> String {
        var out = line(coxColumns)
        for r in c.rows {
            let e = r.estimate
            out += line([r.paramcd, r.model, r.term, number(e?.ratio), number(e?.lower), number(e?.upper),
                         e.map { String(format: "%.6g", $0.p) } ?? "", "\(r.n)", "\(r.events)"])
        }
        return out
    }

    /// `table1.csv` / `response.csv`: `VARIABLE,CHARACTERISTIC,LEVEL`, one column per group
    /// (`<VAR> = <value>`), `All`, and `P` and `SMD` when grouped; the first row gives each column's N.
    public static func table(_ t: SummaryTable) -> String {
        var out = line(["VARIABLE", "CHARACTERISTIC", "LEVEL"] + t.columns + (t.hasSMD ? ["P", "SMD"] : []))
        out += line(["N", "Patients", ""] + t.columnN.map { "\($0)" } + (t.hasSMD ? ["", ""] : []))
        for r in t.rows {
            out += line([r.variable, r.characteristic, r.level] + r.cells + (t.hasSMD ? [r.p, r.smd] : []))
        }
        return out
    }
}
