import Foundation
import MMStats
import MMSummary

/// The CSV files of `compare` (SPEC 9; SPEC 7 conventions). Estimates, limits, P values and
/// SMDs with 6 significant digits (P) or 4 decimals; empty where there is no number, and the
/// reason in `NOTE`.
public enum CompareOutput {
    public static let balanceColumns = ["VARIABLE", "TYPE", "P", "SMD", "SMD_WEIGHTED", "TEST", "IN_PS"]
    public static let weightColumns = ["USUBJID", "TRT01P", "PS", "WEIGHT"]
    public static let modelColumns = ["OUTCOME", "MODEL", "TERM", "ESTIMATE", "LCL", "UCL", "P", "N", "EVENTS", "NOTE"]
    public static let kmColumns = ["PARAMCD", "STRATUM", "WEIGHTED"] + CSVOutput.kmColumns.dropFirst(2)

    static func p(_ x: Double?) -> String { x.map { String(format: "%.6g", $0) } ?? "" }
    static func number(_ x: Double?) -> String { CSVOutput.number(x) }
    static func line(_ fields: [String]) -> String { CSVOutput.line(fields) }

    public static func balance(_ c: Comparison) -> String {
        var out = line(balanceColumns)
        for r in c.balance {
            out += line([r.variable, r.type, p(r.test?.p), number(r.smd), number(r.smdWeighted), r.test?.method ?? "",
                         r.inPropensityModel ? "Y" : "N"])
        }
        return out
    }

    public static func weights(_ c: Comparison) -> String {
        var out = line(weightColumns)
        for w in c.weights.sorted(by: { $0.usubjid < $1.usubjid }) {
            out += line([w.usubjid, w.arm, String(format: "%.6f", w.ps), String(format: "%.6f", w.weight)])
        }
        return out
    }

    public static func models(_ c: Comparison) -> String {
        var out = line(modelColumns)
        for m in c.models {
            out += line([m.outcome, m.model, m.term, number(m.estimate?.ratio), number(m.estimate?.lower),
                         number(m.estimate?.upper), p(m.estimate?.p), m.n.map(String.init) ?? "",
                         m.events.map(String.init) ?? "", m.note])
        }
        return out
    }

    public static func km(_ c: Comparison) -> String {
        var out = line(kmColumns)
        for k in c.curves {
            out += line([k.paramcd, k.arm, k.weighted ? "Y" : "N", "\(k.fit.subjects)", "\(k.fit.totalEvents)",
                         number(k.median.value), number(k.median.lower), number(k.median.upper),
                         number(k.rate12?.value), number(k.rate12?.lower), number(k.rate12?.upper),
                         number(k.rate24?.value), number(k.rate24?.lower), number(k.rate24?.upper)])
        }
        return out
    }

    /// The files of `DIR/compare/`, by name, in a fixed order.
    public static func files(_ c: Comparison) -> [(name: String, contents: String)] {
        [("balance.csv", balance(c)), ("weights.csv", weights(c)), ("models.csv", models(c)), ("km.csv", km(c)),
         ("compare.html", CompareReport.render(c))]
    }

    /// Reads the dataset in `directory`, compares the arms and writes `directory/compare/`
    /// (each file through a temporary name, so a failure leaves no half-written file).
    @discardableResult
    public static func run(directory: String, options: CompareOptions) throws(CompareError) -> Comparison {
        let tables: DatasetTables
        do { tables = try DatasetTables.load(directory: directory) } catch { throw .dataset("\(error)") }
        let c = try Comparison(tables: tables, options: options)
        let out = (directory as NSString).appendingPathComponent("compare")
        do { try DatasetSummary.write(files(c), to: out) } catch {
            if case let .cannotWrite(path, reason) = error { throw .cannotWrite(path: path, reason: reason) }
            throw .dataset("\(error)")
        }
        return c
    }
}
