import Foundation
import MMModel

/// Simulates one patient's disease course: demographics (seed 000 Table 1, seed 003 Table 1A),
/// lines of therapy with IsaPd as the 2nd–5th line for most patients, deaths and last
/// contacts up to the data cut-off. Labs, assessments, cytogenetics and adverse events are
/// added by the extensions in the files beside this one.
struct CourseSimulator {
    var rng: SynthRandom
    var markers = DiseaseMarkers()
    var lines: [LinePlan] = []
    /// Patient-level tendencies for the routine labs.
    var issTendency = 1
    var highLDH = false
    var renal = false
    var ldhULN = 225.0
    /// `synth --arms`: the compared index regimens (empty: IsaPd is the single index regimen).
    var arms: [Regimen] = []
    /// This patient's index regimen (IsaPd, or the arm drawn).
    var indexRegimen = Regimens.isapd
    /// Dense history (`synth --dense`): more lines before and after the index line, monthly
    /// visits with the full lab panel (LabKinetics).
    let dense: Bool

    init(rng: SynthRandom, arms: [Regimen] = [], dense: Bool = false) {
        self.rng = rng
        self.arms = arms
        self.dense = dense
    }

    mutating func simulate(into c: inout PatientCourse) {
        lines.removeAll(keepingCapacity: true)
        drawDemographics(&c)
        drawMarkers(&c)
        let ageAtDiagnosis = c.diagnosis.completedYears(since: c.birth)
        planLines(c, ageAtDiagnosis: ageAtDiagnosis)
        resolveFollowUp(&c)
        resolveKinetics()
        writeTherapies(&c)
        writeCytogenetics(&c)
        writeAdverseEvents(&c)
        writeLabsAndAssessments(&c)  // last: it sorts the labs, the AE labs included
        c.indexStart = lines.first { $0.regimen == indexRegimen }?.start
    }

    // MARK: demographics

    private mutating func drawDemographics(_ c: inout PatientCourse) {
        c.sex = rng.chance(0.55) ? .male : .female
        let span = Int(StudyCalendar.lastDiagnosis - StudyCalendar.firstDiagnosis)
        c.diagnosis = StudyCalendar.firstDiagnosis + rng.int(0...span)
        // Age at diagnosis ~64 so that age at the IsaPd start is ~70 (seed 000: 69, 38–88).
        // Older patients are diagnosed later: nobody reaches the cut-off much past 90.
        let yearsToCutoff = Double(StudyCalendar.cutoff - c.diagnosis) / 365.25
        let age = rng.normal(64.5, 8.5).clamped(40, min(88, 88 - 0.8 * yearsToCutoff))
        c.birth = c.diagnosis - Int(age * 365.25) - rng.int(0...300)
        c.ecog = rng.pick([(0, 0.35), (1, 0.45), (2, 0.15), (3, 0.05)])
        if c.sex == .male {
            c.weightKg = rng.normal(78, 12).clamped(45, 130)
            c.heightCm = rng.normal(174, 7).clamped(150, 200)
        } else {
            c.weightKg = rng.normal(65, 11).clamped(38, 120)
            c.heightCm = rng.normal(161, 6).clamped(140, 185)
        }
        issTendency = rng.pick([(1, 0.48), (2, 0.38), (3, 0.14)])
        highLDH = rng.chance(0.2)
        renal = rng.chance(0.1)
        ldhULN = rng.pick([(225.0, 0.5), (248.0, 0.3), (250.0, 0.2)])
        c.ldhULN = ldhULN
    }

    /// Isotype (seed 000 Table 1: IgG 59 %, IgA 21 %, light chain only 19 %, IgD/IgM rare;
    /// non-secretory ~2–3 %), kappa:lambda 2:1, and the markers at diagnosis.
    private mutating func drawMarkers(_ c: inout PatientCourse) {
        enum Isotype { case igG, igA, igD, igM, lightChain, nonSecretory }
        let iso = rng.pick([(Isotype.igG, 0.575), (.igA, 0.20), (.lightChain, 0.16), (.igD, 0.012),
                            (.igM, 0.005), (.nonSecretory, 0.025)])
        let light: LightChain = rng.chance(2.0 / 3.0) ? .kappa : .lambda
        var m = DiseaseMarkers()
        m.flcInvolvedNormal = light == .kappa ? rng.uniform(8, 16) : rng.uniform(10, 20)
        m.flcUninvolvedNormal = light == .kappa ? rng.uniform(10, 20) : rng.uniform(8, 16)
        m.flcUninvolvedSuppressed = rng.uniform(2, 7)
        m.bmpc0 = rng.uniform(15, 75)
        switch iso {
        case .igG, .igA, .igD, .igM:
            c.heavyChain = iso == .igG ? .igG : iso == .igA ? .igA : iso == .igD ? .igD : .igM
            c.lightChain = light
            let lowSecretor = rng.chance(0.1)
            m.serum0 = lowSecretor ? rng.uniform(0.3, 0.9)
                                   : rng.logNormal(median: iso == .igA ? 2.4 : 3.2, sigma: 0.45).clamped(1.1, 8.5)
            m.urine0 = rng.chance(0.35) ? rng.logNormal(median: 600, sigma: 0.7).clamped(210, 4000) : rng.uniform(0, 150)
            m.flcInvolved0 = rng.logNormal(median: 250, sigma: 0.9).clamped(30, 5000)
        case .lightChain:
            c.heavyChain = HeavyChain.none
            c.lightChain = light
            m.serum0 = 0
            m.urine0 = rng.chance(0.75) ? rng.logNormal(median: 900, sigma: 0.8).clamped(210, 6000) : rng.uniform(20, 180)
            m.flcInvolved0 = rng.logNormal(median: 1200, sigma: 0.9).clamped(180, 12000)
        case .nonSecretory:
            c.heavyChain = nil
            c.lightChain = nil
            m.secretory = false
            m.serum0 = 0
            m.urine0 = 0
            m.flcInvolved0 = m.flcInvolvedNormal
            m.bmpc0 = rng.uniform(35, 80)
        }
        if m.serum0 >= 1.0 {
            m.main = .serum
        } else if m.urine0 >= 200 {
            m.main = .urine
        } else if m.flcInvolved0 - m.flcUninvolvedSuppressed >= 100 && m.secretory {
            m.main = .flc
        } else {
            m.main = .marrow
        }
        markers = m
    }

    // MARK: lines

    private mutating func drawResponse(line: Int, transplant: Bool, index: Bool) -> ResponseCategory {
        if index {  // seed 000: ORR 74 %, CR 15 %, VGPR 30 %.
            return rng.pick([(ResponseCategory.cr, 0.15), (.vgpr, 0.30), (.pr, 0.29), (.mr, 0.08), (.sd, 0.11), (.pd, 0.07)])
        }
        if line == 1 {
            return transplant
                ? rng.pick([(ResponseCategory.cr, 0.38), (.vgpr, 0.35), (.pr, 0.21), (.mr, 0.03), (.sd, 0.03)])
                : rng.pick([(ResponseCategory.cr, 0.25), (.vgpr, 0.35), (.pr, 0.28), (.mr, 0.06), (.sd, 0.06)])
        }
        return rng.pick([(ResponseCategory.cr, 0.12), (.vgpr, 0.26), (.pr, 0.36), (.mr, 0.12), (.sd, 0.14)])
    }

    private mutating func rawDuration(line: Int, transplant: Bool) -> Double {
        switch line {
        case 1: return transplant ? rng.logNormal(median: 1400, sigma: 0.5) : rng.logNormal(median: 1000, sigma: 0.5)
        case 2: return rng.logNormal(median: 600, sigma: 0.55)
        case 3: return rng.logNormal(median: 420, sigma: 0.6)
        default: return rng.logNormal(median: 300, sigma: 0.6)
        }
    }

    /// A relapse regimen not used before; anti-CD38 only once before the index line,
    /// lenalidomide-based only when not already exposed (seed 000: 98.5 % len-refractory).
    private mutating func relapseRegimen(pool: [(Regimen, Double)], used: [Regimen], fallback: Regimen) -> Regimen {
        let cd38 = used.contains { $0.hasAntiCD38 }
        let len = used.contains { $0.hasLenalidomide }
        let options = pool.filter { r, _ in
            !used.contains(r) && !(cd38 && r.hasAntiCD38 && r != Regimens.isakd) && !(len && r == Regimens.drd)
        }
        return options.isEmpty ? fallback : rng.pick(options)
    }

    private mutating func planLines(_ c: PatientCourse, ageAtDiagnosis: Int) {
        let transplant = ageAtDiagnosis < 70 && rng.chance(0.85)
        let first: Regimen = transplant
            ? rng.pick([(Regimens.vrd, 0.55), (Regimens.dvtd, 0.30), (Regimens.vtd, 0.15)])
            : rng.pick([(Regimens.drd, 0.65), (Regimens.vrd, 0.35)])
        // Dense histories are the heavily pre-treated patients of a registry: IsaPd as the
        // 3rd–6th line, up to three salvage lines after it.
        let isaLine: Int? = rng.chance(0.92)
            ? rng.pick(dense ? [(3, 0.25), (4, 0.35), (5, 0.25), (6, 0.15)] : [(2, 0.20), (3, 0.50), (4, 0.22), (5, 0.08)])
            : nil
        let start1 = c.diagnosis + rng.int(10...35)
        var regimens = [first]
        let priorCount = isaLine.map { $0 - 1 } ?? rng.int(dense ? 3...6 : 2...5)
        let preIndexPool: [(Regimen, Double)] = [(Regimens.dvd, 0.3), (Regimens.dkd, 0.25), (Regimens.drd, 0.15),
                                                 (Regimens.krd, 0.15), (Regimens.kd, 0.25)]
        var openPool: [(Regimen, Double)] = preIndexPool + [(Regimens.pd, 0.1), (Regimens.pvd, 0.15),
                                                           (Regimens.elopd, 0.15), (Regimens.isakd, 0.15)]
        // With arms, no arm's regimen is given outside the index line (one index line per patient).
        if !arms.isEmpty { openPool.removeAll { arms.contains($0.0) } }
        let pool = arms.isEmpty ? preIndexPool : preIndexPool.filter { !arms.contains($0.0) }
        while regimens.count < priorCount {
            regimens.append(relapseRegimen(pool: isaLine == nil ? openPool : pool, used: regimens,
                                           fallback: Regimens.kd))
        }
        // Durations of the lines before the index line, scaled so that IsaPd starts after it
        // became available and before the cut-off.
        var raw: [Double] = [], minimum: [Double] = [], gaps: [Int] = [], tox: [Bool] = []
        for k in 1...regimens.count {
            raw.append(rawDuration(line: k, transplant: transplant))
            minimum.append(k == 1 ? (transplant ? 420 : 300) : 90)
            let t = k > 1 && rng.chance(0.1)
            tox.append(t)
            gaps.append(t ? rng.int(14...45) : rng.int(35...75))
        }
        var scale = 1.0
        if isaLine != nil {
            let fixed = gaps.reduce(0, +)
            let lowest = start1 + fixed + Int(raw.reduce(0, +) * 0.35)
            let lo = max(StudyCalendar.isaAvailable, lowest), hi = StudyCalendar.cutoff - 60
            let target = lo <= hi ? lo + rng.int(0...(hi - lo)) : lo
            scale = (Double(target - start1 - fixed) / raw.reduce(0, +)).clamped(0.35, 6)
        }
        var s = start1
        for (k, regimen) in regimens.enumerated() {
            let d = max(minimum[k], raw[k] * scale)
            var plan = LinePlan(number: k + 1, regimen: regimen, start: s, endEvent: s + Int(d),
                                response: drawResponse(line: k + 1, transplant: transplant, index: false),
                                gapAfter: gaps[k])
            plan.transplant = k == 0 && transplant
            plan.inductionThenMaintenance = k == 0 && !transplant && regimen == Regimens.vrd
            plan.toxicity = tox[k]
            lines.append(plan)
            s = plan.endEvent + gaps[k]
        }
        guard let isaLine else { return }
        var isa: LinePlan
        if arms.isEmpty {
            // The index line: PFS median 15.7 months (seed 000), shorter after anti-CD38.
            let cd38 = regimens.contains { $0.hasAntiCD38 }
            var response = drawResponse(line: isaLine, transplant: false, index: true)
            var pfs = rng.logNormal(median: 478 * (cd38 ? 0.6 : 1), sigma: 0.85).clamped(60, 3000)
            if response == .pd { pfs = rng.uniform(50, 100) }
            if response >= .cr && pfs < 240 { response = .vgpr }
            isa = LinePlan(number: isaLine, regimen: Regimens.isapd, start: s, endEvent: s + Int(pfs),
                           response: response, gapAfter: rng.int(35...75))
            isa.toxicity = response != .pd && rng.chance(0.08)
            if isa.toxicity { isa.endEvent = s + rng.int(60...max(61, Int(pfs))); isa.gapAfter = rng.int(14...45) }
        } else {
            isa = armIndexLine(number: isaLine, start: s, priorRegimens: regimens)
        }
        indexRegimen = isa.regimen
        lines.append(isa)
        regimens.append(isa.regimen)
        s = isa.endEvent + isa.gapAfter
        // Up to two salvage lines after IsaPd (seed 000: 38.5 % received a subsequent line).
        let salvagePool: [(Regimen, Double)] = [(Regimens.kd, 0.5), (Regimens.krd, 0.25), (Regimens.pvd, 0.25)]
        for k in 0..<(dense ? 3 : 2) where k == 0 || rng.chance(dense ? 0.6 : 0.4) {
            let r = relapseRegimen(pool: salvagePool, used: regimens, fallback: Regimens.kd)
            regimens.append(r)
            let pfsK = rng.logNormal(median: 200, sigma: 0.7).clamped(50, 1500)
            let plan = LinePlan(number: isaLine + 1 + k, regimen: r, start: s, endEvent: s + Int(pfsK),
                                response: drawResponse(line: isaLine + 1 + k, transplant: false, index: false),
                                gapAfter: rng.int(35...75))
            lines.append(plan)
            s = plan.endEvent + plan.gapAfter
        }
    }

    // MARK: arms (synth --arms)

    /// The confounded assignment and the true effect of `synth --arms` (seed 003's setting).
    enum ArmModel {
        /// log-odds of the first arm (e.g. IsaPd) against the others: the newer anti-CD38
        /// regimen goes to fitter patients — lower ISS, fewer prior lines — and rarely after
        /// daratumumab refractoriness (where EloPd is preferred).
        static let intercept = 1.2, issII = -0.4, issIII = -1.1, perPriorLine = -0.45, daraRefractory = -1.4
        /// The true conditional hazard ratio of PFS, first arm vs the others (proportional
        /// hazards, Weibull shape 1.1): `compare`'s IPTW HR should recover it, the unadjusted
        /// HR exaggerates it.
        static let trueHazardRatio = 0.70
        /// Prognosis: hazard ratios of ISS II/III, per prior line beyond 2, daratumumab refractory.
        static let hrISSII = 1.35, hrISSIII = 2.0, hrPerPriorLine = 1.2, hrDaraRefractory = 1.8
        /// Median PFS (days) of the reference patient on the other arm: ISS I, 2 prior lines.
        static let baselineMedianDays = 330.0, weibullShape = 1.1
    }

    /// The index line of an arms cohort: the arm drawn from the patient's ISS, prior lines and
    /// daratumumab refractoriness before index, and a PFS with proportional hazards in those and the arm.
    private mutating func armIndexLine(number: Int, start: Day, priorRegimens: [Regimen]) -> LinePlan {
        let prior = Double(number - 1)
        // Daratumumab given until progression (not the fixed DVTd induction before transplant)
        // is what RULES.md 4 derives as DARARFL.
        let dara = priorRegimens.contains { $0.contains("daratumumab") && $0 != Regimens.dvtd }
        let m = ArmModel.self
        let logit = m.intercept + (issTendency == 2 ? m.issII : 0) + (issTendency == 3 ? m.issIII : 0)
            + m.perPriorLine * (prior - 2) + (dara ? m.daraRefractory : 0)
        let first = rng.chance(1 / (1 + exp(-logit)))
        let arm = first ? arms[0] : arms[1 + (arms.count > 2 ? rng.int(0...(arms.count - 2)) : 0)]
        let lp = (first ? log(m.trueHazardRatio) : 0) + (issTendency == 2 ? log(m.hrISSII) : 0)
            + (issTendency == 3 ? log(m.hrISSIII) : 0) + log(m.hrPerPriorLine) * (prior - 2) + (dara ? log(m.hrDaraRefractory) : 0)
        // Weibull PH: S(t) = exp(−(t/λ)^k · e^lp), λ set by the reference median.
        let lambda = m.baselineMedianDays / pow(log(2), 1 / m.weibullShape)
        let u = max(1 - rng.uniform(), 1e-12)
        let pfs = (lambda * pow(-log(u) / exp(lp), 1 / m.weibullShape)).clamped(50, 3000)
        var response = pfs < 90 ? ResponseCategory.pd : rng.pick([(ResponseCategory.cr, 0.14), (.vgpr, 0.30), (.pr, 0.34), (.mr, 0.10), (.sd, 0.12)])
        if response >= .cr && pfs < 240 { response = .vgpr }
        return LinePlan(number: number, regimen: arm, start: start, endEvent: start + Int(pfs),
                        response: response, gapAfter: rng.int(35...75))
    }

    // MARK: follow-up

    /// Death (OS median not reached at 2 years after IsaPd in seed 000; shorter after
    /// progression), last contact for the living, and each line's end within follow-up.
    private mutating func resolveFollowUp(_ c: inout PatientCourse) {
        var death: Day
        if let isaIdx = lines.firstIndex(where: { $0.regimen == indexRegimen }) {
            death = lines[isaIdx].start + Int(rng.logNormal(median: 1300, sigma: 1.0).clamped(30, 6000))
            for k in isaIdx..<lines.count where !lines[k].toxicity {
                let pps = rng.exponential(mean: k == isaIdx ? 420 : 240) + 20
                death = min(death, lines[k].endEvent + Int(pps))
            }
        } else {
            death = c.diagnosis + Int(rng.logNormal(median: 2600, sigma: 0.8).clamped(120, 9000))
            for k in 1..<lines.count where !lines[k].toxicity {
                death = min(death, lines[k].endEvent + Int(rng.exponential(mean: 600) + 20))
            }
        }
        death = max(death, lines[0].start + 30)
        let dead = death <= StudyCalendar.cutoff
        let last = dead ? death : StudyCalendar.cutoff - rng.int(0...30)
        c.death = dead ? death : nil
        c.lastContact = last
        // Drop lines that start after follow-up; resolve how each kept line ended.
        lines.removeAll { $0.start >= last }
        for k in lines.indices {
            let next = k + 1 < lines.count ? lines[k + 1].start : nil
            var plan = lines[k]
            if plan.endEvent <= last && (next == nil || plan.endEvent < next!) {
                if plan.toxicity {
                    plan.therapyEnd = plan.endEvent
                    plan.stop = .toxicity
                } else {
                    plan.progression = plan.endEvent
                    var end = min(plan.endEvent + rng.int(0...10), last)
                    if let next { end = min(end, next - 1) }
                    plan.therapyEnd = end
                    plan.stop = .progression
                    plan.relapse = drawRelapse()
                }
            } else if dead && next == nil {
                plan.therapyEnd = max(plan.start, death - rng.int(3...30))
                plan.stop = .death
                plan.toxicity = false
            } else {
                plan.therapyEnd = nil
                plan.stop = .ongoing
                plan.toxicity = false
            }
            lines[k] = plan
        }
    }

    /// Half of relapses before IsaPd were symptomatic in seed 000 (52 %).
    private mutating func drawRelapse() -> RelapseFeatures {
        var f = RelapseFeatures()
        guard rng.chance(0.55) else { return f }
        f.type = .clinical
        var crab: [String] = []
        if rng.chance(0.2) { crab.append("C") }
        if rng.chance(0.15) { crab.append("R") }
        if rng.chance(0.35) { crab.append("A") }
        if rng.chance(0.6) { crab.append("B") }
        f.crab = crab.joined(separator: ";")
        f.newLesion = rng.chance(0.4)
        f.plasmacytoma = rng.chance(0.1)
        return f
    }

    /// Nadir depth and speed per response category; baseline load carried from line to line;
    /// the rise before each progression sized to cross the IMWG PD threshold at its date.
    private mutating func resolveKinetics() {
        var baseline = 1.0
        for k in lines.indices {
            var plan = lines[k]
            plan.baselineLoad = baseline
            switch plan.response {
            case .scr, .cr: plan.nadirFraction = 0; plan.tau = rng.uniform(22, 40)
            case .vgpr: plan.nadirFraction = rng.uniform(0.03, 0.08); plan.tau = rng.uniform(30, 55)
            case .pr: plan.nadirFraction = rng.uniform(0.15, 0.45); plan.tau = rng.uniform(30, 60)
            case .mr: plan.nadirFraction = rng.uniform(0.55, 0.7); plan.tau = rng.uniform(30, 60)
            case .sd, .ne: plan.nadirFraction = rng.uniform(0.8, 0.95); plan.tau = 40
            case .pd: plan.nadirFraction = 1; plan.tau = 40
            }
            if let p = plan.progression {
                // The visits at P − 56 and P − 28 hold the confirmed nadir (RULES.md 2.4: the
                // lowest value held on two consecutive assessments); the rise starts after
                // them and reaches the PD threshold above that nadir on the day P.
                let rs = max(plan.start, p - LinePlan.riseDays)
                var flat = plan
                flat.riseStart = nil
                let before = [p - 56, p - 28].filter { $0 > plan.start }
                let nadir = before.isEmpty ? flat.load(at: plan.start) : before.map { flat.load(at: $0) }.max() ?? 0
                let delta = max(1.5 * markers.pdThresholdLoad, 0.5 * nadir) + max(0, nadir - flat.load(at: p))
                plan.riseStart = rs
                plan.riseRate = delta / Double(max(1, p - rs))
            }
            lines[k] = plan
            if k + 1 < lines.count { baseline = max(plan.load(at: lines[k + 1].start), 0.0005) }
        }
    }

    /// The load at any date of follow-up (1 before the first line).
    func load(at t: Day) -> Double {
        guard let k = lines.lastIndex(where: { $0.start <= t }) else { return 1 }
        return lines[k].load(at: t)
    }
}
