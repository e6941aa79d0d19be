import Foundation
import Testing
@testable import MMSummary
import MMStats

/// Hand-worked product-limit estimates (RULES.md 8), checked against R 4.2.2 / survival 3.5.3:
/// `survfit(Surv(c(1,2,2,3,4,5), c(1,1,0,1,0,1)) ~ 1)` → S 0.833, 0.667, 0.444, 0; lower
/// 0.583, 0.379, 0.167; median 3 (CI 2–NA).
@Suite("Kaplan–Meier product-limit estimate")
struct KaplanMeierTests {
    static func obs(_ pairs: [(Double, Bool)]) -> [SurvivalObservation] {
        pairs.map { SurvivalObservation(time: $0.0, event: $0.1) }
    }

    static let textbook = obs([(1, true), (2, true), (2, false), (3, true), (4, false), (5, true)])

    @Test("steps, at-risk counts and Greenwood log CI as R prints them")
    func textbookExample() {
        let km = KaplanMeier(Self.textbook)
        #expect(km.times == [1, 2, 3, 4, 5])
        #expect(km.atRisk == [6, 5, 3, 2, 1])
        #expect(km.events == [1, 1, 1, 0, 1])
        #expect(km.censored == [0, 1, 0, 1, 0])
        let expected = [5.0 / 6, 2.0 / 3, 4.0 / 9, 4.0 / 9, 0]
        for (s, e) in zip(km.survival, expected) { #expect(abs(s - e) < 1e-12) }
        #expect(abs(km.stdErrLog[0] - 0.1825742) < 1e-7)
        #expect(abs(km.stdErrLog[1] - 0.2886751) < 1e-7)
        #expect(abs((km.lower[0] ?? 0) - 0.583) < 0.0005)
        #expect(abs((km.lower[1] ?? 0) - 0.379) < 0.0005)
        #expect(abs((km.lower[2] ?? 0) - 0.167) < 0.0005)
        #expect(km.upper[0] == 1, "upper limit clipped to 1")
        #expect(km.lower[4] == nil && km.upper[4] == nil, "no CI once S = 0 (R: NA)")
        #expect(km.subjects == 6 && km.totalEvents == 4)
    }

    @Test("a censoring tied with an event is still at risk at that time (events first)")
    func eventsBeforeCensoringsAtTies() {
        let km = KaplanMeier(Self.textbook)
        // Censored-first would give 5/6 · 3/4 = 0.625 at t = 2.
        #expect(abs(km.survival[1] - 2.0 / 3) < 1e-12)
        #expect(km.atRisk[1] == 5)
    }

    @Test("median = first time S ≤ 0.5, CI from the confidence curves (R: 3, 2, NA)")
    func medianFirstTimeAtOrBelowHalf() {
        let m = KaplanMeier(Self.textbook).median
        #expect(m.value == 3)
        #expect(m.lower == 2)
        #expect(m.upper == nil)
    }

    @Test("S exactly 0.5 over a stretch: the midpoint to the next drop (quantile.survfit)")
    func medianOnFlatStretchIsMidpoint() {
        // 10 subjects, events at 1…5 → S = 0.5 on [5, 7); next event at 7.
        var o = Self.obs((1...5).map { (Double($0), true) })
        o += Self.obs([(5.5, false), (7, true), (8, true), (9, false), (10, false)])
        let km = KaplanMeier(o)
        #expect(abs(km.survival[4] - 0.5) < 1e-12)
        #expect(km.median.value == 6)
    }

    @Test("S exactly 0.5 until the end of follow-up: the midpoint with the last time")
    func medianFlatToTheEnd() {
        let km = KaplanMeier(Self.obs([(30, true), (60, true), (90, false), (120, false)]))
        #expect(km.median.value == 90)
    }

    @Test("one step below 0.5 without touching it: that time, no midpoint")
    func medianJumpsPastHalf() {
        let km = KaplanMeier(Self.obs([(1, false), (2, true), (2, true), (3, false)]))
        // n = 3 at t = 2, two events → S = 1/3.
        #expect(km.median.value == 2)
    }

    @Test("median not reached when S stays above 0.5")
    func medianNotReached() {
        let km = KaplanMeier(Self.obs([(1, true), (2, false), (3, false), (4, false)]))
        #expect(km.median.value == nil)
        #expect(km.median.upper == nil)
    }

    /// `survival:::findq(x, y, 0.5, sqrt(.Machine$double.eps))` as printed by R 4.2.2.
    @Test("findq equals R's, including a confidence curve that turns back (sorted like approx)",
          arguments: [
            ([0.0, 1, 2, 3], [0.0, 0.3, 0.55, 0.52] as [Double?], 3.0 as Double?),
            ([0, 1, 2, 3, 4], [0, 0.3, 0.5, 0.5, 0.7], 3),
            ([0, 1, 2, 3], [0, 0.3, nil, nil], nil),
          ])
    func findQuantileMatchesR(x: [Double], y: [Double?], expected: Double?) {
        #expect(KaplanMeier.findQuantile(x: x, y: y, p: 0.5, xmax: x.last ?? 0) == expected)
    }

    @Test("rates: the last step at or before t; 1 before the first time; none past the last time")
    func ratesAtLandmarks() throws {
        let km = KaplanMeier(Self.textbook)
        let atTwo = try #require(km.rate(at: 2))
        #expect(abs((atTwo.value ?? 0) - 2.0 / 3) < 1e-12, "exactly at a step time: after the step")
        let before = try #require(km.rate(at: 2.999))
        #expect(abs((before.value ?? 0) - 2.0 / 3) < 1e-12)
        #expect(km.rate(at: 0.5)?.value == 1)
        #expect(km.rate(at: 5)?.value == 0)
        #expect(km.rate(at: 5.001) == nil, "beyond the last observed time: not estimated (R extend = FALSE)")
    }

    @Test("number at risk = follow-up time ≥ t", arguments: [(0.0, 6), (1.0, 6), (1.5, 5), (2.0, 5), (2.01, 3), (5.0, 1), (6.0, 0)])
    func numberAtRisk(t: Double, n: Int) {
        #expect(KaplanMeier(Self.textbook).numberAtRisk(at: t) == n)
    }

    @Test("reverse KM for follow-up swaps events and censorings")
    func reverseKM() {
        let rev = SurvivalSummary.reverse(Self.textbook)
        #expect(rev.totalEvents == 2)
        #expect(rev.events == [0, 1, 0, 1, 0], "the censoring at 2 becomes an event, the event at 2 a censoring")
    }

    @Test("empty input: no curve, no median, no rates")
    func empty() {
        let km = KaplanMeier([])
        #expect(km.subjects == 0)
        #expect(km.median.value == nil)
        #expect(km.rate(at: 12) == nil)
        #expect(km.numberAtRisk(at: 0) == 0)
    }
}

/// The chi-square upper tail against R's `pchisq(x, df, lower.tail = FALSE)`.
@Suite("Chi-square survival function")
struct ChiSquareTests {
    @Test("equals R's pchisq", arguments: [
        (3.841458820694124, 1, 0.05), (5.991464547107979, 2, 0.05), (7.814727903251178, 3, 0.05),
        (0.5, 4, 0.97350097883925613), (30, 10, 8.5664121077530053e-04), (1e-3, 1, 0.97477287936996038),
    ])
    func matchesR(x: Double, df: Int, p: Double) throws {
        let q = try #require(chiSquareUpperTail(x, degreesOfFreedom: df))
        #expect(abs(q - p) <= 1e-10 * max(p, 1e-300) + 1e-14)
    }

    @Test("tiny tails keep their relative precision (x = 100, df = 1 → 1.524e-23)")
    func tinyTail() throws {
        let q = try #require(chiSquareUpperTail(100, degreesOfFreedom: 1))
        #expect(abs(q / 1.5239706048321054e-23 - 1) < 1e-9)
    }

    @Test("edges: x = 0 → 1; df = 0 → none")
    func edges() {
        #expect(chiSquareUpperTail(0, degreesOfFreedom: 2) == 1)
        #expect(chiSquareUpperTail(1, degreesOfFreedom: 0) == nil)
    }
}

@Suite("Log-rank test")
struct LogRankTests {
    @Test("identical groups: chi-square 0, p 1")
    func identicalGroups() throws {
        let g = KaplanMeierTests.textbook
        let lr = LogRankTest(groups: [g, g])
        #expect(abs(lr.chiSquare) < 1e-12)
        #expect(abs(try #require(lr.pValue) - 1) < 1e-12)
        #expect(lr.degreesOfFreedom == 1)
    }

    @Test("two-group worked example: O, E and chi-square by hand")
    func handWorked() throws {
        // Group A dies at 1 and 2, group B at 3 and 4 (no censoring).
        // t=1: n=4, A 2/4 → E_A 0.5, V 0.25; t=2: n=3, A 1/3 → E_A 1/3, V 2/9;
        // t=3: n=2, A 0 → E_A 0, V 0; t=4: n=1 → 0. O_A = 2, E_A = 5/6, V = 17/36.
        let a = KaplanMeierTests.obs([(1, true), (2, true)])
        let b = KaplanMeierTests.obs([(3, true), (4, true)])
        let lr = LogRankTest(groups: [a, b])
        #expect(abs(lr.observed[0] - 2) < 1e-12)
        #expect(abs(lr.expected[0] - 5.0 / 6) < 1e-12)
        let chi = (2 - 5.0 / 6) * (2 - 5.0 / 6) / (17.0 / 36)
        #expect(abs(lr.chiSquare - chi) < 1e-12)
    }

    @Test("one group with events: nothing to compare")
    func oneComparableGroup() {
        let lr = LogRankTest(groups: [KaplanMeierTests.textbook, []])
        #expect(lr.pValue == nil)
    }
}
