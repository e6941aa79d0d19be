import Foundation

/// A Kaplan–Meier figure as inline SVG (SPEC 3): step curves per stratum, censor marks (+),
/// the 95 % CI band (single curve), a dashed line at 50 %, axes in months, the number at
/// risk under the plot aligned with the x ticks, a legend and the log-rank p.
/// Pure text output with fixed number formatting, so the same data draw the same bytes.
public struct KMPlot: Sendable {
    public struct Curve: Sendable {
        public var label: String
        public var fit: KaplanMeier
        public init(label: String, fit: KaplanMeier) {
            self.label = label
            self.fit = fit
        }
    }

    /// Okabe–Ito colours (distinguishable with colour-vision deficiency), black first for a
    /// single curve.
    public static let palette = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442"]

    public var title: String
    public var yLabel: String
    public var curves: [Curve]
    /// Printed in the plot when given (two or more strata).
    public var logRankP: Double?
    public var showBand: Bool
    /// The longest follow-up (months) the x axis must show; shared by the figures of one report
    /// so that PFS, OS and TTNT are drawn on the same scale. nil: this plot's own.
    public var axisMonths: Double?

    public init(title: String, yLabel: String, curves: [Curve], logRankP: Double?, showBand: Bool,
                axisMonths: Double? = nil) {
        self.title = title
        self.yLabel = yLabel
        self.curves = curves
        self.logRankP = logRankP
        self.showBand = showBand
        self.axisMonths = axisMonths
    }

    /// Legend entries laid out in rows above the plot (never over the curves): each entry's
    /// x offset and row.
    func legendLayout(width: Double) -> [(x: Double, row: Int)] {
        var out: [(Double, Int)] = [], x = 0.0, row = 0
        for c in curves {
            let w = 40 + Double(legendText(c).count) * 6.6
            if x > 0 && x + w > width { x = 0; row += 1 }
            out.append((x, row))
            x += w + 18
        }
        return out
    }

    func legendText(_ c: Curve) -> String { "\(c.label) (n=\(c.fit.subjects), events=\(c.fit.totalEvents))" }

    // Layout, in SVG user units.
    static let width = 760.0
    static let left = 150.0, right = 24.0
    static let plotHeight = 300.0
    static let axisBand = 46.0
    static let riskRowHeight = 20.0

    /// Tick spacing in months: 3 up to 2 years of follow-up, 6 up to 5 years, then 12, then 24
    /// (the number-at-risk columns sit on the ticks, so 6, 12, 18 and 24 months always show
    /// within 5 years).
    static func tickStep(_ maxTime: Double) -> Double {
        maxTime <= 24 ? 3 : (maxTime <= 60 ? 6 : (maxTime <= 120 ? 12 : 24))
    }

    static func f(_ x: Double) -> String { NumberFormat.compact(x, 2) }

    public func svg() -> String {
        let maxTime = max(axisMonths ?? 0, curves.compactMap { $0.fit.times.last }.max() ?? 0, 1)
        let step = Self.tickStep(maxTime)
        let xMax = (maxTime / step).rounded(.up) * step
        let plotW = Self.width - Self.left - Self.right
        let legend = legendLayout(width: plotW)
        let legendRows = (legend.map(\.row).max() ?? 0) + 1
        let top = 34 + Double(legendRows) * 18 + 14
        let riskTop = top + Self.plotHeight + Self.axisBand
        let height = riskTop + 22 + Double(curves.count) * Self.riskRowHeight + 8
        let px = { (t: Double) in Self.left + t / xMax * plotW }
        let py = { (s: Double) in top + (1 - s) * Self.plotHeight }
        let ticks = stride(from: 0.0, through: xMax + 1e-9, by: step).map { $0 }

        var o = "<svg class=\"km\" viewBox=\"0 0 \(Self.f(Self.width)) \(Self.f(height))\" "
        o += "width=\"\(Self.f(Self.width))\" height=\"\(Self.f(height))\" role=\"img\" aria-label=\"\(HTML.escape(title))\">\n"
        o += "<text x=\"\(Self.f(Self.left))\" y=\"20\" class=\"t\">\(HTML.escape(title))</text>\n"
        // Grid and axes.
        for k in 0...5 {
            let s = Double(k) / 5
            o += "<line x1=\"\(Self.f(Self.left))\" x2=\"\(Self.f(Self.left + plotW))\" y1=\"\(Self.f(py(s)))\" y2=\"\(Self.f(py(s)))\" class=\"grid\"/>\n"
            o += "<text x=\"\(Self.f(Self.left - 8))\" y=\"\(Self.f(py(s) + 4))\" class=\"yl\">\(k * 20)</text>\n"
        }
        o += "<line x1=\"\(Self.f(Self.left))\" x2=\"\(Self.f(Self.left + plotW))\" y1=\"\(Self.f(py(0.5)))\" y2=\"\(Self.f(py(0.5)))\" class=\"half\"/>\n"
        for t in ticks {
            o += "<line x1=\"\(Self.f(px(t)))\" x2=\"\(Self.f(px(t)))\" y1=\"\(Self.f(py(0)))\" y2=\"\(Self.f(py(0) + 5))\" class=\"axis\"/>\n"
            o += "<text x=\"\(Self.f(px(t)))\" y=\"\(Self.f(py(0) + 19))\" class=\"xl\">\(NumberFormat.compact(t, 1))</text>\n"
        }
        o += "<line x1=\"\(Self.f(Self.left))\" x2=\"\(Self.f(Self.left + plotW))\" y1=\"\(Self.f(py(0)))\" y2=\"\(Self.f(py(0)))\" class=\"axis\"/>\n"
        o += "<line x1=\"\(Self.f(Self.left))\" x2=\"\(Self.f(Self.left))\" y1=\"\(Self.f(py(1)))\" y2=\"\(Self.f(py(0)))\" class=\"axis\"/>\n"
        o += "<text x=\"\(Self.f(Self.left + plotW / 2))\" y=\"\(Self.f(py(0) + 38))\" class=\"xt\">Months from index</text>\n"
        let yMid = top + Self.plotHeight / 2
        o += "<text transform=\"translate(\(Self.f(Self.left - 44)) \(Self.f(yMid))) rotate(-90)\" class=\"xt\">\(HTML.escape(yLabel))</text>\n"

        for (i, c) in curves.enumerated() {
            let color = Self.palette[i % Self.palette.count]
            let fit = c.fit
            if showBand {
                o += band(fit, px: px, py: py, color: color)
            }
            // The step curve: flat to each event time, then down.
            var d = "M\(Self.f(px(0))),\(Self.f(py(1)))"
            for (k, t) in fit.times.enumerated() where fit.events[k] > 0 {
                d += "H\(Self.f(px(t)))V\(Self.f(py(fit.survival[k])))"
            }
            if let last = fit.times.last { d += "H\(Self.f(px(last)))" }
            o += "<path d=\"\(d)\" class=\"curve\" stroke=\"\(color)\"/>\n"
            // Censor marks at the height of the curve at each censoring time.
            // One mark per pixel: large cohorts would otherwise draw thousands of overlapping marks.
            var marks = "", drawn = Set<String>()
            for (k, t) in fit.times.enumerated() where fit.censored[k] > 0 {
                let x = px(t), y = py(fit.survival[k])
                guard drawn.insert("\(Int(x.rounded())),\(Int(y.rounded()))").inserted else { continue }
                marks += "M\(Self.f(x - 4)),\(Self.f(y))h8M\(Self.f(x)),\(Self.f(y - 4))v8"
            }
            if !marks.isEmpty { o += "<path d=\"\(marks)\" class=\"cens\" stroke=\"\(color)\"/>\n" }
        }
        // Legend above the plot, then the log-rank p at the right end of the title line.
        for (i, c) in curves.enumerated() {
            let x = Self.left + legend[i].x
            let y = 34 + 14 + Double(legend[i].row) * 18
            let color = Self.palette[i % Self.palette.count]
            o += "<line x1=\"\(Self.f(x))\" x2=\"\(Self.f(x + 24))\" y1=\"\(Self.f(y - 4))\" y2=\"\(Self.f(y - 4))\" stroke=\"\(color)\" class=\"curve\"/>\n"
            o += "<text x=\"\(Self.f(x + 30))\" y=\"\(Self.f(y))\" class=\"lg\">\(HTML.escape(legendText(c)))</text>\n"
        }
        if let p = logRankP {
            o += "<text x=\"\(Self.f(Self.left + plotW))\" y=\"20\" class=\"lr\">Log-rank p \(p < 0.001 ? "&lt; 0.001" : "= " + NumberFormat.fixed(p, 3))</text>\n"
        }
        // Number at risk.
        o += "<text x=\"8\" y=\"\(Self.f(riskTop + 6))\" class=\"rt\">No. at risk</text>\n"
        for (i, c) in curves.enumerated() {
            let y = riskTop + 26 + Double(i) * Self.riskRowHeight
            let color = Self.palette[i % Self.palette.count]
            o += "<text x=\"8\" y=\"\(Self.f(y))\" class=\"rl\" fill=\"\(color)\">\(HTML.escape(Self.shortLabel(c.label)))</text>\n"
            for t in ticks {
                o += "<text x=\"\(Self.f(px(t)))\" y=\"\(Self.f(y))\" class=\"rn\">\(c.fit.numberAtRisk(at: t))</text>\n"
            }
        }
        o += "</svg>\n"
        return o
    }

    /// Risk-table labels are cut to fit the left margin.
    static func shortLabel(_ s: String) -> String { s.count > 20 ? String(s.prefix(19)) + "…" : s }

    /// The 95 % CI band as a stepped polygon over the times where both limits exist.
    func band(_ fit: KaplanMeier, px: (Double) -> Double, py: (Double) -> Double, color: String) -> String {
        var upperPts: [(Double, Double)] = [(px(0), py(1))]
        var lowerPts: [(Double, Double)] = [(px(0), py(1))]
        var lastX = 0.0
        for (k, t) in fit.times.enumerated() {
            guard let lo = fit.lower[k], let up = fit.upper[k] else { break }
            let (pu, pl) = (upperPts[upperPts.count - 1].1, lowerPts[lowerPts.count - 1].1)
            upperPts.append((px(t), pu)); upperPts.append((px(t), py(up)))
            lowerPts.append((px(t), pl)); lowerPts.append((px(t), py(lo)))
            lastX = t
        }
        let end = fit.times.last ?? lastX
        if let u = upperPts.last, let l = lowerPts.last, fit.lower.last.flatMap({ $0 }) != nil {
            upperPts.append((px(end), u.1)); lowerPts.append((px(end), l.1))
        }
        let pts = upperPts + lowerPts.reversed()
        let d = pts.map { "\(Self.f($0.0)),\(Self.f($0.1))" }.joined(separator: " ")
        return "<polygon points=\"\(d)\" fill=\"\(color)\" class=\"band\"/>\n"
    }
}
