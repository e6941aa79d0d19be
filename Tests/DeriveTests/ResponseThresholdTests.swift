@testable import MMDerive
import MMModel
import Testing

/// The thresholds of RULES.md 2.1 (measurable disease), 2.2 (PD) and 2.4 (nadir), each
/// exactly at and one past the edge.
@Suite("RULES.md 2.1/2.2/2.4 thresholds")
struct ResponseThresholdTests {
    @Test("RULES 2.2 serum PD against the nadir", arguments: [
        (1.0, 1.4, false), (1.0, 1.5, true),      // S − N ≥ 0.5 g/dL
        (0.0, 0.5, true), (0.0, 0.49, false),     // M-protein reappearing
        (6.0, 7.0, true), (6.0, 6.9, false),      // N ≥ 5: +1.0 suffices
        (4.0, 4.9, false), (4.0, 5.0, true),      // N < 5: also S ≥ 1.25·N
        (5.0, 6.0, true), (4.99, 5.98, false),
    ])
    func serumProgression(nadir: Double, value: Double, isPD: Bool) {
        #expect(isSerumProgression(value: value, nadir: nadir) == isPD)
    }

    @Test("RULES 2.2 urine PD: U − N ≥ 200 mg/24h and U ≥ 1.25·N", arguments: [
        (0.0, 200.0, true), (0.0, 199.0, false), (1000.0, 1250.0, true), (1000.0, 1249.0, false),
        (100.0, 300.0, true), (100.0, 299.0, false),
    ])
    func urineProgression(nadir: Double, value: Double, isPD: Bool) {
        #expect(isUrineProgression(value: value, nadir: nadir) == isPD)
    }

    @Test("RULES 2.2 dFLC PD: F − N > 100 mg/L and F ≥ 1.25·N", arguments: [
        (0.0, 90.0, false), (0.0, 110.0, true), (0.0, 100.0, false), (0.0, 100.5, true),
        (500.0, 610.0, false), (500.0, 625.0, true),
    ])
    func flcProgression(nadir: Double, value: Double, isPD: Bool) {
        #expect(isFLCProgression(value: value, nadir: nadir) == isPD)
    }

    @Test("RULES 2.2 marrow PD: +10 percentage points", arguments: [(30.0, 40.0, true), (30.0, 39.9, false)])
    func marrowProgression(nadir: Double, value: Double, isPD: Bool) {
        #expect(isMarrowProgression(value: value, nadir: nadir) == isPD)
    }

    @Test("RULES 2.1 serum ≥ 1.0 g/dL, urine ≥ 200 mg/24h, marrow ≥ 30 %")
    func measurableEdges() {
        #expect(isSerumMeasurable(1.0))
        #expect(!isSerumMeasurable(0.99))
        #expect(!isSerumMeasurable(nil))
        #expect(isUrineMeasurable(200))
        #expect(!isUrineMeasurable(199))
        #expect(isMarrowMeasurable(30))
        #expect(!isMarrowMeasurable(29.9))
    }

    @Test("RULES 2.1 FLC: involved ≥ 100 mg/L and ratio < 0.26 or > 1.65", arguments: [
        (166.0, 100.0, LightChain?.some(.kappa), true),    // ratio 1.66
        (165.0, 100.0, LightChain?.some(.kappa), false),   // ratio 1.65 is normal
        (100.0, 60.0, LightChain?.some(.kappa), true),     // involved exactly 100, ratio 1.67
        (99.9, 10.0, LightChain?.some(.kappa), false),     // involved below 100
        (25.0, 100.0, LightChain?.some(.lambda), true),    // ratio 0.25
        (26.0, 100.0, LightChain?.some(.lambda), false),   // ratio 0.26 is normal
        (25.0, 100.0, LightChain?.none, true),             // larger chain (λ) is involved
        (300.0, 99.0, LightChain?.some(.lambda), false),   // the declared chain is the involved one
    ])
    func flcMeasurable(kappa: Double, lambda: Double, chain: LightChain?, measurable: Bool) {
        #expect(isFLCMeasurable(kappa: kappa, lambda: lambda, involved: chain) == measurable)
    }

    @Test("RULES 2.1 hierarchy: FLC only without serum/urine, marrow only without any of three")
    func hierarchy() {
        #expect(measurableDisease(serum: true, urine: true, flc: true, marrow: true) == .serum)
        #expect(measurableDisease(serum: false, urine: true, flc: true, marrow: true) == .urine)
        #expect(measurableDisease(serum: false, urine: false, flc: true, marrow: true) == .flc)
        #expect(measurableDisease(serum: false, urine: false, flc: false, marrow: true) == .marrow)
        #expect(measurableDisease(serum: false, urine: false, flc: false, marrow: false) == .none)
    }

    @Test("RULES 2.4 nadir: min over i of max(v_i, v_i+1), baseline included; lowest = plain minimum")
    func nadirDefinitions() {
        // Baseline 2.0, one dip to 0.5 not held: confirmed nadir stays the baseline.
        #expect(nadir(baseline: 2.0, values: [0.5], definition: .confirmed) == 2.0)
        #expect(nadir(baseline: 2.0, values: [0.5], definition: .lowest) == 0.5)
        // Held twice: 0.6 = max(0.5, 0.6).
        #expect(nadir(baseline: 2.0, values: [0.5, 0.6, 1.4], definition: .confirmed) == 0.6)
        // Never responded: the baseline itself.
        #expect(nadir(baseline: 3.0, values: [3.5, 3.8], definition: .confirmed) == 3.0)
        #expect(nadir(baseline: nil, values: [], definition: .confirmed) == nil)
        #expect(nadir(baseline: nil, values: [0.4], definition: .confirmed) == 0.4)
    }
}
