import Foundation
import MMModel

/// HTML escaping for text and attribute values (`Markup.escape`, shared with the site report).
enum HTML {
    static func escape(_ s: String) -> String { Markup.escape(s) }
}

/// `summary.html` (SPEC 3): Table 1, the response table, the Kaplan–Meier table (median with
/// 95 % CI, 12/24-month rates with CI, median follow-up) and the KM figures for PFS, OS and
/// TTNT as inline SVG. Self-contained (inline CSS, no scripts, no external resources) and
/// deterministic (no clock, fixed number formats).
public enum HTMLReport {
    static let endpointNames = ["PFS": "Progression-free survival", "OS": "Overall survival",
                                "TTNT": "Time to next treatment"]

    public static let css = """
        body{font-family:"Helvetica Neue",Helvetica,Arial,sans-serif;color:#1a1a1a;max-width:1080px;margin:24px auto;padding:0 24px;line-height:1.4}
        h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:32px 0 8px;border-bottom:1px solid #ccc;padding-bottom:4px}
        p.sub{color:#555;margin:0 0 16px;font-size:13px}
        table{border-collapse:collapse;font-size:13px;margin:8px 0 4px;border-top:2px solid #222;border-bottom:2px solid #222}
        th{font-weight:600;text-align:right;padding:5px 10px;border-bottom:1px solid #222;vertical-align:bottom}
        th:first-child,td:first-child{text-align:left}
        td{padding:3px 10px;text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
        tr.h td{font-weight:600;padding-top:8px}tr.l td:first-child{padding-left:26px}
        td.ep{font-weight:600}tr.ep td{border-top:1px solid #bbb}tbody tr.ep:first-child td{border-top:none}
        .notes{font-size:12px;color:#444;margin:4px 0 0;max-width:900px}
        .notes p{margin:2px 0}
        figure{margin:18px 0 30px}figcaption{font-size:12px;color:#444;max-width:760px}
        svg.km text{font-family:"Helvetica Neue",Helvetica,Arial,sans-serif}
        svg.km .t{font-size:15px;font-weight:600}
        svg.km .grid{stroke:#e6e6e6;stroke-width:1}svg.km .half{stroke:#999;stroke-width:1;stroke-dasharray:4 4}
        svg.km .axis{stroke:#222;stroke-width:1.2}
        svg.km .yl{font-size:12px;text-anchor:end}svg.km .xl{font-size:12px;text-anchor:middle}
        svg.km .xt{font-size:13px;text-anchor:middle}
        svg.km .curve{fill:none;stroke-width:2.2}svg.km .cens{fill:none;stroke-width:1.3}
        svg.km .band{opacity:.15;stroke:none}
        svg.km .lg{font-size:12px}svg.km .lr{font-size:13px;text-anchor:end;font-style:italic}svg.km .rt{font-size:12px;font-weight:600}
        svg.km .rl{font-size:12px;font-weight:600}svg.km .rn{font-size:12px;text-anchor:middle;font-variant-numeric:tabular-nums}
        svg.forest text{font-family:"Helvetica Neue",Helvetica,Arial,sans-serif;font-size:12.5px}
        svg.forest .t{font-size:15px;font-weight:600}svg.forest .h,svg.forest .vh{font-weight:600}
        svg.forest .hn{font-weight:600;text-anchor:end}svg.forest .hm{font-weight:600;text-anchor:middle;fill:#444}
        svg.forest .n{text-anchor:end;font-variant-numeric:tabular-nums}svg.forest .lg{font-size:12px}
        svg.forest .xl{font-size:12px;text-anchor:middle}svg.forest .xt{font-size:12.5px;text-anchor:middle}
        svg.forest .dir{font-size:11px;fill:#555}svg.forest .band{fill:#f4f6f8}
        svg.forest .grid{stroke:#e6e6e6;stroke-width:1}svg.forest .one{stroke:#555;stroke-width:1;stroke-dasharray:4 3}
        svg.forest .axis{stroke:#222;stroke-width:1.2}svg.forest .rule{stroke:#222;stroke-width:1}
        """

    /// The whole page.
    public static func render(_ summary: DatasetSummary, title: String = "Study summary") -> String {
        let (table1, response, survival, attrition) = (summary.table1, summary.response, summary.survival, summary.attrition)
        var o = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        o += "<title>\(HTML.escape(title))</title>\n<style>\n\(css)\n</style>\n</head>\n<body>\n"
        o += "<h1>\(HTML.escape(title))</h1>\n"
        var sub = "\(table1.columnN.last ?? 0) patients in the analysis population"
        if let by = survival.byVariable { sub += "; grouped by \(by)" }
        o += "<p class=\"sub\">\(HTML.escape(sub)). Written by mmpipe summarize from adsl.csv, adtte.csv, adrs.csv and adae.csv.</p>\n"

        if let attrition, !attrition.isEmpty {
            o += "<h2>Patient flow: from the upload to the analysis population</h2>\n" + AttritionFlow.html(attrition)
        }
        o += "<h2>Table 1. Patient characteristics at the start of the index regimen</h2>\n"
        o += table(table1, firstHeading: "Characteristic")
        o += "<h2>Table 2. Best overall response on the index regimen</h2>\n"
        o += table(response, firstHeading: "Response")
        o += "<h2>Table 3. Time-to-event endpoints (Kaplan–Meier)</h2>\n"
        if let fu = survival.followUp, fu.value != nil {
            func v(_ x: Double?) -> String { x.map { NumberFormat.fixed($0, 1) } ?? "NR" }
            o += "<p class=\"sub\">Median follow-up \(v(fu.value)) months (95% CI \(v(fu.lower))–\(v(fu.upper))), "
            o += "reverse Kaplan–Meier on OS.</p>\n"
        }
        o += kmTable(survival)
        o += "<h2>Figures. Kaplan–Meier curves</h2>\n"
        let axisMonths = survival.endpoints.compactMap { $0.overall.fit.times.last }.max()
        for (i, e) in survival.endpoints.enumerated() {
            let name = endpointNames[e.paramcd] ?? e.paramcd
            let strata = !e.strata.isEmpty
            let curves = strata
                ? e.strata.map { KMPlot.Curve(label: "\(survival.byVariable ?? "") = \($0.stratum)", fit: $0.fit) }
                : [KMPlot.Curve(label: "All patients", fit: e.overall.fit)]
            let plot = KMPlot(title: "\(Character(UnicodeScalar(65 + i) ?? "A")). \(name)", yLabel: "\(e.paramcd) probability (%)",
                              curves: curves, logRankP: strata ? e.logRank?.pValue : nil, showBand: !strata,
                              axisMonths: axisMonths)
            o += "<figure>\n" + plot.svg()
            var cap = "\(name) from the index date; + censored observation"
            cap += strata ? "; log-rank test across \(curves.count) groups." : "; shaded band: pointwise 95% confidence interval (log transformation)."
            o += "<figcaption>\(HTML.escape(cap))</figcaption>\n</figure>\n"
        }
        // The seeds' order: survival, then prognostic factors, then safety.
        if !summary.cox.variables.isEmpty { o += coxSection(summary.cox, firstFigure: survival.endpoints.count) }
        if summary.adverseEvents.hasData {
            o += "<h2>Table 4. Treatment-emergent adverse events</h2>\n" + aeTable(summary.adverseEvents)
        }
        o += "</body>\n</html>\n"
        return o
    }

    /// The Cox models as forest plots, one per endpoint, each with the models' complete cases
    /// and any model that could not be fitted; figures lettered after the `firstFigure` KM ones.
    static func coxSection(_ c: CoxAnalysis, firstFigure: Int) -> String {
        var o = "<h2>Prognostic factors: Cox proportional-hazards models</h2>\n"
        o += "<p class=\"sub\">Univariable models (one per variable) and one multivariable model with "
        o += "\(HTML.escape(c.variables.joined(separator: ", "))); hazard ratios with Wald 95% CI and P, "
        o += "Efron ties (R survival::coxph). Each model uses its complete cases.</p>\n"
        for (i, paramcd) in CoxAnalysis.endpoints.enumerated() {
            let rows = c.rows.filter { $0.paramcd == paramcd }
            let name = endpointNames[paramcd] ?? paramcd
            let letter = Character(UnicodeScalar(65 + firstFigure + i) ?? "A")
            o += "<figure>\n" + ForestPlot(title: "\(letter). \(name): prognostic factors", rows: rows).svg()
            let multi = rows.first { $0.model == CoxAnalysis.multivariable }
            var cap = "\(name): hazard ratio of each level against the reference level (a numeric variable: per unit)."
            if let multi { cap += " Multivariable model: N = \(multi.n), \(multi.events) events." }
            var seen = Set<String>()
            let uni = rows.filter { $0.model == CoxAnalysis.univariable && seen.insert($0.variable).inserted }
                .map { "\($0.variable) \($0.n)/\($0.events)" }
            cap += " Univariable models, N/events: \(uni.joined(separator: ", "))."
            var failed = Set<String>()
            for r in rows where r.estimate == nil {
                let what = "\(r.model == CoxAnalysis.multivariable ? "multivariable model" : r.variable): \(r.note ?? "not estimable")"
                if failed.insert(what).inserted { cap += " Not estimable (NE) — \(what)." }
            }
            o += "<figcaption>\(HTML.escape(cap))</figcaption>\n</figure>\n"
        }
        return o
    }

    /// The AE table: group rows in bold with their terms indented, `n (%)` of the analysis
    /// population for any grade and grade 3–4.
    static func aeTable(_ t: AdverseEventTable) -> String {
        // With --by: a pair of columns per group, then All (the rows are the whole population's).
        let columns = t.byGroup + [("All", t)]
        var o = "<table>\n<thead>"
        if !t.byGroup.isEmpty {
            o += "<tr><th></th>" + columns.map { "<th colspan=\"2\" style=\"text-align:center\">\(HTML.escape($0.label))<br>N = \($0.table.population)</th>" }.joined() + "</tr>"
        }
        o += "<tr><th>Adverse event</th>" + String(repeating: "<th>All grades<br>n (%)</th><th>Grade 3–4<br>n (%)</th>", count: columns.count)
        o += "</tr></thead>\n<tbody>\n"
        for r in t.rows {
            o += r.isGroup ? "<tr class=\"h\">" : r.isMember ? "<tr class=\"l\">" : "<tr>"
            o += "<td>\(HTML.escape(r.term))</td>"
            for (_, c) in columns {
                let same = c.rows.first { $0.term == r.term && $0.isGroup == r.isGroup }
                o += "<td>\(NumberFormat.countPercent(same?.anyGrade ?? 0, of: c.population))</td>"
                o += "<td>\(NumberFormat.countPercent(same?.grade34 ?? 0, of: c.population))</td>"
            }
            o += "</tr>\n"
        }
        if t.rows.isEmpty {
            o += "<tr><td>No treatment-emergent adverse event</td>" + String(repeating: "<td>0</td>", count: 2 * columns.count) + "</tr>\n"
        }
        o += "</tbody>\n</table>\n<div class=\"notes\">"
        o += "<p>N = \(t.population) patients in the analysis population; \(t.events) treatment-emergent events (TRTEMFL = Y in adae.csv: onset from the index date to the index line's last dose plus treatment_emergent_days, RULES.md 9). "
        o += "Each patient is counted once per term and once per group, at the worst grade of its events; grade 3–4 = worst grade 3 or 4 (a worst grade of 5 counts in all grades only).</p>"
        let grouped = t.byGroup.reduce(0) { $0 + $1.table.population }
        if !t.byGroup.isEmpty && grouped < t.population {
            o += "<p>\(t.population - grouped) patient(s) without a group value are in the All columns only.</p>"
        }
        o += t.grouped
            ? "<p>Terms grouped by the AE term dictionary (schemas/ae-terms.yaml, or the file given with --ae-terms): a group row counts the patients with any of the terms indented under it; terms not in the dictionary are listed under their own name after the dictionary's rows.</p>"
            : "<p>No AE term dictionary was found: every term is listed under its own name (pass --ae-terms schemas/ae-terms.yaml to group them).</p>"
        o += "</div>\n"
        return o
    }

    static func table(_ t: SummaryTable, firstHeading: String) -> String {
        var o = "<table>\n<thead><tr><th>\(HTML.escape(firstHeading))</th>"
        for (c, n) in zip(t.columns, t.columnN) { o += "<th>\(HTML.escape(c))<br>N = \(n)</th>" }
        if t.hasSMD { o += "<th>P</th><th>SMD</th>" }
        o += "</tr></thead>\n<tbody>\n"
        var current = ""
        for r in t.rows {
            if r.level.isEmpty {
                current = r.characteristic
                o += "<tr class=\"h\"><td>\(HTML.escape(r.characteristic))</td>"
                o += r.cells.map { "<td>\(HTML.escape($0))</td>" }.joined()
                if t.hasSMD { o += "<td>\(HTML.escape(r.p))</td><td>\(HTML.escape(r.smd))</td>" }
                o += "</tr>\n"
                continue
            }
            if r.characteristic != current {
                current = r.characteristic
                o += "<tr class=\"h\"><td>\(HTML.escape(r.characteristic))</td>" + r.cells.map { _ in "<td></td>" }.joined()
                if t.hasSMD { o += "<td></td><td></td>" }
                o += "</tr>\n"
            }
            o += "<tr class=\"l\"><td>\(HTML.escape(r.level))</td>" + r.cells.map { "<td>\(HTML.escape($0))</td>" }.joined()
            if t.hasSMD { o += "<td></td><td></td>" }
            o += "</tr>\n"
        }
        o += "</tbody>\n</table>\n"
        if !t.notes.isEmpty {
            o += "<div class=\"notes\">" + t.notes.map { "<p>\(HTML.escape($0))</p>" }.joined() + "</div>\n"
        }
        return o
    }

    /// `12.3 (9.1–15.0)`; `NR` when not reached.
    static func months(_ e: Estimate) -> String {
        func v(_ x: Double?) -> String { x.map { NumberFormat.fixed($0, 1) } ?? "NR" }
        return "\(v(e.value)) (\(v(e.lower))–\(v(e.upper)))"
    }

    /// `38.8% (32.1–46.9)`; `–` when the curve does not reach the landmark.
    static func rate(_ e: Estimate?) -> String {
        guard let e, let value = e.value else { return "–" }
        func v(_ x: Double?) -> String { x.map { NumberFormat.fixed(100 * $0, 1) } ?? "NE" }
        return "\(v(value))% (\(v(e.lower))–\(v(e.upper)))"
    }

    static func kmTable(_ s: SurvivalSummary) -> String {
        let grouped = s.byVariable != nil
        var o = "<table>\n<thead><tr><th>Endpoint</th>"
        if grouped { o += "<th style=\"text-align:left\">Group</th>" }
        o += "<th>N</th><th>Events</th>"
        o += "<th>Median, months<br>(95% CI)</th><th>12-month rate<br>(95% CI)</th><th>24-month rate<br>(95% CI)</th>"
        o += "<th>Median follow-up,<br>months (95% CI)</th>"
        if grouped { o += "<th>Log-rank p</th>" }
        o += "</tr></thead>\n<tbody>\n"
        for e in s.endpoints {
            let name = endpointNames[e.paramcd] ?? e.paramcd
            let rows = [(e.overall, e.followUp)] + zip(e.strata, e.strataFollowUp).map { ($0, $1) }
            for (k, (r, fu)) in rows.enumerated() {
                o += k == 0 ? "<tr class=\"ep\">" : "<tr>"
                o += k == 0 ? "<td class=\"ep\">\(HTML.escape(name)) (\(e.paramcd))</td>" : "<td></td>"
                if grouped {
                    let group = r.stratum == "ALL" ? "All" : "\(s.byVariable ?? "") = \(r.stratum)"
                    o += "<td style=\"text-align:left\">\(HTML.escape(group))</td>"
                }
                o += "<td>\(r.n)</td><td>\(r.events)</td>"
                o += "<td>\(months(r.median))</td><td>\(rate(r.rate12))</td><td>\(rate(r.rate24))</td>"
                // Follow-up is read off OS (RULES.md 8); a reverse KM of PFS or TTNT is not follow-up.
                o += "<td>\(e.paramcd == "OS" ? months(fu) : "")</td>"
                if grouped { o += "<td>\(k == 0 ? HTML.escape(NumberFormat.pValue(e.logRank?.pValue)) : "")</td>" }
                o += "</tr>\n"
            }
        }
        o += "</tbody>\n</table>\n<div class=\"notes\">"
        o += "<p>Kaplan–Meier product-limit estimates; 95% CI of the survival probability by the log transformation of Greenwood's variance, and of the median by the times the confidence limits cross 50% (R survival::survfit defaults). NR: not reached; NE: not estimable; –: follow-up does not reach the landmark.</p>"
        o += "<p>Months = days / 30.4375. Median follow-up by the reverse Kaplan–Meier method on OS (deaths censored, censorings as events)."
        if let by = s.byVariable { o += " Log-rank test across the groups of \(HTML.escape(by))." }
        o += "</p>"
        if s.missingStratum > 0, let by = s.byVariable {
            o += "<p>\(s.missingStratum) patient(s) with \(HTML.escape(by)) missing are in the All rows only.</p>"
        }
        o += "</div>\n"
        return o
    }
}
