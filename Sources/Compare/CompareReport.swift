import Foundation
import MMModel
import MMStats
import MMSummary

/// `compare.html` (SPEC 9), laid out as seed 003: Table 1A (by arm, P, SMD), Table 1B (after
/// weighting, SMD), Table 2 (HR/OR with 95% CI and P: unadjusted, IPTW, adjusted), Figure 1
/// (PFS and OS, unweighted and weighted, with numbers at risk) and the propensity-score
/// overlap. Self-contained and deterministic, like `summary.html`.
public enum CompareReport {
    static let labels = ["AGE": "Age, years", "SEX": "Sex", "ISS": "ISS stage", "LDHHIFL": "LDH > ULN",
                         "CYTORISK": "Cytogenetic risk", "PRIORLOT": "Previous lines of therapy",
                         "PRASCTFL": "Previous ASCT", "DARARFL": "Daratumumab refractory", "DISSTAT": "Disease status",
                         "PFS": "Progression-free survival", "OS": "Overall survival", "RESPONSE": "Response (≥ PR)"]
    static func label(_ v: String) -> String { labels[v] ?? v }
    /// A level as the seed's tables print it (`Y` → Yes, `F` → Female, `REFRACTORY` → …).
    static func level(_ variable: String, _ value: String) -> String {
        switch (variable, value) {
        case (_, "Y"): return "Yes"
        case (_, "N"): return "No"
        case ("SEX", "F"): return "Female"
        case ("SEX", "M"): return "Male"
        case ("CYTORISK", "HIGH"): return "High risk"
        case ("CYTORISK", "STANDARD"): return "Standard risk"
        case ("DISSTAT", "BIOCHEMICAL_RELAPSE"): return "Biochemical relapse"
        case ("DISSTAT", "SYMPTOMATIC_RELAPSE"): return "Symptomatic relapse"
        case ("DISSTAT", "REFRACTORY"): return "Refractory to last treatment"
        case ("DISSTAT", "NO_PROGRESSION"): return "No progression"
        default: return value
        }
    }
    static func e(_ s: String) -> String { Markup.escape(s) }
    static func f(_ x: Double?, _ d: Int) -> String { x.map { NumberFormat.fixed($0, d) } ?? "–" }
    static func pText(_ p: Double?) -> String { p == nil ? "–" : NumberFormat.pValue(p) }

    static let extraCSS = """
        svg.ps text{font-family:"Helvetica Neue",Helvetica,Arial,sans-serif;font-size:12px}
        .grid2{display:grid;grid-template-columns:1fr 1fr;gap:8px 24px}.grid2 figure{margin:8px 0}
        .grid2 svg{width:100%;height:auto}td.note{color:#8a1c1c;white-space:normal;text-align:left;font-size:12px}
        """

    public static func render(_ c: Comparison) -> String {
        var o = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        o += "<title>Comparative analysis: \(e(c.treated)) vs \(e(c.reference))</title>\n<style>\n\(HTMLReport.css)\n\(extraCSS)\n</style>\n</head>\n<body>\n"
        o += "<h1>\(e(c.treated)) versus \(e(c.reference)): target-trial emulation</h1>\n"
        let n = c.arms.map { a in c.adsl.rows.filter { c.adsl.value($0, "TRT01P") == a }.count }
        o += "<p class=\"sub\">\(n[1] + n[0]) patients (\(e(c.treated)) \(n[1]), \(e(c.reference)) \(n[0], )); reference arm \(e(c.reference)); "
        o += "inverse probability of treatment weights (ATE\(c.options.stabilized ? ", stabilized" : "")) from a logistic propensity model on "
        o += c.selected.isEmpty ? "no covariate" : e(c.selected.joined(separator: ", "))
        o += ". Written by mmpipe compare.</p>\n"
        o += "<h2>Patient flow</h2>\n" + AttritionFlow.html(c.flow)
        o += table1A(c, n: n) + table1B(c) + table2(c) + figure1(c) + overlap(c)
        if !c.notes.isEmpty {
            o += "<h2>Notes</h2>\n<div class=\"notes\">" + c.notes.map { "<p>\(e($0))</p>" }.joined() + "</div>\n"
        }
        return o + "</body>\n</html>\n"
    }

    /// Rows of one arm, and a covariate's values in them.
    static func members(_ c: Comparison, _ arm: String) -> [[String]] { c.adsl.rows.filter { c.adsl.value($0, "TRT01P") == arm } }

    static func table1A(_ c: Comparison, n: [Int]) -> String {
        var o = "<h2>Table 1A. Baseline characteristics by arm (unweighted)</h2>\n<table>\n<thead><tr><th>Characteristic</th>"
        o += "<th>\(e(c.treated))<br>N = \(n[1])</th><th>\(e(c.reference))<br>N = \(n[0])</th><th>P</th><th>SMD</th></tr></thead>\n<tbody>\n"
        let groups = [members(c, c.treated), members(c, c.reference)]
        for b in c.balance {
            o += "<tr class=\"h\"><td>\(e(label(b.variable)))\(b.inPropensityModel ? "†" : "")</td><td></td><td></td>"
            o += "<td>\(pText(b.test?.p))\(b.test.map { $0.method.hasPrefix("Fisher") ? "ᶠ" : "" } ?? "")</td><td>\(f(b.smd, 3))</td></tr>\n"
            if b.type == "continuous" {
                o += "<tr class=\"l\"><td>Median (range)</td>"
                for g in groups {
                    let xs = g.compactMap { c.adsl.value($0, b.variable).flatMap(Double.init) }.sorted()
                    o += "<td>\(xs.isEmpty ? "–" : "\(f(median(xs), 1)) (\(f(xs.first, 0))–\(f(xs.last, 0)))")</td>"
                }
                o += "<td></td><td></td></tr>\n"
            } else {
                let levels = Array(Set(c.adsl.rows.compactMap { c.adsl.value($0, b.variable) })).sorted()
                for l in levels + ["Missing"] {
                    let counts = groups.map { g in g.filter { l == "Missing" ? c.adsl.value($0, b.variable) == nil : c.adsl.value($0, b.variable) == l }.count }
                    if l == "Missing" && counts.allSatisfy({ $0 == 0 }) { continue }
                    o += "<tr class=\"l\"><td>\(e(l == "Missing" ? l : level(b.variable, l)))</td>"
                    for (k, g) in groups.enumerated() { o += "<td>\(counts[k]) (\(f(100 * Double(counts[k]) / Double(max(1, g.count)), 1))%)</td>" }
                    o += "<td></td><td></td></tr>\n"
                }
            }
        }
        o += "</tbody>\n</table>\n<div class=\"notes\"><p>n (%) or median (range). P: χ² test (Yates' continuity correction for 2×2 tables only, as R's chisq.test), ᶠ Fisher's exact test where an expected count is &lt; 5; Mann–Whitney (wilcox.test: exact without ties for n &lt; 50, else normal approximation with continuity and tie correction) for continuous variables. SMD: absolute standardized mean difference (Austin 2009; multi-level factors: Yang &amp; Dalton 2012), missing values excluded. † in the propensity model.</p></div>\n"
        return o
    }

    static func median(_ xs: [Double]) -> Double {
        xs.count % 2 == 1 ? xs[xs.count / 2] : (xs[xs.count / 2 - 1] + xs[xs.count / 2]) / 2
    }

    static func table1B(_ c: Comparison) -> String {
        guard !c.weights.isEmpty else { return "" }
        let byID = Dictionary(c.weights.map { ($0.usubjid, $0.weight) }, uniquingKeysWith: { a, _ in a })
        let groups = [c.treated, c.reference].map { a in
            members(c, a).compactMap { r in c.adsl.value(r, "USUBJID").flatMap { byID[$0] }.map { (r, $0) } }
        }
        let sums = groups.map { $0.reduce(0) { $0 + $1.1 } }
        var o = "<h2>Table 1B. Baseline characteristics after weighting (IPTW)</h2>\n<table>\n<thead><tr><th>Characteristic</th>"
        o += "<th>\(e(c.treated))<br>weighted N = \(f(sums[0], 1))</th><th>\(e(c.reference))<br>weighted N = \(f(sums[1], 1))</th><th>SMD</th></tr></thead>\n<tbody>\n"
        for b in c.balance {
            o += "<tr class=\"h\"><td>\(e(label(b.variable)))</td><td></td><td></td><td>\(f(b.smdWeighted, 3))</td></tr>\n"
            if b.type == "continuous" {
                o += "<tr class=\"l\"><td>Weighted mean</td>"
                for g in groups {
                    let xs = g.compactMap { r, w in c.adsl.value(r, b.variable).flatMap(Double.init).map { ($0, w) } }
                    let sw = xs.reduce(0) { $0 + $1.1 }
                    o += "<td>\(sw > 0 ? f(xs.reduce(0) { $0 + $1.0 * $1.1 } / sw, 1) : "–")</td>"
                }
                o += "<td></td></tr>\n"
            } else {
                let levels = Array(Set(c.adsl.rows.compactMap { c.adsl.value($0, b.variable) })).sorted()
                for l in levels {
                    o += "<tr class=\"l\"><td>\(e(level(b.variable, l)))</td>"
                    for g in groups {
                        let known = g.filter { c.adsl.value($0.0, b.variable) != nil }
                        let sw = known.reduce(0) { $0 + $1.1 }
                        let lw = known.filter { c.adsl.value($0.0, b.variable) == l }.reduce(0) { $0 + $1.1 }
                        o += "<td>\(sw > 0 ? f(100 * lw / sw, 1) + "%" : "–")</td>"
                    }
                    o += "<td></td></tr>\n"
                }
            }
        }
        o += "</tbody>\n</table>\n<div class=\"notes\"><p>Weighted percentages over patients with a known value; weights 1/PS (\(e(c.treated))) and 1/(1 − PS) (\(e(c.reference)))\(c.options.stabilized ? ", multiplied by the arm's share" : ""). Patients with a missing propensity covariate are not weighted.</p></div>\n"
        return o
    }

    static let modelNames = ["UNADJUSTED": "Unadjusted model", "IPTW": "IPTW model (robust SE)", "ADJUSTED": "Fully adjusted model"]

    /// `0.55 (0.41–0.75)` and the P cell, or "not estimable*" with the reason kept for the notes.
    static func cells(_ r: ModelRow?, _ problems: inout [String], _ what: String) -> String {
        guard let r else { return "<td>–</td><td>–</td>" }
        guard let w = r.estimate else {
            problems.append("\(what): \(r.note)")
            return "<td>not estimable*</td><td></td>"
        }
        return "<td>\(f(w.ratio, 2)) (\(f(w.lower, 2))–\(f(w.upper, 2)))</td><td>\(pText(w.p))</td>"
    }

    /// Seed 003's Table 2: per outcome, the arm in the three models, then every covariate of the
    /// fully adjusted model (factors with their reference level at 1), then the interaction.
    static func table2(_ c: Comparison) -> String {
        var o = "<h2>Table 2. Unadjusted, IPTW and fully adjusted models: \(e(c.treated)) vs \(e(c.reference))</h2>\n<table>\n<thead><tr><th>Variable</th>"
        for m in ["UNADJUSTED", "IPTW", "ADJUSTED"] { o += "<th>\(modelNames[m]!)<br>ratio (95% CI)</th><th>P</th>" }
        o += "</tr></thead>\n<tbody>\n"
        var problems: [String] = []
        for outcome in Comparison.outcomes + ["RESPONSE"] {
            let measure = outcome == "RESPONSE" ? "odds ratio" : "hazard ratio"
            o += "<tr class=\"h\"><td colspan=\"7\">\(e(label(outcome))) (\(measure))</td></tr>\n"
            o += "<tr class=\"l\"><td>Therapy \(e(c.treated)) vs. \(e(c.reference))</td>"
            for m in ["UNADJUSTED", "IPTW", "ADJUSTED"] {
                o += cells(c.models.first { $0.outcome == outcome && $0.model == m && $0.term == c.armTerm }, &problems,
                           "\(label(outcome)), \(modelNames[m]!)")
            }
            o += "</tr>\n"
            let adjusted = c.models.filter { $0.outcome == outcome && $0.model == "ADJUSTED" && $0.term != c.armTerm && $0.estimate != nil }
            for v in c.selected {
                let terms = adjusted.filter { $0.term.hasPrefix(v) }
                guard !terms.isEmpty else { continue }
                if !CovariateKind.isNumeric(v) {
                    let levels = Array(Set(c.adsl.rows.compactMap { c.adsl.value($0, v) })).sorted()
                    let ref = levels.first { l in !terms.contains { $0.term == v + l } } ?? ""
                    o += "<tr class=\"l\"><td>\(e(label(v))): \(e(level(v, ref))) (reference)</td><td>–</td><td>–</td><td>–</td><td>–</td><td>1</td><td>–</td></tr>\n"
                }
                for t in terms {
                    let name = CovariateKind.isNumeric(v) ? label(v) : "\(label(v)): \(level(v, String(t.term.dropFirst(v.count))))"
                    o += "<tr class=\"l\"><td>\(e(name))</td><td>–</td><td>–</td><td>–</td><td>–</td>" + cells(t, &problems, "") + "</tr>\n"
                }
            }
            for r in c.models where r.outcome == outcome && r.model == "INTERACTION" {
                o += "<tr class=\"l\"><td>Interaction \(e(r.term))</td><td>–</td><td>–</td><td>–</td><td>–</td>"
                o += cells(r, &problems, "\(label(outcome)), interaction") + "</tr>\n"
            }
        }
        o += "</tbody>\n</table>\n<div class=\"notes\"><p>Cox proportional-hazards models (Efron ties) for PFS and OS, logistic regression for response (BOR ≥ PR on the index line); 95% Wald intervals. IPTW: the arm alone, weighted, with robust sandwich variance (coxph robust = TRUE; HC0 for the logistic model). Fully adjusted: unweighted, arm + the propensity covariates (complete cases). Every term is in models.csv.</p>"
        if let m = c.options.modifier { o += "<p>Interaction: the arm × \(e(m)) term of a model with arm, modifier and their product (a ratio of ratios; effect modification).</p>" }
        o += problems.map { "<p>* \(e($0))</p>" }.joined() + "</div>\n"
        return o
    }

    static func figure1(_ c: Comparison) -> String {
        var o = "<h2>Figure 1. Kaplan–Meier curves by arm</h2>\n<div class=\"grid2\">\n"
        let axis = c.curves.compactMap { $0.fit.times.last }.max()
        var letter = 65
        for paramcd in Comparison.outcomes {
            for weighted in [false, true] {
                let curves = c.curves.filter { $0.paramcd == paramcd && $0.weighted == weighted }
                guard !curves.isEmpty else { continue }
                let ordered = [c.treated, c.reference].compactMap { a in curves.first { $0.arm == a } }
                let plot = KMPlot(title: "\(Character(UnicodeScalar(letter)!)). \(paramcd), \(weighted ? "IPTW-weighted" : "unweighted")",
                                  yLabel: "\(paramcd) probability (%)",
                                  curves: ordered.map { KMPlot.Curve(label: $0.arm, fit: $0.fit) },
                                  logRankP: nil, showBand: false, axisMonths: axis)
                letter += 1
                o += "<figure>\n" + plot.svg()
                let medians = ordered.map { "\($0.arm) \(f($0.median.value, 1)) months" }.joined(separator: ", ")
                o += "<figcaption>\(e(label(paramcd))), \(weighted ? "weighted by IPTW (survfit weights; numbers at risk unweighted)" : "unweighted"); median \(e(medians)).</figcaption>\n</figure>\n"
            }
        }
        return o + "</div>\n"
    }

    /// Histograms of the propensity score by arm (20 bins on [0, 1]), the reference arm drawn
    /// downward so that the overlap (common support) reads at a glance.
    static func overlap(_ c: Comparison) -> String {
        guard !c.weights.isEmpty else { return "" }
        let bins = 20
        let counts = [c.treated, c.reference].map { a in
            c.weights.filter { $0.arm == a }.reduce(into: Array(repeating: 0, count: bins)) { h, w in h[min(bins - 1, Int(w.ps * Double(bins)))] += 1 }
        }
        let top = Double(max(1, counts.joined().max() ?? 1))
        let w = 640.0, h = 150.0, left = 50.0, mid = 20 + h
        var s = "<svg class=\"ps\" xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(w + left + 20))\" height=\"\(Int(2 * h + 70))\" viewBox=\"0 0 \(Int(w + left + 20)) \(Int(2 * h + 70))\">\n"
        let colors = [KMPlot.palette[0], KMPlot.palette[1]]
        for (g, cs) in counts.enumerated() {
            for (b, n) in cs.enumerated() where n > 0 {
                let bh = h * Double(n) / top
                let x = left + w * Double(b) / Double(bins)
                let y = g == 0 ? mid - bh : mid
                s += "<rect x=\"\(NumberFormat.fixed(x + 1, 1))\" y=\"\(NumberFormat.fixed(y, 1))\" width=\"\(NumberFormat.fixed(w / Double(bins) - 2, 1))\" height=\"\(NumberFormat.fixed(bh, 1))\" fill=\"\(colors[g])\" opacity=\"0.8\"/>\n"
            }
        }
        s += "<line x1=\"\(left)\" y1=\"\(mid)\" x2=\"\(left + w)\" y2=\"\(mid)\" stroke=\"#222\"/>\n"
        for k in 0...10 {
            let x = left + w * Double(k) / 10
            s += "<text x=\"\(NumberFormat.fixed(x, 1))\" y=\"\(Int(2 * h + 40))\" text-anchor=\"middle\">\(NumberFormat.fixed(Double(k) / 10, 1))</text>\n"
        }
        s += "<text x=\"\(left + w / 2)\" y=\"\(Int(2 * h + 60))\" text-anchor=\"middle\">Propensity score (probability of \(e(c.treated)))</text>\n"
        s += "<text x=\"\(left + 6)\" y=\"34\" fill=\"\(colors[0])\" font-weight=\"600\">\(e(c.treated)) (n=\(counts[0].reduce(0, +)))</text>\n"
        s += "<text x=\"\(left + 6)\" y=\"\(Int(2 * h + 14))\" fill=\"\(colors[1])\" font-weight=\"600\">\(e(c.reference)) (n=\(counts[1].reduce(0, +)))</text>\n"
        s += "<text x=\"12\" y=\"\(Int(mid))\" transform=\"rotate(-90 12 \(Int(mid)))\" text-anchor=\"middle\">Patients (max \(Int(top)) per bin)</text>\n"
        s += "</svg>\n"
        return "<h2>Propensity-score overlap</h2>\n<figure>\n\(s)<figcaption>Distribution of the propensity score by arm (\(e(c.treated)) upward, \(e(c.reference)) downward; bins of 0.05). Weights are large where one arm has few patients.</figcaption>\n</figure>\n"
    }
}
