import MMModel

/// Derives everything of SPEC 6 for one patient, in RULES.md's order: lines of therapy,
/// response per line, index regimen, refractoriness, staging, renal function, cytogenetic risk,
/// disease status, endpoints, adverse events. Pure: same record and options → same derivation.
///
/// Lines need progressions (RULES.md 3 step 5: "computed or reported") and the response engine
/// needs lines. The circle is broken in two passes: lines from the reported progressions (site
/// `PD`, new lesion, plasmacytoma) and the end dates of rows stopped for `PROGRESSION` → response
/// → lines again with the computed progressions added → response again, which is final.
///
/// A patient without the index regimen is outside the analysis population: `adsl` is nil and no
/// dataset rows (ADLOT, ADRS, ADTTE, ADAE) are emitted for him — every ADaM table is a subset of
/// ADSL — but the findings (`LOT-001`, `LOT-003`, …) are kept for the site.
public struct PatientDeriver: Sendable {
    public var options: PipelineOptions

    public init(options: PipelineOptions) { self.options = options }

    public func derive(_ record: PatientRecord) -> PatientDerivation { derive(record, tracing: false).derivation }

    /// The derivation and its trace (`mmpipe explain`, SPEC 3): the same derivation, with the
    /// evidence and RULES.md section of every step recorded as it is derived.
    public func trace(_ record: PatientRecord) -> (derivation: PatientDerivation, trace: DerivationTrace) {
        let r = derive(record, tracing: true)
        return (r.derivation, r.trace ?? DerivationTrace())
    }

    /// `trace` is nil unless `tracing`: every `trace?.` below is then skipped, arguments and all.
    private func derive(_ record: PatientRecord, tracing: Bool) -> (derivation: PatientDerivation, trace: DerivationTrace?) {
        let key = record.key
        var out = PatientDerivation(key: key)
        var trace: DerivationTrace? = tracing ? DerivationTrace() : nil
        guard let patient = record.patient else {
            trace?.population = TraceStep("population", "outside", because: "no patients row for this patient", rule: "SPEC 4.1")
            return (out, trace)
        }

        // RULES.md 3: lines, two passes around the response engine. Reported progressions are read
        // from the assessments directly (what the engine returns for an empty line list).
        let baseProgressions = reportedProgressionDates(record.assessments)
            + record.therapies.filter { $0.stopReason == .progression }.compactMap(\.end)
        let pass1 = deriveLines(exposures: record.therapies, diagnosisDate: patient.diagnosisDate,
                                progressions: baseProgressions, options: options.lines, key: key)
        let eval1 = evaluateResponse(record: record, lines: pass1.lines.map(\.span), options: options.response)
        let derived = deriveLines(exposures: record.therapies, diagnosisDate: patient.diagnosisDate,
                                  progressions: baseProgressions + eval1.progressions.map(\.date),
                                  options: options.lines, key: key)
        // Same lines → same response: the second evaluation is needed only when the computed
        // progressions moved a line boundary.
        let evaluation = derived.lines.map(\.span) == pass1.lines.map(\.span)
            ? eval1
            : evaluateResponse(record: record, lines: derived.lines.map(\.span), options: options.response)
        let lines = derived.lines
        out.findings += derived.findings

        // SPEC 4.3: the index line.
        let index = options.arms.isEmpty ? indexLine(lines: lines, allOf: options.indexRegimen.allOf)
            : indexLine(lines: lines, arms: options.arms)
        trace?.addLines(lines, indexLine: index?.number,
                        progressions: DerivationTrace.progressionSources(record, computed: eval1.progressions),
                        options: options.lines)
        trace?.addResponses(evaluation, lightChain: patient.lightChain)
        guard let index else {
            let wanted = options.arms.isEmpty ? options.indexRegimen.allOf
                : options.arms.map { $0.regimen.allOf.joined(separator: "+") }
            let what = options.arms.isEmpty
                ? (wanted.isEmpty ? "the patient has no usable line of therapy"
                    : "no line of therapy contains all of \(wanted.joined(separator: ", "))")
                : "no line of therapy matches an arm (\(options.arms.map { "\($0.name): \($0.regimen.allOf.joined(separator: ", "))" }.joined(separator: "; ")))"
            out.findings.append(Finding(.LOT003, key: key, table: .therapies, provenance: patient.provenance,
                                        field: "drug", value: wanted.joined(separator: "+"),
                                        message: "\(patient.provenance.source): \(what), so the patient is outside the analysis population; check the therapy rows if the patient received the index regimen."))
            out.findings += evaluation.findings
            trace?.population = TraceStep("population", "outside", because: what, rule: "SPEC 4.3")
            return (out, trace)
        }
        trace?.population = TraceStep("population", "in",
                                      because: "line \(index.number) (\(index.regimen)) "
                                          + (index.arm.map { "matches arm \($0)" }
                                             ?? "contains all of \(options.indexRegimen.allOf.joined(separator: ", "))"),
                                      rule: "SPEC 4.3")
        out.findings += evaluation.findings

        // Progressions for refractoriness and disease status: confirmed computed or reported PD
        // (RULES.md 4 (a)); a stop reason alone is not a progression there.
        let progressions = Array(Set(evaluation.progressions.map(\.date)
                                     + reportedProgressionDates(record.assessments))).sorted()

        var adsl = ADSLRow(key: key)
        let indexDate = index.date

        // ADLOT.
        for line in lines {
            let response = evaluation.response(ofLine: line.number)
            let pd = response?.progression ?? evaluation.progressions.first { $0.line == line.number }
            out.lines.append(ADLOTRow(key: key, LOT: line.number, LOTSTDT: line.start, LOTENDT: line.end,
                                      REGIMEN: line.regimen, REGLBL: line.label, CLASSES: line.classes,
                                      ASCTFL: line.hasTransplant, ENDRSN: line.endReason,
                                      BOR: response?.bor.rawValue, PDFL: pd != nil, PDDT: pd?.date,
                                      INDEXFL: line.number == index.number, STARTRSN: line.startReason.rawValue))
        }

        // Demographics.
        adsl.SEX = patient.sex?.rawValue
        if let birth = patient.birthDate {
            let age = indexDate.completedYears(since: birth)
            adsl.AGE = age
            adsl.AGEGR1 = age < 70 ? "<70" : ">=70"
        }
        adsl.DIAGDT = patient.diagnosisDate
        adsl.ISOTYPE = isotype(heavy: patient.heavyChain, light: patient.lightChain)
        adsl.ECOG = patient.ecog
        adsl.EMDFL = patient.extramedullary
        adsl.INDEXDT = indexDate
        adsl.INDEXLOT = index.number
        adsl.PRIORLOT = index.priorLines
        adsl.PRASCTFL = index.priorASCT
        adsl.INDEXREG = index.regimen
        adsl.TRT01P = index.arm
        let transplants = lines.filter { $0.number < index.number && $0.hasTransplant }.map { "line \($0.number)" }
        let chosen = index.arm.map { "the first line matching arm \($0)" }
            ?? "the first line containing all of \(options.indexRegimen.allOf.joined(separator: ", "))"
        trace?.index = [
            TraceStep("INDEXDT", indexDate.iso, because: "the start of line \(index.number), \(chosen)", rule: "SPEC 4.3"),
            TraceStep("INDEXREG", index.regimen, because: "the regimen of line \(index.number)", rule: "SPEC 4.3, RULES.md 3"),
            TraceStep("PRIORLOT", "\(index.priorLines)", because: "lines before line \(index.number)", rule: "SPEC 6.2"),
            TraceStep("PRASCTFL", yn(index.priorASCT),
                      because: transplants.isEmpty ? "no transplant on a line before index" : "transplant on \(transplants.joined(separator: ", "))",
                      rule: "SPEC 6.2"),
        ]
        if let arm = index.arm {
            trace?.index.append(TraceStep("TRT01P", arm, because: "line \(index.number) (\(index.regimen)) matches the arm's regimen", rule: "SPEC 4.3 arms"))
        }

        // RULES.md 4: refractoriness.
        let profile = refractoriness(lines: lines, exposures: derived.exposures, indexLine: index.number,
                                     indexDate: indexDate, progressions: progressions,
                                     lineResponses: evaluation.lines, options: options.refractoriness)
        fillRefractoriness(&adsl, profile)
        trace?.addRefractoriness(profile, adsl: adsl, indexDate: indexDate, progressions: progressions,
                                 options: options.refractoriness)

        // RULES.md 5: baseline labs, cytogenetics, staging.
        let baseline = BaselineLabs(labs: record.labs, at: indexDate, windowDays: options.response.baselineWindowDays)
        adsl.B2M = baseline.b2m?.number
        adsl.ALB = baseline.albumin?.number
        adsl.LDH = baseline.ldh?.number
        adsl.CREAT = baseline.creatinine?.number
        adsl.HGB = baseline.haemoglobin?.number
        trace?.addBaseline(baseline, indexDate: indexDate, windowDays: options.response.baselineWindowDays)
        let cyto = CytogeneticProfile(results: record.cytogenetics, indexDate: indexDate,
                                      daysAfterIndex: options.staging.cytogeneticsDaysAfterIndex)
        adsl.DEL17PFL = cyto.del17p
        adsl.T414FL = cyto.t4_14
        adsl.T1416FL = cyto.t14_16
        adsl.GAIN1QFL = cyto.gain1q
        adsl.CYTORISK = cytogeneticRisk(cyto, definition: options.staging.riskDefinition, b2m: adsl.B2M,
                                        creatinine: adsl.CREAT)
        let staging = stage(baseline: baseline, cytogenetics: cyto, patient: patient, key: key)
        out.findings += staging.findings
        adsl.ISS = staging.iss?.roman
        adsl.RISS = staging.riss?.roman
        adsl.R2ISS = staging.r2iss?.roman
        adsl.LDHHIFL = staging.ldhHigh
        trace?.addCytogenetics(cyto, results: record.cytogenetics, indexDate: indexDate,
                               daysAfterIndex: options.staging.cytogeneticsDaysAfterIndex, risk: adsl.CYTORISK,
                               definition: options.staging.riskDefinition)
        trace?.addStaging(staging, baseline: baseline, profile: cyto)

        // RULES.md 6: renal function.
        let renal = renalFunction(creatinine: baseline.creatinine, patient: patient,
                                  fallback: options.staging.crclFallback, key: key)
        out.findings += renal.findings
        adsl.CRCL = renal.crcl
        adsl.CRCL60FL = renal.below60
        trace?.addRenal(renal, creatinine: baseline.creatinine, patient: patient)

        // RULES.md 7: disease status.
        let previous = lines.first { $0.number == index.number - 1 }
        let previousBOR = previous.flatMap { evaluation.response(ofLine: $0.number)?.bor }
        let status = diseaseStatus(previousLine: previous, previousBOR: previousBOR,
                                   indexDate: indexDate, progressions: progressions,
                                   assessments: evaluation.lines.flatMap(\.assessments),
                                   indexDateRelapse: previous.map {
                                       relapseFeatureOnIndexDate(record: record, previousLine: $0.span, indexDate: indexDate,
                                                                 options: options.response)
                                   } ?? false,
                                   options: options.refractoriness)
        adsl.DISSTAT = status?.rawValue
        trace?.addDiseaseStatus(status, previous: previous, previousBOR: previousBOR, indexDate: indexDate,
                                progressions: progressions, options: options.refractoriness)

        // Response on the index line (RULES.md 2, 8).
        if let r = evaluation.response(ofLine: index.number) {
            adsl.MEASDIS = r.measurable.rawValue
            adsl.BOR = r.bor.rawValue
            adsl.BORSRC = r.borSource
            if r.bor != .ne {
                adsl.RESPFL = r.bor >= .pr
                adsl.VGPRFL = r.bor >= .vgpr
                adsl.CRFL = r.bor >= .cr
            }
        }

        // Survival status.
        adsl.DTHFL = patient.deathDate != nil
        adsl.DTHDT = patient.deathDate
        let lastAlive = lastAliveDate(record)
        adsl.LSTALVDT = lastAlive

        // Endpoints, responses and adverse events (response engine).
        out.responses = responseRows(key: key, evaluation: evaluation)
        let inputs = EndpointInputs(indexDate: indexDate, indexLine: index.number, lines: lines.map(\.span),
                                    evaluation: evaluation, deathDate: patient.deathDate,
                                    lastAlive: lastAlive ?? indexDate)
        out.timeToEvent = timeToEventRows(key: key, inputs: inputs, options: options.endpoints)
        trace?.addEndpoints(out.timeToEvent, inputs: inputs, record: record)
        let indexLineLastDose = lines.first { $0.number == index.number }?.end
        let ae = adverseEventRows(record: record, indexDate: indexDate, indexLineLastDose: indexLineLastDose,
                                  options: options.adverseEvents)
        out.adverseEvents = ae.rows
        out.findings += ae.findings

        out.adsl = adsl
        return (out, trace)
    }
}

/// Site-reported progression dates: `PD`, a new lesion or a plasmacytoma at an assessment
/// (RULES.md 2.2–2.3: a reported PD is progression on its date without confirmation).
public func reportedProgressionDates(_ assessments: [Assessment]) -> [Day] {
    assessments.filter(isReportedProgression).map(\.date)
}

/// A site assessment reporting progression: `PD`, a new lesion or a plasmacytoma.
func isReportedProgression(_ a: Assessment) -> Bool { a.response == .pd || a.newLesion == true || a.plasmacytoma == true }

/// SPEC 7 `ISOTYPE`: `IgG kappa`; `light chain kappa` when the heavy chain is `none`; the known
/// part when one chain is missing; nil when the heavy chain is unknown.
public func isotype(heavy: HeavyChain?, light: LightChain?) -> String? {
    guard let heavy else { return nil }
    let h = heavy == .none ? "light chain" : heavy.rawValue
    return light.map { "\(h) \($0.rawValue)" } ?? h
}

/// Fills the ADSL refractoriness columns (RULES.md 4) from the profile.
func fillRefractoriness(_ adsl: inout ADSLRow, _ p: RefractoryProfile) {
    adsl.LENEXFL = p.exposed("lenalidomide"); adsl.LENRFL = p.refractory("lenalidomide")
    adsl.POMEXFL = p.exposed("pomalidomide"); adsl.POMRFL = p.refractory("pomalidomide")
    adsl.BOREXFL = p.exposed("bortezomib"); adsl.BORRFL = p.refractory("bortezomib")
    adsl.CAREXFL = p.exposed("carfilzomib"); adsl.CARRFL = p.refractory("carfilzomib")
    adsl.DARAEXFL = p.exposed("daratumumab"); adsl.DARARFL = p.refractory("daratumumab")
    adsl.ISAEXFL = p.exposed("isatuximab"); adsl.ISARFL = p.refractory("isatuximab")
    adsl.CD38EXFL = p.classExposed.contains(.antiCD38); adsl.CD38RFL = p.classRefractory.contains(.antiCD38)
    adsl.IMIDEXFL = p.classExposed.contains(.imid); adsl.IMIDRFL = p.classRefractory.contains(.imid)
    adsl.PIEXFL = p.classExposed.contains(.pi); adsl.PIRFL = p.classRefractory.contains(.pi)
    adsl.TCEFL = p.tripleClassExposed
    adsl.TCRFL = p.tripleClassRefractory
    adsl.DBLRFL = p.doubleRefractory
    adsl.QUADRFL = p.quadRefractory
    adsl.PENTARFL = p.pentaRefractory
    adsl.CD38GAP = p.cd38Gap
    adsl.CD38LSTFL = p.cd38InLineBeforeIndex
    adsl.drugStatus = p.drugs
}

func yn(_ b: Bool?) -> String { b.map { $0 ? "Y" : "N" } ?? "" }
