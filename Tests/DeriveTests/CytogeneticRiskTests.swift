import Testing
import MMModel
@testable import MMDerive

@Suite("Cytogenetic risk at index (RULES.md 5, SPEC 7 flags)")
struct CytogeneticRiskTests {
    let index = dayN(100)

    func profile(_ r: [CytogeneticResult]) -> CytogeneticProfile {
        CytogeneticProfile(results: r, indexDate: index, daysAfterIndex: 30)
    }

    @Test("A result counts up to index + 30 days: +30 in, +31 out", arguments: [(130, true), (131, false)])
    func window(_ d: Int, _ counts: Bool) {
        #expect(profile([cyto(.del17p, d, .detected)]).del17p == (counts ? true : nil))
    }

    @Test("Only FISH/NGS count; KARYOTYPE and a missing method do not")
    func methods() {
        #expect(profile([cyto(.del17p, 0, .detected, .karyotype)]).del17p == nil)
        #expect(profile([cyto(.del17p, 0, .detected, nil)]).del17p == nil)
        #expect(profile([cyto(.del17p, 0, .detected, .ngs)]).del17p == true)
    }

    @Test("FAILED is not 'not detected'; the latest non-failed result is used")
    func failedAndLatest() {
        #expect(profile([cyto(.t4_14, 0, .failed)]).t4_14 == nil)
        #expect(profile([cyto(.t4_14, 0, .notDetected), cyto(.t4_14, 50, .failed)]).t4_14 == false)
        #expect(profile([cyto(.t4_14, 0, .notDetected), cyto(.t4_14, 50, .detected)]).t4_14 == true)
        #expect(profile([cyto(.t4_14, 50, .detected), cyto(.t4_14, 0, .notDetected)]).t4_14 == true)
    }

    @Test("GAIN1QFL: Y on GAIN1Q or AMP1Q detected, N when tested and neither detected, empty otherwise")
    func gain1q() {
        #expect(profile([cyto(.amp1q, 0, .detected), cyto(.gain1q, 0, .notDetected)]).gain1q == true)
        #expect(profile([cyto(.gain1q, 0, .notDetected)]).gain1q == false)
        #expect(profile([cyto(.gain1q, 0, .failed)]).gain1q == nil)
        #expect(profile([]).gain1q == nil)
    }

    @Test("CYTORISK default: HIGH if any detected, STANDARD only when all three tested")
    func standard() {
        let all3 = [cyto(.del17p, 0, .notDetected), cyto(.t4_14, 0, .notDetected), cyto(.t14_16, 0, .notDetected)]
        #expect(cytogeneticRisk(profile(all3), definition: .standard, b2m: nil, creatinine: nil) == .standard)
        #expect(cytogeneticRisk(profile(Array(all3.prefix(2))), definition: .standard, b2m: nil, creatinine: nil) == nil)
        #expect(cytogeneticRisk(profile([cyto(.t14_16, 0, .detected)]), definition: .standard, b2m: nil,
                                creatinine: nil) == .high)
        let failed = Array(all3.prefix(2)) + [cyto(.t14_16, 0, .failed)]
        #expect(cytogeneticRisk(profile(failed), definition: .standard, b2m: nil, creatinine: nil) == nil)
    }

    @Test("CYTORISK imwg2025 (Avet-Loiseau 2025)")
    func imwg2025() {
        let t414only = [cyto(.t4_14, 0, .detected), cyto(.gain1q, 0, .notDetected), cyto(.amp1q, 0, .notDetected),
                        cyto(.del1p32, 0, .notDetected), cyto(.del17p, 0, .notDetected)]
        // t(4;14) alone is standard risk by 2025 (with B2M low).
        #expect(cytogeneticRisk(profile(t414only), definition: .imwg2025, b2m: 2.0, creatinine: 1.0) == .standard)
        // B2M ≥ 5.5 with creatinine < 1.2 → high.
        #expect(cytogeneticRisk(profile(t414only), definition: .imwg2025, b2m: 5.5, creatinine: 1.19) == .high)
        #expect(cytogeneticRisk(profile(t414only), definition: .imwg2025, b2m: 5.5, creatinine: 1.2) == .standard)
        // t(4;14) with 1q+ → high.
        let with1q = [cyto(.t4_14, 0, .detected), cyto(.gain1q, 0, .detected)]
        #expect(cytogeneticRisk(profile(with1q), definition: .imwg2025, b2m: nil, creatinine: nil) == .high)
        // del(1p32) with 1q+ → high.
        #expect(cytogeneticRisk(profile([cyto(.del1p32, 0, .detected), cyto(.amp1q, 0, .detected)]),
                                definition: .imwg2025, b2m: nil, creatinine: nil) == .high)
        // Undecided: t(4;14) detected, 1q untested.
        #expect(cytogeneticRisk(profile([cyto(.t4_14, 0, .detected), cyto(.del17p, 0, .notDetected)]),
                                definition: .imwg2025, b2m: 2.0, creatinine: 1.0) == nil)
    }
}
