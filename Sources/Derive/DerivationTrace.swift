import MMModel

// The per-patient derivation trace (SPEC 3 `mmpipe explain`): typed values assembled from
// `PatientDeriver`'s typed results (`PatientResults`), the very values it derives with — the
// lines, the response engine's assessments, the refractoriness evidence, the baseline rows, the
// staging, renal and cytogenetic inputs and each endpoint's source — each step citing its
// RULES.md section. It answers "why is this value what it is" (SPEC 7), so the audit log need
// not. Only built when asked (`PatientDeriver.trace`): a run pays nothing for it.
//
// Rows are named `file:line` (an ODM row too, without its XML path, which holds the site's
// subject key).

/// One input row behind a step: what it holds, its date and where it is.
public struct TraceEvidence: Sendable, Hashable, Codable {
    public var what: String
    public var date: String?
    public var source: String?

    public init(_ what: String, date: Day? = nil, source: Provenance? = nil) {
        self.what = what
        self.date = date?.iso
        self.source = source.map(traceSource)
    }
}

/// One derived value, why it has it, the rows behind it and the rule.
public struct TraceStep: Sendable, Hashable, Codable {
    public var variable: String
    public var value: String
    public var because: String
    public var evidence: [TraceEvidence]
    public var rule: String

    public init(_ variable: String, _ value: String, because: String, evidence: [TraceEvidence] = [], rule: String) {
        self.variable = variable
        self.value = value
        self.because = because
        self.evidence = evidence
        self.rule = rule
    }
}

/// A line of therapy: its rows, why it started and why it ended (RULES.md 3).
public struct LineTrace: Sendable, Hashable, Codable {
    public var line: Int
    public var start: String
    public var end: String?
    public var regimen: String
    public var index: Bool
    public var startReason: String
    public var whyStarted: String
    public var endReason: String?
    public var whyEnded: String
    public var rows: [TraceEvidence]
    public var rule: String
}

/// One assessment of a line: the values used, the nadirs, the category and its confirmation.
public struct AssessmentTrace: Sendable, Hashable, Codable {
    public var date: String
    public var values: [String]
    public var nadir: [String]
    public var computed: String?
    public var reported: String?
    public var used: String?
    public var confirmed: String?
    public var confirmedWith: String?
    public var siteRow: String?
}

/// The response of one line (RULES.md 2): measurable disease at baseline, every assessment, BOR, PD.
public struct ResponseTrace: Sendable, Hashable, Codable {
    public var line: Int
    public var measurable: String
    public var baseline: [String]
    public var assessments: [AssessmentTrace]
    public var bor: String
    public var borDate: String?
    public var borSource: String?
    public var progression: String?
    public var rule: String
}

/// One drug's exposure before the index date and the evidence for or against refractoriness.
public struct DrugTrace: Sendable, Hashable, Codable {
    public var drug: String
    public var classes: [String]
    public var lastDoseBeforeIndex: String?
    public var refractory: Bool
    /// One sentence per line before the index line that gave the drug: its window, the
    /// progression found in it (or none), its best response while on it.
    public var evidence: [String]
    public var rule: String
}

/// The derivation trace of one patient (`mmpipe explain`).
public struct DerivationTrace: Sendable, Hashable, Codable {
    /// The rule set: `RULES.md version N`.
    public var rules = rulesCitation
    /// In or out of the analysis population, and why (SPEC 4.3 index regimen).
    public var population: TraceStep?
    public var lines: [LineTrace] = []
    public var index: [TraceStep] = []
    public var responses: [ResponseTrace] = []
    public var drugs: [DrugTrace] = []
    /// Class flags, triple-class, quad-, penta-refractory, CD38GAP, CD38LSTFL.
    public var refractoriness: [TraceStep] = []
    public var baselineLabs: [TraceStep] = []
    public var cytogenetics: [TraceStep] = []
    public var staging: [TraceStep] = []
    public var renal: [TraceStep] = []
    public var diseaseStatus: TraceStep?
    public var endpoints: [TraceStep] = []

    public init() {}
}

/// `file:line` of a row (the XML path of an ODM row is left out: it holds the subject key).
func traceSource(_ p: Provenance) -> String { "\(p.file):\(p.line)" }

private func text(_ d: Day?) -> String { d?.iso ?? "none" }
private func num(_ d: Double?) -> String { d.map(traceNumber) ?? "missing" }

/// A value as a person reads it: differences of doubles lose their binary noise (dFLC 130.2,
/// not 130.20000000000002).
func traceNumber(_ x: Double) -> String {
    guard x.isFinite, abs(x) < 1e12 else { return "\(x)" }
    return "\((x * 1e6).rounded() / 1e6)"
}

// MARK: Builders, called by `DerivationTrace(_:adsl:options:)` with the values PatientDeriver derived.

extension DerivationTrace {
    /// The progressions lines are derived with (RULES.md 3 step 5), each with where it comes
    /// from: a site assessment, a therapy row stopped for progression, or a confirmed lab PD.
    static func progressionSources(_ record: PatientRecord, computed: [ProgressionEvent]) -> [(day: Day, source: String)] {
        var out: [(day: Day, source: String)] = []
        for a in record.assessments where a.reportsProgression {
            out.append((a.date, "site assessment \(traceSource(a.provenance))"))
        }
        for t in record.therapies where t.stopReason == .progression {
            if let end = t.end { out.append((end, "\(t.drug) row \(traceSource(t.provenance)) stopped for PROGRESSION")) }
        }
        for p in computed where p.source == .computed {
            out.append((p.date, "confirmed lab PD" + (p.line.map { " on line \($0)" } ?? "")))
        }
        return out.sorted { ($0.day, $0.source) < ($1.day, $1.source) }
    }

    /// RULES.md 3: each line with its rows, why it started (`STARTRSN` and its evidence) and ended.
    mutating func addLines(_ derived: [TherapyLine], indexLine: Int?, progressions: [(day: Day, source: String)],
                           options: LineOptions) {
        for (k, line) in derived.enumerated() {
            let previous = k > 0 ? derived[k - 1] : nil
            let rows = line.members.sorted { exposureOrder($0.exposure, $1.exposure) }.map { m in
                TraceEvidence("\(m.exposure.drug) \(m.exposure.start.iso)..\(m.end?.iso ?? "ongoing")"
                                + (m.exposure.stopReason.map { " stop \($0.rawValue)" } ?? "")
                                + (m.exposure.setting.map { " \($0.rawValue)" } ?? ""),
                              date: m.exposure.start, source: m.exposure.provenance)
            }
            lines.append(LineTrace(line: line.number, start: line.start.iso, end: line.end?.iso, regimen: line.regimen,
                                   index: line.number == indexLine, startReason: line.startReason.rawValue,
                                   whyStarted: Self.whyStarted(line, previous: previous, progressions: progressions,
                                                               options: options),
                                   endReason: line.endReason,
                                   whyEnded: Self.whyEnded(line, next: k + 1 < derived.count ? derived[k + 1] : nil),
                                   rows: rows, rule: "RULES.md 3"))
        }
    }

    static func whyStarted(_ line: TherapyLine, previous: TherapyLine?, progressions: [(day: Day, source: String)],
                           options: LineOptions) -> String {
        let starters = line.members.filter { $0.exposure.start == line.start && !$0.exposure.isSteroid }
            .map(\.exposure.drug)
        let first = starters.isEmpty ? "" : " (\(Set(starters).sorted().joined(separator: ", ")))"
        switch line.startReason {
        case .first:
            return "The first non-steroid anti-myeloma therapy on \(line.start.iso)\(first) (step 1)."
        case .newDrugAfterWindow:
            let previousDrugs = Set(previous?.drugNames ?? [])
            let new = Set(starters).subtracting(previousDrugs).sorted()
            return "A drug not in line \(previous?.number ?? 0) (\(new.joined(separator: ", "))) was first given on \(line.start.iso), "
                + "more than regimen_window_days (\(options.regimenWindowDays)) after that line started on \(text(previous?.start)) (step 3)."
        case .progression:
            // The progression of `progressionBetween`: after the previous line's start, on or before this start.
            let pd = progressions.map(\.day).filter { d in d <= line.start && previous.map { d > $0.start } ?? true }.max()
            let sources = progressions.filter { $0.day == pd }.map(\.source)
            let from = sources.isEmpty ? "" : " (\(sources.joined(separator: "; ")))"
            return "A progression on \(text(pd))\(from) came before this start on \(line.start.iso)\(first): a new drug or a restart after progression is a new line (step 5)."
        case .gap:
            return "Every non-steroid drug of line \(previous?.number ?? 0) had stopped (last dose \(text(previous?.end))) for more than gap_days (\(options.gapDays)) when therapy resumed on \(line.start.iso) (step 5)."
        case .transplant:
            return "A transplant on \(line.start.iso) that is neither a tandem (≤ \(options.tandemMaxDays) days) nor a planned step of the previous line (step 4)."
        }
    }

    static func whyEnded(_ line: TherapyLine, next: TherapyLine?) -> String {
        guard let end = line.end else { return "Ongoing: no last dose recorded and no later line." }
        let reason = line.endReason.map { " End reason \($0)" } ?? " No end reason"
        if let next {
            return "Last dose \(end.iso); line \(next.number) started on \(next.start.iso) (\(next.startReason.rawValue)).\(reason) (step 6)."
        }
        return "Last dose \(end.iso).\(reason): the stop_reason of the drug(s) stopped last (step 6)."
    }

    /// RULES.md 2: each line's baseline, assessments (values, nadirs, categories, confirmation), BOR, PD.
    mutating func addResponses(_ evaluation: ResponseEvaluation, lightChain: LightChain?) {
        for r in evaluation.lines {
            let assessments = r.assessments.map { a in
                AssessmentTrace(date: a.date.iso, values: Self.describe(a.evidence?.values, lightChain: lightChain),
                                nadir: Self.describe(a.evidence?.nadirs),
                                computed: a.computed?.rawValue, reported: a.reported?.rawValue, used: a.used?.rawValue,
                                confirmed: a.confirmed?.rawValue, confirmedWith: a.evidence?.confirmedWith?.iso,
                                siteRow: a.evidence?.site.map(traceSource))
            }
            let pd = r.progression.map { "\($0.date.iso) (\($0.source.rawValue))" }
            responses.append(ResponseTrace(line: r.line, measurable: r.measurable.rawValue,
                                           baseline: r.baselineValues?.inputs ?? [], assessments: assessments,
                                           bor: r.bor.rawValue, borDate: r.borDate?.iso, borSource: r.borSource?.rawValue,
                                           progression: pd, rule: "RULES.md 2"))
        }
    }

    static func describe(_ v: MarkerValues?, lightChain: LightChain?) -> [String] {
        guard let v else { return [] }
        var out: [String] = []
        if let x = v.spep { out.append("SPEP_M=" + traceNumber(x)) }
        if let x = v.upep { out.append("UPEP_M=" + traceNumber(x)) }
        if let x = v.sife { out.append("SIFE=\(x ? "POS" : "NEG")") }
        if let x = v.uife { out.append("UIFE=\(x ? "POS" : "NEG")") }
        if let x = v.flcK { out.append("FLC_K=" + traceNumber(x)) }
        if let x = v.flcL { out.append("FLC_L=" + traceNumber(x)) }
        if let x = v.dFLC(lightChain) { out.append("dFLC=" + traceNumber(x)) }
        if let x = v.bmpc { out.append("BMPC=" + traceNumber(x) + (v.bmpcMeasured ? "" : " (carried forward)")) }
        if let x = v.bmClonal { out.append("BM_CLONAL=\(x ? "POS" : "NEG")") }
        return out
    }

    static func describe(_ n: MarkerNadirs?) -> [String] {
        guard let n else { return [] }
        return [("serum", n.serum), ("urine", n.urine), ("dFLC", n.dFLC), ("marrow", n.marrow)]
            .compactMap { name, v in v.map { "\(name)=" + traceNumber($0) } }
    }

    /// RULES.md 4: each drug's exposure and the evidence for or against refractoriness; the class
    /// and composite flags with the drugs behind them.
    mutating func addRefractoriness(_ profile: RefractoryProfile, adsl: ADSLRow, indexDate: Day,
                                    progressions: [Day], options: RefractorinessOptions) {
        let window = clampedDays(options.refractoryWindowDays)
        for d in profile.drugs {
            let evidence = profile.evidence.filter { $0.drug == d.drug }.map { e -> String in
                let a = e.progression.map { "progression on \($0.iso) within [\(e.firstDose.iso), \(e.windowEnd.iso)] (on the drug or ≤ \(window) days after its last dose \(e.lastDose.iso)): refractory by (a)" }
                    ?? "no progression within [\(e.firstDose.iso), \(e.windowEnd.iso)] (last dose \(e.lastDose.iso) + \(window) days)"
                let best = e.bestWhileOn.map { "best confirmed response while on it \($0.rawValue)" } ?? "no evaluable response while on it"
                let b = e.noResponse ? "; \(best) (< MR over ≥ \(options.nonresponseMinDays) days): refractory by (b)" : "; \(best)"
                return "line \(e.line): \(a)\(b)"
            }
            drugs.append(DrugTrace(drug: d.drug, classes: d.classes.map(\.rawValue), lastDoseBeforeIndex: d.lastDose?.iso,
                                   refractory: d.refractory,
                                   evidence: evidence.isEmpty ? ["exposed before \(indexDate.iso) but on no line before the index line"] : evidence,
                                   rule: "RULES.md 4"))
        }
        func members(of c: RefractoryClass, refractoryOnly: Bool) -> [String] {
            profile.drugs.filter { d in
                (!refractoryOnly || d.refractory)
                    && refractoryClasses(drug: d.drug, classes: Set(d.classes), celmodsAreIMiDs: options.celmodsAreIMiDs).contains(c)
            }.map(\.drug)
        }
        func list(_ names: [String]) -> String { names.isEmpty ? "none" : names.joined(separator: ", ") }
        let pds = progressions.filter { $0 <= indexDate }.map(\.iso)
        let pdText = "progressions up to index: " + (pds.isEmpty ? "none" : pds.joined(separator: ", "))
        for (c, ex, rf) in [(RefractoryClass.imid, "IMIDEXFL", "IMIDRFL"), (.pi, "PIEXFL", "PIRFL"), (.antiCD38, "CD38EXFL", "CD38RFL")] {
            refractoriness.append(TraceStep(ex, yesNo(profile.classExposed.contains(c)),
                                            because: "\(c.rawValue) drugs given before index: \(list(members(of: c, refractoryOnly: false)))",
                                            rule: "RULES.md 4"))
            refractoriness.append(TraceStep(rf, yesNo(profile.classRefractory.contains(c)),
                                            because: "\(c.rawValue) drugs refractory: \(list(members(of: c, refractoryOnly: true))) (\(pdText))",
                                            rule: "RULES.md 4"))
        }
        let classes = [RefractoryClass.imid, .pi, .antiCD38]
        let missingExposed = classes.filter { !profile.classExposed.contains($0) }.map(\.rawValue)
        let missingRefractory = classes.filter { !profile.classRefractory.contains($0) }.map(\.rawValue)
        refractoriness.append(TraceStep("TCEFL", yesNo(profile.tripleClassExposed),
                                        because: missingExposed.isEmpty ? "exposed to an IMiD, a PI and an anti-CD38"
                                            : "not exposed to: \(missingExposed.joined(separator: ", "))",
                                        rule: "RULES.md 4"))
        refractoriness.append(TraceStep("TCRFL", yesNo(profile.tripleClassRefractory),
                                        because: missingRefractory.isEmpty
                                            ? "refractory to an IMiD (\(list(members(of: .imid, refractoryOnly: true)))), a PI (\(list(members(of: .pi, refractoryOnly: true)))) and an anti-CD38 (\(list(members(of: .antiCD38, refractoryOnly: true))))"
                                            : "not refractory to any drug of: \(missingRefractory.joined(separator: ", "))",
                                        rule: "RULES.md 4"))
        let quad = DrugName.quadRefractory
        refractoriness.append(TraceStep("QUADRFL", yesNo(profile.quadRefractory),
                                        because: "refractory among \(quad.joined(separator: ", ")): \(list(quad.filter(profile.refractory)))",
                                        rule: "RULES.md 4"))
        refractoriness.append(TraceStep("PENTARFL", yesNo(profile.pentaRefractory),
                                        because: "quad-refractory \(yesNo(profile.quadRefractory)) and anti-CD38 refractory \(yesNo(profile.classRefractory.contains(.antiCD38)))",
                                        rule: "RULES.md 4"))
        refractoriness.append(TraceStep("CD38GAP", adsl.CD38GAP.map(String.init) ?? "",
                                        because: profile.cd38Gap == nil ? "never exposed to an anti-CD38 before index"
                                            : "days from the last anti-CD38 dose to the index date \(indexDate.iso)",
                                        rule: "RULES.md 4"))
        refractoriness.append(TraceStep("CD38LSTFL", yesNo(profile.cd38InLineBeforeIndex),
                                        because: "the line just before the index line \(profile.cd38InLineBeforeIndex ? "contains" : "does not contain") an anti-CD38",
                                        rule: "RULES.md 4"))
    }

    /// SPEC 6.2: each baseline lab, the row chosen in the window.
    mutating func addBaseline(_ b: BaselineLabs, indexDate: Day, windowDays: Int) {
        let window = "the last value in [\((indexDate - clampedDays(windowDays)).iso), \(indexDate.iso)]"
        for (name, lab) in [("B2M", b.b2m), ("ALB", b.albumin), ("LDH", b.ldh), ("CREAT", b.creatinine), ("HGB", b.haemoglobin)] {
            baselineLabs.append(TraceStep(name, lab?.number.map(traceNumber) ?? "",
                                          because: lab == nil ? "no value: \(window) is empty" : window,
                                          evidence: lab.map { [TraceEvidence("\(name) \(num($0.number))", date: $0.date, source: $0.provenance)] } ?? [],
                                          rule: "SPEC 6.2, RULES.md 5"))
        }
    }

    /// RULES.md 5: each abnormality's status from the results up to the cut-off, and the risk.
    mutating func addCytogenetics(_ profile: CytogeneticProfile, results: [CytogeneticResult], indexDate: Day,
                                  daysAfterIndex: Int, risk: CytogeneticRisk?, definition: RiskDefinition) {
        let cutoff = indexDate + clampedDays(daysAfterIndex)
        func rows(_ a: CytoAbnormality) -> [TraceEvidence] {
            results.filter { $0.abnormality == a }.sorted { $0.date < $1.date }.map { r in
                TraceEvidence("\(a.rawValue) \(r.result.rawValue) by \(r.method?.rawValue ?? "unknown method")"
                                + (r.date > cutoff ? " (after the cut-off \(cutoff.iso): not used)" : ""),
                              date: r.date, source: r.provenance)
            }
        }
        let why = "the latest FISH/NGS result up to \(cutoff.iso), FAILED and untested not counted as not detected"
        for (field, value, abn) in [("DEL17PFL", profile.del17p, [CytoAbnormality.del17p]), ("T414FL", profile.t4_14, [.t4_14]),
                                    ("T1416FL", profile.t14_16, [.t14_16]), ("GAIN1QFL", profile.gain1q, [.gain1q, .amp1q])] {
            cytogenetics.append(TraceStep(field, yesNo(value), because: value == nil ? "untested or only FAILED: \(why)" : why,
                                          evidence: abn.flatMap(rows), rule: "RULES.md 5"))
        }
        cytogenetics.append(TraceStep("CYTORISK", risk?.rawValue ?? "",
                                      because: "definition \(definition.rawValue): " + (definition == .standard
                                          ? "high = del(17p), t(4;14) or t(14;16) detected"
                                          : "IMWG 2025 high risk (RULES.md 5)") + (risk == nil ? "; not determinable from the results" : ""),
                                      rule: "RULES.md 5"))
    }

    /// RULES.md 5: ISS, R-ISS, R2-ISS and LDHHIFL with their inputs and what was missing.
    mutating func addStaging(_ s: StagingResult, baseline: BaselineLabs, profile: CytogeneticProfile) {
        let labs = "B2M \(num(baseline.b2m?.number)) mg/L, albumin \(num(baseline.albumin?.number)) g/dL"
        let ldh = "LDH \(num(baseline.ldh?.number)) U/L (ULN \(num(baseline.ldh?.uln)))"
        func missing(_ k: StagingSystem) -> String {
            (s.missing[k] ?? []).isEmpty ? "" : "; missing: \((s.missing[k] ?? []).joined(separator: ", "))"
        }
        staging.append(TraceStep("ISS", s.iss?.roman ?? "", because: labs + missing(.iss), rule: "RULES.md 5 ISS"))
        staging.append(TraceStep("LDHHIFL", yesNo(s.ldhHigh), because: ldh, rule: "RULES.md 5"))
        staging.append(TraceStep("RISS", s.riss?.roman ?? "",
                                 because: "ISS \(s.iss?.roman ?? "?"), standard high-risk cytogenetics \(yesNo(profile.standardHighRisk)), LDH high \(yesNo(s.ldhHigh))" + missing(.riss),
                                 rule: "RULES.md 5 R-ISS"))
        staging.append(TraceStep("R2ISS", s.r2iss?.roman ?? "",
                                 because: "ISS \(s.iss?.roman ?? "?"), del(17p) \(yesNo(profile.del17p)), LDH high \(yesNo(s.ldhHigh)), t(4;14) \(yesNo(profile.t4_14)), 1q+ \(yesNo(profile.gain1q))" + missing(.r2iss),
                                 rule: "RULES.md 5 R2-ISS"))
    }

    /// RULES.md 6: CrCl and its inputs (never the birth date: the age at the sample).
    mutating func addRenal(_ r: RenalResult, creatinine: LabResult?, patient: Patient) {
        let age = patient.birthDate.flatMap { b in creatinine.map { $0.date.completedYears(since: b) } }
        let inputs = "creatinine \(num(creatinine?.number)) mg/dL, age at the sample \(age.map(String.init) ?? "missing"), weight \(num(patient.weightKg)) kg, sex \(patient.sex?.rawValue ?? "missing")"
        renal.append(TraceStep("CRCL", r.crcl.map(traceNumber) ?? "",
                               because: "\(r.method ?? "not computable"): \(inputs)",
                               evidence: creatinine.map { [TraceEvidence("CREAT \(num($0.number))", date: $0.date, source: $0.provenance)] } ?? [],
                               rule: "RULES.md 6"))
        renal.append(TraceStep("CRCL60FL", yesNo(r.below60), because: "CrCl < 60 mL/min on the unrounded value", rule: "RULES.md 6"))
    }

    /// RULES.md 7: the disease status at index and the previous line it was judged on.
    mutating func addDiseaseStatus(_ status: DiseaseStatus?, previous: TherapyLine?, previousBOR: ResponseCategory?,
                                   indexDate: Day, progressions: [Day], options: RefractorinessOptions) {
        guard let previous else {
            diseaseStatus = TraceStep("DISSTAT", "", because: "the index line is the first line", rule: "RULES.md 7")
            return
        }
        let pds = progressions.filter { $0 >= previous.start && $0 <= indexDate }.map(\.iso)
        diseaseStatus = TraceStep(
            "DISSTAT", status?.rawValue ?? "",
            because: "previous line \(previous.number) \(previous.start.iso)..\(text(previous.end)), BOR \(previousBOR?.rawValue ?? "unknown"); "
                + "progressions from its start to index: \(pds.isEmpty ? "none" : pds.joined(separator: ", ")); "
                + "refractory window \(clampedDays(options.refractoryWindowDays)) days after its last dose",
            rule: "RULES.md 7")
    }

    /// RULES.md 8: each endpoint's event or censoring date and the rows dated on it.
    mutating func addEndpoints(_ rows: [ADTTERow], inputs: EndpointInputs, record: PatientRecord) {
        let evaluation = inputs.evaluation, next = nextLineStart(inputs)
        for row in rows {
            let date = row.ADT
            var evidence: [TraceEvidence] = []
            let description = row.CNSR == 0 ? (row.EVNTDESC ?? "") : (row.CNSDTDSC ?? "")
            if description.contains("PROGRESSION") && row.CNSR == 0,
               let p = evaluation.progressions.first(where: { $0.date == date }) {
                evidence.append(TraceEvidence("\(p.source.rawValue) progression" + (p.line.map { " on line \($0)" } ?? ""), date: date))
            }
            if description.contains("DEATH"), let patient = record.patient {
                evidence.append(TraceEvidence("death_date", date: date, source: patient.provenance))
            } else if description.contains("ALIVE"), let patient = record.patient, patient.lastContactDate == date {
                evidence.append(TraceEvidence("last_contact_date", date: date, source: patient.provenance))
            }
            if !description.contains("DEATH") {
                for a in record.assessments where a.date == date {
                    evidence.append(TraceEvidence("site assessment \(a.response?.rawValue ?? "")", date: date, source: a.provenance))
                }
                for l in record.labs where l.date == date && l.test.isResponseRelevant {
                    evidence.append(TraceEvidence("\(l.test.rawValue) \(l.number.map(traceNumber) ?? l.value.isPositive.map { $0 ? "POS" : "NEG" } ?? "")", date: date, source: l.provenance))
                }
                for t in record.therapies where t.start == date && description.contains("NEXT LINE") {
                    evidence.append(TraceEvidence("\(t.drug) started", date: date, source: t.provenance))
                }
                if description.contains("NEW ANTI-MYELOMA THERAPY"), let next {
                    for t in record.therapies where t.start == next && !t.isSteroid {
                        evidence.append(TraceEvidence("\(t.drug) started: the next line, which censors PFS (pfs_censor_new_therapy)", date: next, source: t.provenance))
                    }
                }
            }
            let outcome = row.CNSR == 0 ? "event \(description)" : "censored: \(description)"
            endpoints.append(TraceStep(row.PARAMCD, "\(row.AVAL) days, CNSR=\(row.CNSR)",
                                       because: "from \(row.STARTDT.iso) to \(date.iso): \(outcome)",
                                       evidence: evidence, rule: "RULES.md 8"))
        }
    }
}
