import Foundation

/// The forest plot of the Cox models of one endpoint as inline SVG (SPEC 3 `--cox`): one row
/// per term, grouped under its variable, with the univariable (open grey square) and the
/// multivariable (filled blue square) hazard ratio and 95 % CI on a log axis, a dashed line at
/// HR = 1, and both estimates written out beside it with their P. Deterministic text.
public struct ForestPlot: Sendable {
    public var title: String
    /// The endpoint's rows of `CoxAnalysis` (both models).
    public var rows: [CoxRow]

    public init(title: String, rows: [CoxRow]) {
        self.title = title
        self.rows = rows
    }

    /// One drawn line: a variable heading or a term with its two estimates.
    struct Line {
        var label: String
        var heading: Bool
        /// A factor's level, indented under its heading.
        var level = false
        var univariable: CoxRow? = nil
        var multivariable: CoxRow? = nil
    }

    /// Variables in model order; a factor gets a heading and one line per level ("II vs I").
    var lines: [Line] {
        var out: [Line] = []
        let uni = rows.filter { $0.model == CoxAnalysis.univariable }
        let multi = rows.filter { $0.model == CoxAnalysis.multivariable }
        var variables: [String] = []
        for r in uni + multi where !variables.contains(r.variable) { variables.append(r.variable) }
        for v in variables {
            let sample = (uni + multi).first { $0.variable == v && $0.level != nil }
            if let sample, let reference = sample.reference {
                // The factor's levels from the models that were fitted; a model that was not
                // (one row named as the variable) shows NE on every level.
                var levels: [(term: String, level: String)] = []
                for r in uni + multi where r.variable == v && !levels.contains(where: { $0.term == r.term }) {
                    if let level = r.level { levels.append((r.term, level)) }
                }
                func pick(_ rows: [CoxRow], _ term: String) -> CoxRow? {
                    rows.first { $0.term == term } ?? rows.first { $0.variable == v && $0.level == nil }
                }
                out.append(Line(label: ForestPlot.label(v), heading: true))
                for (term, level) in levels {
                    out.append(Line(label: "\(level) vs \(reference)", heading: false, level: true,
                                    univariable: pick(uni, term), multivariable: pick(multi, term)))
                }
            } else {
                // A numeric variable (HR per unit), or one whose models could not be fitted.
                let perUnit = (uni + multi).contains { $0.variable == v && $0.estimate != nil }
                out.append(Line(label: ForestPlot.label(v) + (perUnit ? ", per unit" : ""), heading: false,
                                univariable: uni.first { $0.term == v }, multivariable: multi.first { $0.term == v }))
            }
        }
        return out
    }

    /// Readable names of the usual prognostic variables; other variables as named in ADSL.
    static let labels = ["ISS": "ISS stage", "RISS": "R-ISS stage", "R2ISS": "R2-ISS stage", "LDHHIFL": "LDH > ULN",
                         "CRCL60FL": "CrCl < 60 mL/min", "DARAEXFL": "Daratumumab exposed", "DARARFL": "Daratumumab refractory",
                         "CD38RFL": "Anti-CD38 refractory", "TCRFL": "Triple-class refractory", "EMDFL": "Extramedullary disease",
                         "CYTORISK": "Cytogenetic risk", "GAIN1QFL": "1q+", "AGE": "Age, years", "PRIORLOT": "Previous lines",
                         "PRASCTFL": "Previous ASCT", "SEX": "Sex", "ECOG": "ECOG", "AGEGR1": "Age group"]

    static func label(_ variable: String) -> String {
        labels[variable].map { "\($0) (\(variable))" } ?? variable
    }

    // Layout, in SVG user units.
    static let width = 1000.0
    static let labelX = 8.0, plotLeft = 250.0, plotRight = 540.0
    static let uniHR = 690.0, uniP = 750.0, multiHR = 910.0, multiP = 975.0
    static let top = 64.0, rowHeight = 24.0, axisBand = 52.0
    static let uniColour = "#7f7f7f", multiColour = "#0072B2"

    static func f(_ x: Double) -> String { NumberFormat.compact(x, 2) }

    /// The log axis: powers of ten and their 2× and 5× between the smallest lower and the
    /// largest upper limit (always including 1), at least 0.5–2.
    static func axis(_ values: [Double]) -> (min: Double, max: Double, ticks: [Double]) {
        let finite = values.filter { $0.isFinite && $0 > 0 }
        let lo = min(finite.min() ?? 1, 0.5), hi = max(finite.max() ?? 1, 2)
        var ticks: [Double] = []
        var decade = pow(10, floor(log10(lo)))
        while decade <= hi * 10 {
            for m in [1.0, 2.0, 5.0] { ticks.append(m * decade) }
            decade *= 10
        }
        let below = ticks.last { $0 <= lo } ?? ticks[0], above = ticks.first { $0 >= hi } ?? ticks[ticks.count - 1]
        return (below, above, ticks.filter { $0 >= below && $0 <= above })
    }

    static func hr(_ r: CoxRow?) -> String {
        guard let e = r?.estimate else { return r == nil ? "" : "NE" }
        return "\(NumberFormat.fixed(e.ratio, 2)) (\(NumberFormat.fixed(e.lower, 2))–\(NumberFormat.fixed(e.upper, 2)))"
    }

    public func svg() -> String {
        let lines = self.lines
        let estimates = rows.compactMap(\.estimate)
        let axis = Self.axis(estimates.flatMap { [$0.lower, $0.upper] })
        let plotW = Self.plotRight - Self.plotLeft
        func px(_ v: Double) -> Double {
            let c = min(max(v, axis.min), axis.max)
            return Self.plotLeft + plotW * (log(c) - log(axis.min)) / (log(axis.max) - log(axis.min))
        }
        let bottom = Self.top + Double(max(lines.count, 1)) * Self.rowHeight
        let height = bottom + Self.axisBand
        var o = "<svg class=\"forest\" viewBox=\"0 0 \(Self.f(Self.width)) \(Self.f(height))\" "
        o += "width=\"\(Self.f(Self.width))\" height=\"\(Self.f(height))\" role=\"img\" aria-label=\"\(HTML.escape(title))\">\n"
        o += "<text x=\"\(Self.f(Self.labelX))\" y=\"20\" class=\"t\">\(HTML.escape(title))</text>\n"
        // Column headings and legend.
        let headY = Self.top - 14
        o += "<text x=\"\(Self.f(Self.labelX))\" y=\"\(Self.f(headY))\" class=\"h\">Variable</text>\n"
        // The legend on the heading row, over the plot (the title above may be long).
        let legendX = Self.plotLeft + (Self.plotRight - Self.plotLeft) / 2 - 95
        o += "<rect x=\"\(Self.f(legendX))\" y=\"\(Self.f(headY - 9))\" width=\"9\" height=\"9\" fill=\"#fff\" stroke=\"\(Self.uniColour)\" stroke-width=\"1.5\"/>"
        o += "<text x=\"\(Self.f(legendX + 14))\" y=\"\(Self.f(headY))\" class=\"lg\">Univariable</text>\n"
        o += "<rect x=\"\(Self.f(legendX + 100))\" y=\"\(Self.f(headY - 9))\" width=\"9\" height=\"9\" fill=\"\(Self.multiColour)\"/>"
        o += "<text x=\"\(Self.f(legendX + 114))\" y=\"\(Self.f(headY))\" class=\"lg\">Multivariable</text>\n"
        // Each model's heading centred over its two columns, underlined across them.
        for (from, to, text) in [(Self.uniHR - 110, Self.uniP, "Univariable"), (Self.multiHR - 110, Self.multiP, "Multivariable")] {
            o += "<text x=\"\(Self.f((from + to) / 2))\" y=\"\(Self.f(headY - 19))\" class=\"hm\">\(text)</text>"
            o += "<line x1=\"\(Self.f(from))\" x2=\"\(Self.f(to))\" y1=\"\(Self.f(headY - 13))\" y2=\"\(Self.f(headY - 13))\" class=\"grid\"/>\n"
        }
        for (x, text) in [(Self.uniHR, "HR (95% CI)"), (Self.uniP, "P"), (Self.multiHR, "HR (95% CI)"), (Self.multiP, "P")] {
            o += "<text x=\"\(Self.f(x))\" y=\"\(Self.f(headY))\" class=\"hn\">\(text)</text>\n"
        }
        o += "<line x1=\"\(Self.f(Self.labelX))\" x2=\"\(Self.f(Self.width - 8))\" y1=\"\(Self.f(Self.top - 6))\" y2=\"\(Self.f(Self.top - 6))\" class=\"rule\"/>\n"
        // Grid, the line of no effect, the axis.
        for t in axis.ticks {
            o += "<line x1=\"\(Self.f(px(t)))\" x2=\"\(Self.f(px(t)))\" y1=\"\(Self.f(Self.top))\" y2=\"\(Self.f(bottom))\" class=\"grid\"/>\n"
            o += "<text x=\"\(Self.f(px(t)))\" y=\"\(Self.f(bottom + 17))\" class=\"xl\">\(NumberFormat.compact(t, 2))</text>\n"
        }
        o += "<line x1=\"\(Self.f(px(1)))\" x2=\"\(Self.f(px(1)))\" y1=\"\(Self.f(Self.top))\" y2=\"\(Self.f(bottom))\" class=\"one\"/>\n"
        o += "<line x1=\"\(Self.f(Self.plotLeft))\" x2=\"\(Self.f(Self.plotRight))\" y1=\"\(Self.f(bottom))\" y2=\"\(Self.f(bottom))\" class=\"axis\"/>\n"
        o += "<text x=\"\(Self.f(Self.plotLeft + plotW / 2))\" y=\"\(Self.f(bottom + 36))\" class=\"xt\">Hazard ratio (95% CI), log scale</text>\n"
        o += "<text x=\"\(Self.f(px(1) - 6))\" y=\"\(Self.f(bottom + 48))\" class=\"dir\" text-anchor=\"end\">← lower risk</text>"
        o += "<text x=\"\(Self.f(px(1) + 6))\" y=\"\(Self.f(bottom + 48))\" class=\"dir\">higher risk →</text>\n"
        // Every other variable (its heading and levels together) on a light band.
        var group = -1
        for (k, line) in lines.enumerated() {
            let y = Self.top + (Double(k) + 0.5) * Self.rowHeight
            if !line.level { group += 1 }
            if group % 2 == 1 {
                o += "<rect x=\"0\" y=\"\(Self.f(y - Self.rowHeight / 2))\" width=\"\(Self.f(Self.width))\" height=\"\(Self.f(Self.rowHeight))\" class=\"band\"/>\n"
            }
            let cls = line.heading ? "vh" : line.level ? "lv" : "vl"
            let x = line.level ? Self.labelX + 16 : Self.labelX
            o += "<text x=\"\(Self.f(x))\" y=\"\(Self.f(y + 4))\" class=\"\(cls)\">\(HTML.escape(line.label))</text>\n"
            if line.heading { continue }
            for (r, dy, filled) in [(line.univariable, -4.0, false), (line.multivariable, 4.0, true)] {
                guard let e = r?.estimate else { continue }
                let colour = filled ? Self.multiColour : Self.uniColour
                let (x1, x2, xc) = (px(e.lower), px(e.upper), px(e.ratio))
                o += "<line x1=\"\(Self.f(x1))\" x2=\"\(Self.f(x2))\" y1=\"\(Self.f(y + dy))\" y2=\"\(Self.f(y + dy))\" stroke=\"\(colour)\" stroke-width=\"1.6\"/>"
                // A limit beyond the axis ends in an arrow head instead of a plain end.
                if e.lower < axis.min { o += "<path d=\"M\(Self.f(x1 + 5)) \(Self.f(y + dy - 3)) L\(Self.f(x1)) \(Self.f(y + dy)) L\(Self.f(x1 + 5)) \(Self.f(y + dy + 3))\" fill=\"none\" stroke=\"\(colour)\"/>" }
                if e.upper > axis.max { o += "<path d=\"M\(Self.f(x2 - 5)) \(Self.f(y + dy - 3)) L\(Self.f(x2)) \(Self.f(y + dy)) L\(Self.f(x2 - 5)) \(Self.f(y + dy + 3))\" fill=\"none\" stroke=\"\(colour)\"/>" }
                o += "<rect x=\"\(Self.f(xc - 4))\" y=\"\(Self.f(y + dy - 4))\" width=\"8\" height=\"8\" "
                o += filled ? "fill=\"\(colour)\"/>\n" : "fill=\"#fff\" stroke=\"\(colour)\" stroke-width=\"1.5\"/>\n"
            }
            o += "<text x=\"\(Self.f(Self.uniHR))\" y=\"\(Self.f(y + 4))\" class=\"n\">\(Self.hr(line.univariable))</text>"
            o += "<text x=\"\(Self.f(Self.uniP))\" y=\"\(Self.f(y + 4))\" class=\"n\">\(HTML.escape(NumberFormat.pValue(line.univariable?.estimate?.p)))</text>"
            o += "<text x=\"\(Self.f(Self.multiHR))\" y=\"\(Self.f(y + 4))\" class=\"n\">\(Self.hr(line.multivariable))</text>"
            o += "<text x=\"\(Self.f(Self.multiP))\" y=\"\(Self.f(y + 4))\" class=\"n\">\(HTML.escape(NumberFormat.pValue(line.multivariable?.estimate?.p)))</text>\n"
        }
        o += "</svg>\n"
        return o
    }
}
