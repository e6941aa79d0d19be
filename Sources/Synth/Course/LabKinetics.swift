import Foundation
import MMModel

/// Below this load the M-protein is gone and immunofixation turns negative (a CR candidate).
private let crLoad = 0.008

extension CourseSimulator {
    /// Labs and site assessments, as a retrospective CRF records them (~80 lab rows per
    /// patient). Response labs (SPEP_M, UPEP_M, FLC, IFE, BMPC) at each line's baseline, at 12
    /// weeks, yearly on plateau, 8 and 4 weeks before a progression (the confirmed nadir,
    /// RULES.md 2.4), at the progression date and 4 weeks later (so PD is confirmed, RULES.md
    /// 2.3), then every 16 weeks; routine labs (B2M, ALB, LDH, CREAT, HGB, CA, ANC, PLT)
    /// within 60 days before each line start (RULES.md 2.1 baseline window). Site
    /// assessments at every other lab assessment, at the CR marrow and at each progression.
    mutating func writeLabsAndAssessments(_ c: inout PatientCourse) {
        let last = c.endOfFollowUp
        var previous = c.diagnosis - 1
        for k in lines.indices {
            let plan = lines[k]
            let stopBefore = k + 1 < lines.count ? lines[k + 1].start - 8 : last
            // Baseline: the diagnosis work-up for line 1, else within a week before the start.
            var base = k == 0 ? c.diagnosis : plan.start - rng.int(0...7)
            if base <= previous { base = previous + 1 }
            responseLabs(&c, at: base, lineIndex: k, baseline: true, periodic: true)
            routineLabs(&c, at: k == 0 ? c.diagnosis : max(previous + 1, plan.start - rng.int(3...25)),
                        after: k > 0 ? lines[k - 1].relapse : nil)
            previous = base
            var crMarrowDone = false
            var j = 0
            var t = plan.start + (dense ? CourseSimulator.denseStep : 84)
            // Regular visits, then (before a progression) two visits on the nadir at P − 56 and
            // P − 28 without jitter: the rise begins after them (LinePlan.riseDays).
            var forced: [Day] = []
            if let p = plan.progression { forced = [p - 56, p - 28] }
            while t <= stopBefore || !forced.isEmpty {
                var d: Day
                if let p = plan.progression, t >= p - 70 {
                    guard !forced.isEmpty else { break }
                    d = forced.removeFirst()
                    guard d > previous && d > plan.start else { continue }
                } else {
                    d = max(previous + 1, min(t + rng.int(-3...3), stopBefore))
                }
                j += 1
                let l = plan.load(at: d)
                let marrow = !crMarrowDone && l < crLoad
                responseLabs(&c, at: d, lineIndex: k, baseline: false, periodic: j % 6 == 0, marrow: marrow)
                if dense && j % 2 == 1 { routineLabs(&c, at: d, after: nil) }
                if marrow || j % 2 == 1 {
                    siteAssessment(&c, at: d, plan: plan, marrowDone: crMarrowDone || marrow)
                }
                if marrow { crMarrowDone = true }
                previous = d
                t = t + (dense ? CourseSimulator.denseStep : CourseSimulator.plateauStep)
            }
            guard let p = plan.progression else { continue }
            // Progression, its confirmation, then monthly until the next line or the end.
            var d = max(p, previous + 1)
            var first = true
            while d <= stopBefore || first {
                responseLabs(&c, at: d, lineIndex: k, baseline: false, periodic: first)
                if dense && first { routineLabs(&c, at: d, after: plan.relapse) }
                if first { siteProgression(&c, at: d, plan: plan) }
                previous = d
                // Confirmation 4 weeks after the first PD, then every 16 weeks (dense: each visit).
                d = d + (first ? 28 : dense ? CourseSimulator.denseStep : 112)
                first = false
            }
        }
        // A value per (date, test): sort by date then test and drop exact repeats of a test on
        // a date (an AE lab falling on a routine lab date), which would read as a DUP conflict.
        // The sort is made stable by the insertion index, so that of two values the first
        // written wins: the AE labs (written first) keep the value that supports the AE grade.
        let sorted = c.labs.enumerated().sorted { a, b in
            if a.element.day != b.element.day { return a.element.day < b.element.day }
            let ra = testRank(a.element.test), rb = testRank(b.element.test)
            return ra != rb ? ra < rb : a.offset < b.offset
        }
        c.labs.removeAll(keepingCapacity: true)
        for (_, lab) in sorted {
            if let last = c.labs.last, last.day == lab.day && last.test == lab.test { continue }
            c.labs.append(lab)
        }
        c.assessments.sort { $0.day < $1.day }
    }

    /// Days between assessments on plateau (the CRF records fewer visits than the clinic).
    static let plateauStep = 364
    /// Days between visits in a dense history: the clinic visit of a patient on continuous
    /// therapy (a 28-day cycle and the usual delays), with the response labs, and the routine
    /// panel every other visit.
    static let denseStep = 35

    private func testRank(_ t: LabTest) -> Int { LabTest.allCases.firstIndex(of: t) ?? 0 }

    /// The response-relevant labs of one assessment, from the load at that date.
    mutating func responseLabs(_ c: inout PatientCourse, at d: Day, lineIndex: Int, baseline: Bool,
                               periodic: Bool, marrow: Bool = false) {
        let l = lines[lineIndex].load(at: d)
        let m = markers
        let lc = c.heavyChain == HeavyChain.none
        var serumZero = false
        if m.secretory && !lc {
            var s = m.serum0 * l * (1 + rng.normal(0, 0.02))
            if s < 0.1 { s = 0; serumZero = true }
            c.labs.append(SynthLab(day: d, test: .spepM, value: s))
        }
        // Urine at every visit when measurable at diagnosis (a missing urine test would lower
        // the level, RULES.md 2.2), else at each line's baseline.
        if m.secretory && (lc || m.urine0 >= 200 || baseline) {
            var u = m.urine0 * l * (1 + rng.normal(0, 0.03))
            if u < 20 { u = 0 }
            c.labs.append(SynthLab(day: d, test: .upepM, value: u.rounded()))
        }
        // FLC: the marker of light-chain disease; otherwise at diagnosis and with a CR marrow
        // (the FLC ratio that makes a CR stringent).
        if lc || m.main == .flc || (baseline && lineIndex == 0) || marrow {
            let involved = m.flcInvolvedNormal + (m.flcInvolved0 - m.flcInvolvedNormal) * l * (1 + rng.normal(0, 0.03))
            let f = min(1, l)
            let uninvolved = (m.flcUninvolvedSuppressed + (m.flcUninvolvedNormal - m.flcUninvolvedSuppressed) * (1 - f))
                * (1 + rng.normal(0, 0.05))
            let kappaInvolved = c.lightChain != .lambda
            c.labs.append(SynthLab(day: d, test: .flcK, value: kappaInvolved ? involved : uninvolved))
            c.labs.append(SynthLab(day: d, test: .flcL, value: kappaInvolved ? uninvolved : involved))
        }
        // Immunofixation once the M-protein is gone (the CR test), and always in
        // non-secretory disease (negative from the start).
        if serumZero || (lc && l < 0.05) || marrow || !m.secretory {
            let pos = m.secretory && l >= crLoad
            c.labs.append(SynthLab(day: d, test: .sife, value: 0, code: pos ? "POS" : "NEG"))
            let urinePos = pos && (m.urine0 >= 50 || lc)
            c.labs.append(SynthLab(day: d, test: .uife, value: 0, code: urinePos ? "POS" : "NEG"))
        }
        let marrowAtBaseline = baseline && (lineIndex == 0 || rng.chance(0.5) || m.main == .marrow)
        if marrowAtBaseline || marrow || (m.main == .marrow && periodic) {
            let b = 1.5 + (m.bmpc0 - 1.5) * min(1, l) + rng.normal(0, 0.5)
            c.labs.append(SynthLab(day: d, test: .bmpc, value: max(1, b).rounded()))
            if marrow {
                c.labs.append(SynthLab(day: d, test: .bmClonal, value: 0, code: rng.chance(0.6) ? "NEG" : "POS"))
                if rng.chance(0.3) {
                    c.labs.append(SynthLab(day: d, test: .mrd, value: 0, code: rng.chance(0.5) ? "NEG" : "POS"))
                }
            }
        }
    }

    /// B2M, ALB, LDH, CREAT, HGB, CA, ANC, PLT before a line (ISS tendency of the patient,
    /// LDH elevated in ~20 %, CrCl < 60 in ~30 %), showing the CRAB features of the relapse.
    mutating func routineLabs(_ c: inout PatientCourse, at d: Day, after relapse: RelapseFeatures?) {
        let b2m: Double, alb: Double
        switch issTendency {
        case 1: b2m = rng.uniform(1.6, 3.3); alb = rng.uniform(3.5, 4.6)
        case 2:
            b2m = rng.uniform(2.2, 5.3)
            alb = b2m < 3.5 ? rng.uniform(2.8, 3.4) : rng.uniform(3.0, 4.3)
        default: b2m = rng.uniform(5.6, 11); alb = rng.uniform(2.6, 4.0)
        }
        let crab = relapse?.crab ?? ""
        var creat = rng.logNormal(median: 0.95, sigma: 0.3).clamped(0.5, 3)
        if renal || crab.contains("R") { creat = (creat * 2.6).clamped(1.5, 8.5) }
        let ldh = highLDH ? rng.uniform(ldhULN + 10, 600) : rng.uniform(130, ldhULN - 5)
        var hgb = rng.normal(11.4, 1.3).clamped(8.2, 16)
        if crab.contains("A") { hgb = rng.uniform(7.2, 9.4) }
        var ca = rng.normal(9.4, 0.4).clamped(8.4, 10.4)
        if crab.contains("C") { ca = rng.uniform(11.2, 13) }
        let anc = rng.logNormal(median: 3.0, sigma: 0.35).clamped(0.9, 9)
        let plt = rng.normal(200, 55).clamped(40, 450)
        for (test, value) in [(LabTest.b2m, b2m), (.alb, alb), (.ldh, ldh.rounded()), (.creat, creat), (.hgb, hgb),
                              (.ca, ca), (.anc, anc), (.plt, plt.rounded())] {
            c.labs.append(SynthLab(day: d, test: test, value: value))
        }
    }

    /// The site's response at an assessment date, by the IMWG levels of RULES.md 2.2 applied
    /// to the noise-free marker values against the line's baseline: serum and urine criteria
    /// where measurable at baseline, the absolute urine limits whenever urine is tested, FLC
    /// only for FLC-only disease, CR only with a marrow done (else VGPR), MR only for serum.
    mutating func siteAssessment(_ c: inout PatientCourse, at d: Day, plan: LinePlan, marrowDone: Bool) {
        let m = markers
        let l = plan.load(at: d), b = max(plan.baselineLoad, 1e-9)
        let ratio = l / b
        let serumMeasurable = m.serum0 * b >= 1.0
        let urineBaseline = m.urine0 * b, urine = m.urine0 * l
        let urineMeasurable = urineBaseline >= 200
        let urineTested = m.urine0 >= 200 || c.heavyChain == HeavyChain.none
        let flcOnly = !serumMeasurable && !urineMeasurable
            && m.flcInvolvedNormal + (m.flcInvolved0 - m.flcInvolvedNormal) * b >= 100
        let measurable = serumMeasurable || urineMeasurable || flcOnly
        let r: ResponseCategory
        if !m.secretory || !measurable {
            r = l < crLoad && marrowDone ? .cr : .sd
        } else if l < crLoad {
            r = marrowDone ? .cr : .vgpr
        } else if ratio <= 0.1 && (!urineTested || urine < 100) {
            r = .vgpr
        } else if ratio <= 0.5 && (!urineTested || urine <= 0.1 * urineBaseline || urine < 200) {
            r = .pr
        } else if serumMeasurable && ratio <= 0.75 && (!urineMeasurable || ratio <= 0.5) {
            r = .mr
        } else {
            r = .sd
        }
        c.assessments.append(SynthAssessment(day: d, response: r, progressionType: nil, newLesion: false,
                                             plasmacytoma: false, crab: ""))
    }

    mutating func siteProgression(_ c: inout PatientCourse, at d: Day, plan: LinePlan) {
        let f = plan.relapse ?? RelapseFeatures()
        let type: ProgressionType = markers.main == .marrow ? .clinical : f.type
        c.assessments.append(SynthAssessment(day: d, response: .pd, progressionType: type,
                                             newLesion: f.newLesion || markers.main == .marrow,
                                             plasmacytoma: f.plasmacytoma, crab: f.crab))
    }
}
