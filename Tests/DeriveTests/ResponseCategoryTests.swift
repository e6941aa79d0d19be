@testable import MMDerive
import MMModel
import Testing

/// The category at one assessment date (RULES.md 2.2), against a first-assessment nadir
/// equal to the baseline unless stated.
@Suite("RULES.md 2.2 category at one assessment")
struct ResponseCategoryTests {
    func category(_ v: MarkerValues, _ b: LineBaseline, lesion: Bool = false, nadirs: MarkerNadirs? = nil)
        -> ResponseCategory {
        imwgCategory(values: v, lesion: lesion, baseline: b, nadirs: nadirs ?? baselineNadirs(b)).category
    }

    @Test("RULES 2.2 serum-only levels at their exact thresholds (S0 = 2.0 g/dL)", arguments: [
        (0.2, ResponseCategory.vgpr),    // 90 % reduction exactly
        (0.21, .pr),
        (1.0, .pr),                      // 50 % exactly
        (1.01, .mr),
        (1.5, .mr),                      // 25 % exactly
        (1.51, .sd),
        (2.4, .sd),                      // +0.4: not PD
    ])
    func serumLevels(spep: Double, expected: ResponseCategory) {
        let b = baseline(spep: 2.0)
        #expect(b.measurable == .serum)
        #expect(category(values(spep: spep), b) == expected)
    }

    @Test("RULES 2.2 CR needs marrow: CR without marrow → VGPR; BMPC 4 → CR, 5 → VGPR")
    func crNeedsMarrow() {
        let b = baseline(spep: 2.0)
        #expect(category(values(spep: 0, sife: false, uife: false), b) == .vgpr)
        #expect(category(values(spep: 0, sife: false, uife: false, bmpc: 4), b) == .cr)
        #expect(category(values(spep: 0, sife: false, uife: false, bmpc: 5), b) == .vgpr)
        // Positive immunofixation: not CR.
        #expect(category(values(spep: 0, sife: true, uife: false, bmpc: 2), b) == .vgpr)
    }

    @Test("RULES 2.2 sCR = CR + normal FLC ratio + BM_CLONAL NEG")
    func stringentCR() {
        let b = baseline(spep: 2.0)
        #expect(category(values(spep: 0, sife: false, uife: false, flcK: 16.5, flcL: 10, bmpc: 2, bmClonal: false), b) == .scr)
        #expect(category(values(spep: 0, sife: false, uife: false, flcK: 16.6, flcL: 10, bmpc: 2, bmClonal: false), b) == .cr)
        #expect(category(values(spep: 0, sife: false, uife: false, flcK: 15, flcL: 10, bmpc: 2, bmClonal: true), b) == .cr)
    }

    @Test("RULES 2.2 `<x` counts as 0 for SPEP_M: undetectable with positive IFE is VGPR")
    func belowDetectionSerum() {
        #expect(LabValue.belowDetection(0.1).numeric(for: .spepM) == 0)
        #expect(LabValue.belowDetection(0.1).numeric(for: .flcK) == 0.1)
        let b = baseline(spep: 2.0, upep: 250)
        // Urine measurable and 150 mg/24h: clause 1 fails (U ≥ 100), the IFE clause holds.
        #expect(category(values(spep: 0, upep: 150, sife: true), b) == .vgpr)
    }

    @Test("RULES 2.2 urine: absolute limits apply whenever done; missing urine lowers only when measurable")
    func urineRules() {
        let serumOnly = baseline(spep: 2.0)
        #expect(category(values(spep: 0.9), serumOnly) == .pr)                 // urine not done, not measurable
        // Done: U < 200 fails PR, and a 55 % serum reduction is outside MR's 25–49 % (literal MR bounds).
        #expect(category(values(spep: 0.9, upep: 250), serumOnly) == .sd)
        #expect(category(values(spep: 1.1, upep: 250), serumOnly) == .mr)
        #expect(category(values(spep: 0.1, upep: 100), serumOnly) == .pr)      // VGPR needs U < 100
        #expect(category(values(spep: 0.1, upep: 99), serumOnly) == .vgpr)
        let both = baseline(spep: 2.0, upep: 1000)
        #expect(category(values(spep: 0.9), both) == .sd)                      // urine measurable but missing
        #expect(category(values(spep: 0.9, upep: 100), both) == .pr)           // 90 % urine reduction
        #expect(category(values(spep: 0.9, upep: 199), both) == .pr)           // U < 200 mg/24h
        #expect(category(values(spep: 0.9, upep: 210), both) == .sd)           // 79 % urine: not PR, not MR
    }

    @Test("RULES 2.2 MR only with measurable serum; urine-only goes from PR to SD")
    func minimalResponse() {
        let urineOnly = baseline(upep: 1000)
        #expect(urineOnly.measurable == .urine)
        #expect(category(values(upep: 100), urineOnly) == .pr)
        #expect(category(values(upep: 500), urineOnly) == .sd)
        let both = baseline(spep: 2.0, upep: 1000)
        #expect(category(values(spep: 1.5, upep: 500), both) == .mr)           // 25 % serum, 50 % urine
        #expect(category(values(spep: 1.5, upep: 501), both) == .sd)
    }

    @Test("RULES 2.2 FLC-only disease (κ 400, λ 10 → dFLC 390)")
    func flcOnly() {
        let b = baseline(spep: 0.5, flcK: 400, flcL: 10, lightChain: .kappa)
        #expect(b.measurable == .flc)
        #expect(category(values(flcK: 205, flcL: 10), b) == .pr)               // dFLC 195 = 50 %
        #expect(category(values(flcK: 206, flcL: 10), b) == .sd)
        #expect(category(values(flcK: 49, flcL: 10), b) == .vgpr)              // dFLC 39 = 10 %
        // CR in FLC-only disease needs a normal ratio too.
        #expect(category(values(sife: false, uife: false, flcK: 20, flcL: 10, bmpc: 2), b) == .vgpr)
        #expect(category(values(sife: false, uife: false, flcK: 15, flcL: 10, bmpc: 2), b) == .cr)
        // dFLC PD against the nadir 390: +100 exactly is not PD.
        #expect(category(values(flcK: 500, flcL: 10), b) == .sd)
        var n = baselineNadirs(b)
        n.dFLC = 100
        #expect(category(values(flcK: 210, flcL: 10), b, nadirs: n) == .sd)    // +100: not PD
        #expect(category(values(flcK: 211, flcL: 10), b, nadirs: n) == .pd)    // +101 and ≥ 1.25 N
        // dFLC rules do not apply when serum was measurable.
        let serum = baseline(spep: 2.0, flcK: 400, flcL: 10)
        #expect(category(values(spep: 2.0, flcK: 900, flcL: 10), serum) == .sd)
    }

    @Test("RULES 2.2 marrow-only disease: PR at 50 % reduction, PD at +10 points")
    func marrowOnly() {
        let b = baseline(bmpc: 40)
        #expect(b.measurable == .marrow)
        #expect(category(values(bmpc: 20), b) == .pr)
        #expect(category(values(bmpc: 21), b) == .sd)
        #expect(category(values(bmpc: 50), b) == .pd)
        #expect(category(values(bmpc: 49), b) == .sd)
    }

    @Test("RULES 2.2 PD first: PD against the nadir wins over a response against baseline")
    func pdWins() {
        let b = baseline(spep: 3.0)
        var n = baselineNadirs(b)
        n.serum = 0.5
        // 1.0 is a 67 % reduction from baseline but +0.5 and ≥ 1.25 × the nadir.
        #expect(category(values(spep: 1.0), b, nadirs: n) == .pd)
        #expect(category(values(spep: 0.9), b, nadirs: n) == .pr)
        #expect(category(values(spep: 0.1), b, lesion: true) == .pd)
    }

    @Test("RULES 2.2 the serum/urine PD rules apply to every patient; non-measurable → NE")
    func pdForEveryPatient() {
        let urineOnly = baseline(spep: 0, upep: 400)
        #expect(category(values(spep: 0.5, upep: 100), urineOnly) == .pd)
        #expect(category(values(spep: 0.4, upep: 100), urineOnly) == .pr)
        let none = baseline(spep: 0.5, upep: 100)
        #expect(none.measurable == .none)
        #expect(category(values(spep: 0.1), none) == .ne)
        #expect(category(values(spep: 1.0), none) == .pd)
        #expect(category(values(spep: 0.9), none) == .ne)
    }
}
