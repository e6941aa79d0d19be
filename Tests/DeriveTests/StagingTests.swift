import Testing
import MMModel
import MMValidate
@testable import MMDerive

@Suite("Staging at index: ISS, R-ISS, R2-ISS, LDH, baseline window (RULES.md 5)")
struct StagingTests {
    @Test("ISS thresholds (Greipp 2005): B2M 3.49/3.5/5.49/5.5, albumin 3.5/3.49", arguments: [
        (3.49, 3.5, Stage?.some(.i)), (3.49, 3.49, .ii), (3.5, 3.5, .ii), (3.5, 2.0, .ii), (5.49, 4.0, .ii),
        (5.5, 4.0, .iii), (5.5, nil, .iii), (4.1, nil, .ii), (3.49, nil, nil),
    ] as [(Double, Double?, Stage?)])
    func iss(_ b2m: Double, _ alb: Double?, _ expected: Stage?) {
        #expect(issStage(b2m: b2m, albumin: alb) == expected)
    }

    @Test("ISS without B2M is not assigned")
    func issNoB2M() {
        #expect(issStage(b2m: nil, albumin: 4.0) == nil)
        #expect(possibleISS(b2m: nil, albumin: 3.0) == [.ii, .iii])
    }

    @Test("R-ISS complete inputs (Palumbo 2015)", arguments: [
        (Stage.i, false, false, Stage.i), (.i, true, false, .ii), (.i, false, true, .ii), (.ii, true, true, .ii),
        (.iii, false, false, .ii), (.iii, true, false, .iii), (.iii, false, true, .iii),
    ])
    func rissComplete(_ iss: Stage, _ hr: Bool, _ ldh: Bool, _ expected: Stage) {
        #expect(rissStage(iss: iss, highRisk: hr, ldhHigh: ldh) == expected)
    }

    @Test("R-ISS partial inputs: assigned only when every possible value gives one stage", arguments: [
        ([Stage.ii], Bool?.none, Bool?.none, Stage?.some(.ii)),     // ISS II → II whatever else
        ([.i], nil, true, .ii),                                      // ISS I with high LDH → II
        ([.i], true, nil, .ii),                                      // ISS I with high risk → II
        ([.iii], nil, true, .iii),                                   // ISS III with high LDH → III
        ([.iii], true, nil, .iii),
        ([.i], false, nil, nil),                                     // ISS I, LDH unknown → I or II
        ([.iii], nil, false, nil),
        ([.i, .ii], false, false, nil),                              // albumin missing with B2M < 3.5
        ([.i, .ii], true, nil, .ii),
    ] as [([Stage], Bool?, Bool?, Stage?)])
    func rissPartial(_ iss: [Stage], _ hr: Bool?, _ ldh: Bool?, _ expected: Stage?) {
        #expect(rissStage(possibleISS: Set(iss), highRisk: hr, ldhHigh: ldh) == expected)
    }

    @Test("R2-ISS groups by half points: 0 I, 0.5–1 II, 1.5–2.5 III, 3–5 IV", arguments: [
        (0, Stage.i), (1, .ii), (2, .ii), (3, .iii), (5, .iii), (6, .iv), (10, .iv),
    ])
    func r2Groups(_ half: Int, _ g: Stage) { #expect(r2issGroup(halfPoints: half) == g) }

    @Test("R2-ISS totals and partial inputs (D'Agostino 2022)", arguments: [
        ([Stage.i], false, false, false, false, Stage?.some(.i)),
        ([.i], false, false, false, true, .ii),          // 0.5
        ([.ii], false, false, false, false, .ii),        // 1
        ([.ii], false, false, false, true, .iii),        // 1.5
        ([.iii], true, false, false, false, .iii),       // 2.5
        ([.iii], true, true, false, false, .iv),         // 3.5
        ([.ii], true, true, true, true, .iv),            // 4.5
        ([.iii], true, true, true, true, .iv),           // 5
        ([.i], false, false, false, nil, nil),           // 0 or 0.5 → I or II
        ([.ii], false, false, false, nil, nil),          // 1 or 1.5 → II or III
        ([.iii], nil, false, false, nil, nil),           // 1.5 (III) … 3.0 (IV) → not assignable
        ([.iii], false, false, false, nil, .iii),        // 1.5 … 2.0 → III
    ] as [([Stage], Bool?, Bool?, Bool?, Bool?, Stage?)])
    func r2iss(_ iss: [Stage], _ del17p: Bool?, _ ldh: Bool?, _ t414: Bool?, _ gain1q: Bool?, _ expected: Stage?) {
        #expect(r2issStage(possibleISS: Set(iss), del17p: del17p, ldhHigh: ldh, t4_14: t414, gain1q: gain1q) == expected)
    }

    @Test("LDHHIFL = LDH > ULN; no ULN → empty and STG-003")
    func ldh() {
        #expect(ldhAboveULN(labAt(.ldh, 0, 250, uln: 248)) == true)
        #expect(ldhAboveULN(labAt(.ldh, 0, 248, uln: 248)) == false)
        #expect(ldhAboveULN(labAt(.ldh, 0, 400)) == nil)
        let r = stage(baseline: BaselineLabs(b2m: labAt(.b2m, 0, 6), ldh: labAt(.ldh, 0, 400)),
                      cytogenetics: CytogeneticProfile(), patient: nil, key: lotKey)
        #expect(r.ldhHigh == nil)
        #expect(r.findings.contains { $0.rule.id == "STG-003" })
        #expect(r.iss == .iii)
    }

    @Test("Baseline = last value in [index − 60, index]: day −60 in, −61 out; excluded rows ignored")
    func baselineWindow() {
        let idx = dayN(100)
        #expect(baselineLab(.b2m, labs: [labAt(.b2m, 40, 4.0)], at: idx, windowDays: 60)?.number == 4.0)
        #expect(baselineLab(.b2m, labs: [labAt(.b2m, 39, 4.0)], at: idx, windowDays: 60) == nil)
        #expect(baselineLab(.b2m, labs: [labAt(.b2m, 101, 4.0)], at: idx, windowDays: 60) == nil)
        let labs = [labAt(.b2m, 50, 3.0), labAt(.b2m, 90, 6.0), labAt(.b2m, 95, 9.0, excluded: true), labAt(.alb, 99, 3.0)]
        #expect(baselineLab(.b2m, labs: labs, at: idx, windowDays: 60)?.number == 6.0)
        #expect(baselineLab(.b2m, labs: [labAt(.b2m, 100, 2.0), labAt(.b2m, 100, 7.0)], at: idx, windowDays: 60)?.number == 2.0)
    }

    @Test("STG-002 names the missing inputs of every stage left empty; STG-001 on a differing reported stage")
    func findings() {
        var patient = Patient(key: lotKey, provenance: Provenance(file: "patients.csv", line: 3))
        patient.reportedISS = "I"
        patient.reportedRISS = "2"
        let r = stage(baseline: BaselineLabs(b2m: labAt(.b2m, 0, 4.1), albumin: labAt(.alb, 0, 3.2)),
                      cytogenetics: CytogeneticProfile(), patient: patient, key: lotKey)
        #expect(r.iss == .ii && r.riss == .ii && r.r2iss == nil)
        let stg002 = r.findings.filter { $0.rule.id == "STG-002" }
        #expect(stg002.map(\.field) == ["R2-ISS"])
        #expect(stg002.first?.message.contains("LDH") == true)
        #expect(stg002.first?.message.contains("DEL17P") == true)
        // Labs are looked for in the baseline window, cytogenetics at any date up to shortly
        // after index (RULES.md 5): the message must not send the site to the 60-day window
        // for a FISH result.
        #expect(stg002.first?.message.contains("LDH in the baseline window before the index date") == true)
        #expect(stg002.first?.message.contains("DEL17P, T_4_14, 1q+ (GAIN1Q/AMP1Q) (a FISH or NGS result") == true)
        #expect(stg002.first?.message.contains("within the baseline window") == false)
        let stg001 = Reconciliation.stagingFindings(r.assigned, patient: patient, key: lotKey)
            .filter { $0.rule.id == "STG-001" }
        #expect(stg001.map(\.field) == ["iss"])   // reported R-ISS "2" = II agrees
    }
}
