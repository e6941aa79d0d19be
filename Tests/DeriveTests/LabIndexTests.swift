@testable import MMDerive
import MMModel
import Testing

/// The lab index Derive builds once per patient (docs/performance.md, "Derive on dense
/// histories") must choose exactly the rows the rules choose by scanning every lab row: the
/// baseline of RULES.md 2.1 (the last value in the window, the first row in file order on that
/// date), the labs of a line's span (RULES.md 2.2) and the CRAB labs around an assessment
/// (RULES.md 2.5). Checked against those scans on random histories with many same-date rows,
/// rows out of date order, excluded rows and non-numeric values.
@Suite("Lab index: the rows a full scan of the labs chooses (RULES.md 2.1, 2.2, 2.5; SPEC 6.2)")
struct LabIndexTests {
    /// Unsorted rows over ~two years, several a day, every test; a few excluded or `<x`.
    static func labs(seed: UInt64) -> [LabResult] {
        var g = SplitMix64(seed: seed)
        return (0..<g.int(0...300)).map { i in
            let test = LabTest.allCases[g.int(0...LabTest.allCases.count - 1)]
            let d = g.int(-30...700)
            if g.chance(0.1) { return lab(d, test, .belowDetection(0.5), line: i + 2) }
            return lab(d, test, 100 * g.unit(), excluded: g.chance(0.1), line: i + 2)
        }
    }

    /// RULES.md 2.1 by scanning: the latest date in `[from, through]`, the first row on it.
    static func scanLastValue(_ points: [LabPoint], _ test: LabTest, from: Day, through: Day) -> LabPoint? {
        var chosen: LabPoint?
        for p in points where p.test == test && p.date >= from && p.date <= through {
            if chosen.map({ p.date > $0.date }) ?? true { chosen = p }
        }
        return chosen
    }

    @Test("lastValues, responseLabs and crabLabs equal scans of every row, on 300 random histories")
    func sameRowsAsScanning() {
        for seed in UInt64(1)...300 {
            let record = PatientRecord(key: testKey, labs: Self.labs(seed: seed))
            let index = LabIndex(record)
            let points = usableLabs(record)
            var g = SplitMix64(seed: seed &* 7)
            for _ in 0..<20 {
                let a = day(g.int(-40...710)), b = day(g.int(-40...710))
                let (from, through) = (min(a, b), max(a, b))
                let tests = LabTest.allCases.filter { _ in g.chance(0.5) }
                let chosen = index.lastValues(tests: tests, from: from, through: through)
                for test in LabTest.allCases {
                    let expected = tests.contains(test) ? Self.scanLastValue(points, test, from: from, through: through) : nil
                    #expect(chosen[test]?.order == expected?.order, "seed \(seed) \(test)")
                }
                let before: Day? = g.chance(0.2) ? nil : through
                let span = points.filter { p in p.test.isResponseRelevant && p.date > from && (before.map { p.date < $0 } ?? true) }
                    .sorted { ($0.date, $0.order) < ($1.date, $1.order) }
                #expect(index.responseLabs(after: from, before: before).map(\.order) == span.map(\.order), "seed \(seed)")
                let days = g.int(0...40)
                let crab = points.filter { [.ca, .hgb, .creat].contains($0.test) && abs($0.date - a) <= days }
                #expect(index.crabLabs(around: a, days: days).map(\.order).sorted() == crab.map(\.order).sorted(), "seed \(seed)")
            }
            // A window too wide for date arithmetic does not trap.
            #expect(index.crabLabs(around: day(0), days: Int.max).count == points.filter { [.ca, .hgb, .creat].contains($0.test) }.count)
        }
    }

    /// SPEC 6.2 by scanning: usable numeric rows in `[reference − 60, reference]`, the latest
    /// date, the first row on it.
    static func scanBaseline(_ test: LabTest, _ labs: [LabResult], at reference: Day) -> LabResult? {
        var best: LabResult?
        for lab in labs where lab.test == test && !lab.excludedFromDerivation && lab.date <= reference
            && reference - lab.date <= 60 && lab.value.numeric(for: test) != nil {
            if best.map({ lab.date > $0.date }) ?? true { best = lab }
        }
        return best
    }

    @Test("BaselineLabs in one pass and baselineLab equal a scan of every row (SPEC 6.2), on 300 random histories")
    func baselineLabsInOnePass() {
        for seed in UInt64(1)...300 {
            let labs = Self.labs(seed: seed)
            for reference in [day(-10), day(100), day(365), day(700)] {
                let b = BaselineLabs(labs: labs, at: reference, windowDays: 60)
                let expected = BaselineLabs(b2m: Self.scanBaseline(.b2m, labs, at: reference),
                                            albumin: Self.scanBaseline(.alb, labs, at: reference),
                                            ldh: Self.scanBaseline(.ldh, labs, at: reference),
                                            creatinine: Self.scanBaseline(.creat, labs, at: reference),
                                            haemoglobin: Self.scanBaseline(.hgb, labs, at: reference))
                #expect(b == expected, "seed \(seed)")
                for test in LabTest.allCases {
                    #expect(baselineLab(test, labs: labs, at: reference, windowDays: 60) == Self.scanBaseline(test, labs, at: reference))
                }
            }
        }
    }
}
