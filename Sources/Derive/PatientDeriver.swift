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

    public func derive(_ record: PatientRecord) -> PatientDerivation {
        let key = record.key
        var out = PatientDerivation(key: key)
        guard let patient = record.patient else { return out }

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
            return out
        }
        out.findings += evaluation.findings
        out.audit += evaluation.audit

        // Progressions for refractoriness and disease status: confirmed computed or reported PD
        // (RULES.md 4 (a)); a stop reason alone is not a progression there.
        let progressions = Array(Set(evaluation.progressions.map(\.date)
                                     + reportedProgressionDates(record.assessments))).sorted()

        var adsl = ADSLRow(key: key)
        var audit = AuditTrail(key: key)
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
            let rows = line.members.map { m in
                "\(m.exposure.drug) \(m.exposure.start.iso)..\(m.end?.iso ?? "ongoing") (\(m.exposure.provenance.source))"
            }
            audit.add("adlot", "LOT \(line.number)", before: "STARTRSN=\(line.startReason.rawValue); rows: " + rows.joined(separator: "; "),
                      after: "\(line.start.iso)..\(line.end?.iso ?? "ongoing") REGIMEN=\(line.regimen) ASCTFL=\(yn(line.hasTransplant)) ENDRSN=\(line.endReason ?? "")",
                      rule: "RULES.md 3")
        }

        // Demographics.
        adsl.SEX = patient.sex?.rawValue
        if let birth = patient.birthDate {
            let age = indexDate.completedYears(since: birth)
            adsl.AGE = age
            adsl.AGEGR1 = age < 70 ? "<70" : ">=70"
            audit.add("adsl", "AGE", before: "INDEXDT=\(indexDate.iso)", after: "\(age)", rule: "SPEC 7 AGE")
            audit.add("adsl", "AGEGR1", before: "AGE=\(age)", after: adsl.AGEGR1 ?? "", rule: "SPEC 7 AGEGR1")
        }
        adsl.DIAGDT = patient.diagnosisDate
        adsl.ISOTYPE = isotype(heavy: patient.heavyChain, light: patient.lightChain)
        adsl.ECOG = patient.ecog
        adsl.EMDFL = patient.extramedullary
        audit.add("adsl", "ISOTYPE", before: "heavy_chain=\(patient.heavyChain?.rawValue ?? ""); light_chain=\(patient.lightChain?.rawValue ?? "")",
                  after: adsl.ISOTYPE ?? "", rule: "SPEC 7 ISOTYPE")
        adsl.INDEXDT = indexDate
        adsl.INDEXLOT = index.number
        adsl.PRIORLOT = index.priorLines
        adsl.PRASCTFL = index.priorASCT
        adsl.INDEXREG = index.regimen
        adsl.TRT01P = index.arm
        audit.add("adsl", "INDEXDT", before: "index_regimen.all_of=\(options.indexRegimen.allOf.joined(separator: "+")); LOT \(index.number) REGIMEN=\(index.regimen)",
                  after: indexDate.iso, rule: "SPEC 4.3")
        audit.add("adsl", "INDEXLOT", before: "lines=\(lines.count)", after: "\(index.number)", rule: "SPEC 4.3")
        audit.add("adsl", "PRIORLOT", before: "INDEXLOT=\(index.number)", after: "\(index.priorLines)", rule: "SPEC 6.2")
        audit.add("adsl", "PRASCTFL", before: "ASCT rows before \(indexDate.iso)", after: yn(index.priorASCT), rule: "SPEC 6.2")
        audit.add("adsl", "INDEXREG", before: "LOT \(index.number)", after: index.regimen, rule: "SPEC 4.3")
        if let arm = index.arm { audit.add("adsl", "TRT01P", before: "LOT \(index.number) REGIMEN=\(index.regimen)", after: arm, rule: "SPEC 4.3 arms") }

        // RULES.md 4: refractoriness.
        let profile = refractoriness(lines: lines, exposures: derived.exposures, indexLine: index.number,
                                     indexDate: indexDate, progressions: progressions,
                                     lineResponses: evaluation.lines, options: options.refractoriness)
        fillRefractoriness(&adsl, profile)
        let progressionText = "PD dates=" + progressions.map(\.iso).joined(separator: ",")
        for s in profile.drugs {
            audit.add("adsl", "drug \(s.drug)", before: "last dose before index=\(s.lastDose?.iso ?? ""); \(progressionText)",
                      after: "exposed=\(yn(s.exposed)) refractory=\(yn(s.refractory))", rule: "RULES.md 4")
        }
        let classText = "exposed=\(profile.classExposed.map(\.rawValue).sorted().joined(separator: "+")); refractory=\(profile.classRefractory.map(\.rawValue).sorted().joined(separator: "+"))"
        let drugFlags: [(String, String, Bool?)] = [
            ("LENEXFL", "lenalidomide", adsl.LENEXFL), ("LENRFL", "lenalidomide", adsl.LENRFL),
            ("POMEXFL", "pomalidomide", adsl.POMEXFL), ("POMRFL", "pomalidomide", adsl.POMRFL),
            ("BOREXFL", "bortezomib", adsl.BOREXFL), ("BORRFL", "bortezomib", adsl.BORRFL),
            ("CAREXFL", "carfilzomib", adsl.CAREXFL), ("CARRFL", "carfilzomib", adsl.CARRFL),
            ("DARAEXFL", "daratumumab", adsl.DARAEXFL), ("DARARFL", "daratumumab", adsl.DARARFL),
            ("ISAEXFL", "isatuximab", adsl.ISAEXFL), ("ISARFL", "isatuximab", adsl.ISARFL),
        ]
        for (field, drug, value) in drugFlags {
            let priorWith = lines.filter { $0.number < index.number && $0.drugNames.contains(drug) }.map { "\($0.number)" }
            audit.add("adsl", field, before: "\(drug) last dose before index=\(profile.status(drug)?.lastDose?.iso ?? ""); prior lines with it=\(priorWith.joined(separator: ",")); \(progressionText)",
                      after: yn(value), rule: "RULES.md 4")
        }
        for (field, value) in [("IMIDEXFL", adsl.IMIDEXFL), ("IMIDRFL", adsl.IMIDRFL), ("PIEXFL", adsl.PIEXFL),
                               ("PIRFL", adsl.PIRFL), ("CD38EXFL", adsl.CD38EXFL), ("CD38RFL", adsl.CD38RFL),
                               ("TCEFL", adsl.TCEFL), ("TCRFL", adsl.TCRFL), ("DBLRFL", adsl.DBLRFL),
                               ("QUADRFL", adsl.QUADRFL), ("PENTARFL", adsl.PENTARFL), ("CD38LSTFL", adsl.CD38LSTFL)] {
            audit.add("adsl", field, before: classText, after: yn(value), rule: "RULES.md 4")
        }
        audit.add("adsl", "CD38GAP", before: "last anti-CD38 dose; INDEXDT=\(indexDate.iso)",
                  after: adsl.CD38GAP.map(String.init) ?? "", rule: "RULES.md 4")

        // RULES.md 5: baseline labs, cytogenetics, staging.
        let baseline = BaselineLabs(labs: record.labs, at: indexDate, windowDays: options.response.baselineWindowDays)
        adsl.B2M = baseline.b2m?.number
        adsl.ALB = baseline.albumin?.number
        adsl.LDH = baseline.ldh?.number
        adsl.CREAT = baseline.creatinine?.number
        adsl.HGB = baseline.haemoglobin?.number
        for (field, lab) in [("B2M", baseline.b2m), ("ALB", baseline.albumin), ("LDH", baseline.ldh),
                             ("CREAT", baseline.creatinine), ("HGB", baseline.haemoglobin)] {
            audit.add("adsl", field, before: lab.map { "\($0.date.iso) (\($0.provenance.source))" } ?? "no value in [index-\(options.response.baselineWindowDays)d, index]",
                      after: lab?.number.map { "\($0)" } ?? "", rule: "SPEC 6.2 baseline")
        }
        let cyto = CytogeneticProfile(results: record.cytogenetics, indexDate: indexDate,
                                      daysAfterIndex: options.staging.cytogeneticsDaysAfterIndex)
        adsl.DEL17PFL = cyto.del17p
        adsl.T414FL = cyto.t4_14
        adsl.T1416FL = cyto.t14_16
        adsl.GAIN1QFL = cyto.gain1q
        adsl.CYTORISK = cytogeneticRisk(cyto, definition: options.staging.riskDefinition, b2m: adsl.B2M,
                                        creatinine: adsl.CREAT)
        let cytoText = CytoAbnormality.allCases.map { a in "\(a.rawValue)=\(cyto.status[a].map { $0 ? "DETECTED" : "NOT_DETECTED" } ?? "untested")" }
            .joined(separator: "; ")
        for (field, value) in [("DEL17PFL", yn(cyto.del17p)), ("T414FL", yn(cyto.t4_14)), ("T1416FL", yn(cyto.t14_16)),
                               ("GAIN1QFL", yn(cyto.gain1q)), ("CYTORISK", adsl.CYTORISK ?? "")] {
            audit.add("adsl", field, before: cytoText, after: value, rule: "RULES.md 5 cytogenetics (\(options.staging.riskDefinition.rawValue))")
        }
        let staging = stage(baseline: baseline, cytogenetics: cyto, patient: patient, key: key)
        out.findings += staging.findings
        adsl.ISS = staging.iss?.roman
        adsl.RISS = staging.riss?.roman
        adsl.R2ISS = staging.r2iss?.roman
        adsl.LDHHIFL = staging.ldhHigh
        let stageInputs = "B2M=\(fmt(adsl.B2M)) mg/L; ALB=\(fmt(adsl.ALB)) g/dL; LDH=\(fmt(adsl.LDH)) U/L; ULN=\(fmt(baseline.ldh?.uln)); \(cytoText)"
        audit.add("adsl", "ISS", before: "B2M=\(fmt(adsl.B2M)) mg/L; ALB=\(fmt(adsl.ALB)) g/dL", after: adsl.ISS ?? "",
                  rule: "RULES.md 5 ISS")
        audit.add("adsl", "RISS", before: stageInputs, after: adsl.RISS ?? "", rule: "RULES.md 5 R-ISS")
        audit.add("adsl", "R2ISS", before: stageInputs, after: adsl.R2ISS ?? "", rule: "RULES.md 5 R2-ISS")
        audit.add("adsl", "LDHHIFL", before: "LDH=\(fmt(adsl.LDH)) U/L; ULN=\(fmt(baseline.ldh?.uln))", after: yn(adsl.LDHHIFL),
                  rule: "RULES.md 5 LDHHIFL")

        // RULES.md 6: renal function.
        let renal = renalFunction(creatinine: baseline.creatinine, patient: patient,
                                  fallback: options.staging.crclFallback, key: key)
        out.findings += renal.findings
        adsl.CRCL = renal.crcl
        adsl.CRCL60FL = renal.below60
        audit.add("adsl", "CRCL", before: "CREAT=\(fmt(adsl.CREAT)) mg/dL; weight_kg=\(fmt(patient.weightKg)); sex=\(patient.sex?.rawValue ?? ""); method=\(renal.method ?? "none")",
                  after: fmt(renal.crcl), rule: "RULES.md 6")
        audit.add("adsl", "CRCL60FL", before: "CRCL=\(fmt(renal.crcl))", after: yn(renal.below60), rule: "RULES.md 6")

        // RULES.md 7: disease status.
        let previous = lines.first { $0.number == index.number - 1 }
        let status = diseaseStatus(previousLine: previous,
                                   previousBOR: previous.flatMap { evaluation.response(ofLine: $0.number)?.bor },
                                   indexDate: indexDate, progressions: progressions,
                                   assessments: evaluation.lines.flatMap(\.assessments),
                                   indexDateRelapse: previous.map {
                                       relapseFeatureOnIndexDate(record: record, previousLine: $0.span, indexDate: indexDate,
                                                                 options: options.response)
                                   } ?? false,
                                   options: options.refractoriness)
        adsl.DISSTAT = status?.rawValue
        audit.add("adsl", "DISSTAT", before: "previous LOT=\(previous.map { "\($0.number) \($0.start.iso)..\($0.end?.iso ?? "")" } ?? "none"); \(progressionText)",
                  after: adsl.DISSTAT ?? "", rule: "RULES.md 7")

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
        audit.add("adsl", "MEASDIS", before: "LOT \(index.number) baseline", after: adsl.MEASDIS ?? "", rule: "RULES.md 2.1")
        audit.add("adsl", "BOR", before: "LOT \(index.number) MEASDIS=\(adsl.MEASDIS ?? "")", after: adsl.BOR ?? "",
                  rule: "RULES.md 2.3 BOR")
        audit.add("adsl", "BORSRC", before: "response_source=\(options.response.responseSource.rawValue)",
                  after: adsl.BORSRC ?? "", rule: "RULES.md 2.3")
        audit.add("adsl", "RESPFL", before: "BOR=\(adsl.BOR ?? "")", after: yn(adsl.RESPFL), rule: "RULES.md 8")
        audit.add("adsl", "VGPRFL", before: "BOR=\(adsl.BOR ?? "")", after: yn(adsl.VGPRFL), rule: "RULES.md 8")
        audit.add("adsl", "CRFL", before: "BOR=\(adsl.BOR ?? "")", after: yn(adsl.CRFL), rule: "RULES.md 8")

        // Survival status.
        adsl.DTHFL = patient.deathDate != nil
        adsl.DTHDT = patient.deathDate
        let lastAlive = lastAliveDate(record)
        adsl.LSTALVDT = lastAlive
        audit.add("adsl", "DTHFL", before: "death_date=\(patient.deathDate?.iso ?? "")", after: yn(adsl.DTHFL), rule: "SPEC 7")
        audit.add("adsl", "LSTALVDT", before: "last_contact_date=\(patient.lastContactDate?.iso ?? ""); every dated record",
                  after: lastAlive?.iso ?? "", rule: "RULES.md 8 LSTALVDT")

        // Endpoints, responses and adverse events (response engine).
        out.responses = responseRows(key: key, evaluation: evaluation)
        let inputs = EndpointInputs(indexDate: indexDate, indexLine: index.number, lines: lines.map(\.span),
                                    evaluation: evaluation, deathDate: patient.deathDate,
                                    lastAlive: lastAlive ?? indexDate)
        out.timeToEvent = timeToEventRows(key: key, inputs: inputs, options: options.endpoints)
        let indexLineLastDose = lines.first { $0.number == index.number }?.end
        let ae = adverseEventRows(record: record, indexDate: indexDate, indexLineLastDose: indexLineLastDose,
                                  options: options.adverseEvents)
        out.adverseEvents = ae.rows
        out.findings += ae.findings

        out.adsl = adsl
        out.audit += audit.entries
        return out
    }
}

/// Site-reported progression dates: `PD`, a new lesion or a plasmacytoma at an assessment
/// (RULES.md 2.2–2.3: a reported PD is progression on its date without confirmation).
public func reportedProgressionDates(_ assessments: [Assessment]) -> [Day] {
    assessments.filter { $0.response == .pd || $0.newLesion == true || $0.plasmacytoma == true }.map(\.date)
}

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

/// Collects `derive` audit entries (SPEC 7: every derived variable with its inputs). Never given
/// the birth date.
struct AuditTrail {
    let key: PatientKey
    var entries: [AuditEntry] = []
    init(key: PatientKey) { self.key = key }
    mutating func add(_ table: String, _ field: String, before: String, after: String, rule: String) {
        entries.append(AuditEntry(action: .derive, key: key, table: table, field: field, before: before,
                                  after: after, rule: rule))
    }
}

func yn(_ b: Bool?) -> String { b.map { $0 ? "Y" : "N" } ?? "" }
func yn(_ b: Bool) -> String { b ? "Y" : "N" }
func fmt(_ d: Double?) -> String { d.map { "\($0)" } ?? "" }
