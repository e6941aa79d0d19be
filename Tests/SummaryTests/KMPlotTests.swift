import Foundation
import Testing
@testable import MMSummary

/// The KM figure's SVG (SPEC 3): steps at event times, censor marks, number at risk on the
/// ticks, legend and log-rank p.
@Suite("Kaplan–Meier plot")
struct KMPlotTests {
    static let fit = KaplanMeier(KaplanMeierTests.textbook)

    @Test("tick spacing by follow-up length (edges at 24, 60 and 120 months)",
          arguments: [(24.0, 3.0), (24.01, 6.0), (60, 6), (60.5, 12), (120, 12), (121, 24)])
    func ticks(maxTime: Double, step: Double) {
        #expect(KMPlot.tickStep(maxTime) == step)
    }

    @Test("one curve: CI band, censor marks, at-risk row, no log-rank")
    func singleCurve() {
        let svg = KMPlot(title: "A. PFS", yLabel: "PFS probability (%)", curves: [.init(label: "All patients", fit: Self.fit)],
                         logRankP: nil, showBand: true).svg()
        #expect(svg.contains("class=\"band\""))
        #expect(svg.components(separatedBy: "class=\"cens\"").count - 1 == 1)
        #expect(svg.contains("No. at risk"))
        #expect(!svg.contains("Log-rank"))
        // Follow-up 5 months → ticks 0, 3, 6: at risk 6, 3 (times ≥ 3: 3, 4, 5), 0.
        #expect(Self.atRisk(svg) == ["6", "3", "0"])
    }

    /// The number-at-risk cells, in drawing order.
    static func atRisk(_ svg: String) -> [String] {
        svg.components(separatedBy: "class=\"rn\">").dropFirst().compactMap { $0.split(separator: "<").first.map(String.init) }
    }

    @Test("strata: one coloured curve each, legend with n and events, log-rank p")
    func strata() {
        let svg = KMPlot(title: "B. OS", yLabel: "OS probability (%)",
                         curves: [.init(label: "ISS = I", fit: Self.fit), .init(label: "ISS = II", fit: Self.fit)],
                         logRankP: 0.0004, showBand: false).svg()
        #expect(svg.contains("stroke=\"\(KMPlot.palette[0])\"") && svg.contains("stroke=\"\(KMPlot.palette[1])\""))
        #expect(svg.contains("ISS = II (n=6, events=4)"))
        #expect(svg.contains("Log-rank p &lt; 0.001"))
        #expect(!svg.contains("class=\"band\""))
    }

    @Test("labels are escaped")
    func escaping() {
        let svg = KMPlot(title: "<T&>", yLabel: "y", curves: [.init(label: "A<B", fit: Self.fit)], logRankP: nil, showBand: false).svg()
        #expect(!svg.contains("<T&>") && svg.contains("&lt;T&amp;&gt;") && svg.contains("A&lt;B"))
    }
}
