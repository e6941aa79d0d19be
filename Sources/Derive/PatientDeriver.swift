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
/// ADSL — but the findings (`LOT-003`, …) and the site comparisons are kept for the site.
///
/// `results` gives the typed value of every derivation family; `derive` assembles the dataset
/// rows from them (ADSL by the `ADSLFields` table) and `trace` the explain trace. Site-vs-derived
/// disagreements are not raised here: they go out as `PatientDerivation.comparisons`, for
/// Validate's reconciliation step.
public struct PatientDeriver: Sendable {
    public var options: PipelineOptions

    public init(options: PipelineOptions) { self.options = options }

    public func derive(_ record: PatientRecord) -> PatientDerivation { derivation(results(record)) }

    /// The derivation and its trace (`mmpipe explain`, SPEC 3): the same derivation, with the
    /// evidence and RULES.md section of every step, assembled from the same typed results.
    public func trace(_ record: PatientRecord) -> (derivation: PatientDerivation, trace: DerivationTrace) {
        let r = results(record)
        let d = derivation(r)
        return (d, DerivationTrace(r, adsl: d.adsl, options: options))
    }

    /// Every derivation family of one patient (RULES.md 3 → 9). Lines need progressions (RULES.md
    /// 3 step 5: "computed or reported") and the response engine needs lines: two passes (see
    /// the type's documentation).
    public func results(_ record: PatientRecord) -> PatientResults {
        guard let patient = record.patient else { return PatientResults(record: record) }
        // Reported progressions are read from the assessments directly (what the engine returns
        // for an empty line list), with the ends of rows stopped for progression.
        let baseProgressions = reportedProgressionDates(record.assessments)
            + record.therapies.filter { $0.stopReason == .progression }.compactMap(\.end)
        func lines(_ progressions: [Day]) -> LineDerivation {
            deriveLines(exposures: record.therapies, diagnosisDate: patient.diagnosisDate, progressions: progressions,
                        options: options.lines)
        }
        // The labs are indexed once for both passes and the index date's relapse features.
        let labs = LabIndex(record)
        let pass1 = lines(baseProgressions)
        let eval1 = evaluateResponse(record: record, labs: labs, lines: pass1.lines.map(\.span), options: options.response)
        let derived = lines(baseProgressions + eval1.progressions.map(\.date))
        // Same lines → same response: the second evaluation is needed only when the computed
        // progressions moved a line boundary.
        let evaluation = derived.lines.map(\.span) == pass1.lines.map(\.span)
            ? eval1
            : evaluateResponse(record: record, labs: labs, lines: derived.lines.map(\.span), options: options.response)
        var r = PatientResults(record: record, patient: patient, lines: derived, firstPassProgressions: eval1.progressions,
                               evaluation: evaluation)
        // SPEC 4.3: the index line.
        let index = options.arms.isEmpty ? indexLine(lines: derived.lines, allOf: options.indexRegimen.allOf)
            : indexLine(lines: derived.lines, arms: options.arms)
        r.atIndex = index.map {
            atIndex($0, record: record, labs: labs, patient: patient, lines: derived, evaluation: evaluation)
        }
        return r
    }

    /// RULES.md 4–9 at the index line.
    func atIndex(_ index: IndexLine, record: PatientRecord, labs: LabIndex, patient: Patient, lines derived: LineDerivation,
                 evaluation: ResponseEvaluation) -> IndexResults {
        let lines = derived.lines, indexDate = index.date, key = record.key
        // Progressions for refractoriness and disease status: confirmed computed or reported PD
        // (RULES.md 4 (a)); a stop reason alone is not a progression there.
        let progressions = Array(Set(evaluation.progressions.map(\.date)
                                     + reportedProgressionDates(record.assessments))).sorted()
        let profile = refractoriness(lines: lines, exposures: derived.exposures, indexLine: index.number,
                                     indexDate: indexDate, progressions: progressions,
                                     lineResponses: evaluation.lines, options: options.refractoriness)
        let baseline = BaselineLabs(labs: record.labs, at: indexDate, windowDays: options.response.baselineWindowDays)
        let cyto = CytogeneticProfile(results: record.cytogenetics, indexDate: indexDate,
                                      daysAfterIndex: options.staging.cytogeneticsDaysAfterIndex)
        let previous = lines.first { $0.number == index.number - 1 }
        let previousBOR = previous.flatMap { evaluation.response(ofLine: $0.number)?.bor }
        let status = diseaseStatus(previousLine: previous, previousBOR: previousBOR, indexDate: indexDate,
                                   progressions: progressions, assessments: evaluation.lines.flatMap(\.assessments),
                                   indexDateRelapse: previous.map {
                                       relapseFeatureOnIndexDate(record: record, labs: labs, previousLine: $0.span,
                                                                 indexDate: indexDate, options: options.response)
                                   } ?? false,
                                   options: options.refractoriness)
        let lastAlive = lastAliveDate(record)
        let endpoints = EndpointInputs(indexDate: indexDate, indexLine: index.number, lines: lines.map(\.span),
                                       evaluation: evaluation, deathDate: patient.deathDate,
                                       lastAlive: lastAlive ?? indexDate)
        let ae = adverseEventRows(record: record, indexDate: indexDate,
                                  indexLineLastDose: lines.first { $0.number == index.number }?.end,
                                  options: options.adverseEvents)
        return IndexResults(
            patient: patient, index: index, progressions: progressions, refractoriness: profile, baseline: baseline,
            cytogenetics: cyto,
            risk: cytogeneticRisk(cyto, definition: options.staging.riskDefinition, b2m: baseline.b2m?.number,
                                  creatinine: baseline.creatinine?.number),
            staging: stage(baseline: baseline, cytogenetics: cyto, patient: patient, key: key),
            renal: renalFunction(creatinine: baseline.creatinine, patient: patient,
                                 fallback: options.staging.crclFallback, key: key),
            previousLine: previous, previousBOR: previousBOR, diseaseStatus: status,
            indexResponse: evaluation.response(ofLine: index.number), lastAlive: lastAlive, endpoints: endpoints,
            timeToEvent: timeToEventRows(key: key, inputs: endpoints, options: options.endpoints),
            adverseEvents: ae.rows, labChecks: ae.labChecks)
    }

    /// The dataset rows and findings of one patient, assembled from the typed results.
    public func derivation(_ r: PatientResults) -> PatientDerivation {
        let key = r.record.key
        guard let patient = r.patient else { return PatientDerivation(key: key) }
        var out = PatientDerivation(key: key, findings: r.evaluation.findings)
        out.comparisons = r.comparisons
        guard let at = r.atIndex else {
            let wanted = options.arms.isEmpty ? options.indexRegimen.allOf
                : options.arms.map { $0.regimen.allOf.joined(separator: "+") }
            out.findings.append(Finding(.LOT003, key: key, table: .therapies, provenance: patient.provenance,
                                        field: "drug", value: wanted.joined(separator: "+"),
                                        message: "\(patient.provenance.source): \(noIndexReason), so the patient is outside the analysis population; check the therapy rows if the patient received the index regimen."))
            return out
        }
        out.findings += at.staging.findings + at.renal.findings
        out.lines = r.lines.lines.map { line in
            let response = r.evaluation.response(ofLine: line.number)
            let pd = response?.progression ?? r.evaluation.progressions.first { $0.line == line.number }
            return ADLOTRow(key: key, LOT: line.number, LOTSTDT: line.start, LOTENDT: line.end,
                            REGIMEN: line.regimen, REGLBL: line.label, CLASSES: line.classes,
                            ASCTFL: line.hasTransplant, ENDRSN: line.endReason,
                            BOR: response?.bor.rawValue, PDFL: pd != nil, PDDT: pd?.date,
                            INDEXFL: line.number == at.index.number, STARTRSN: line.startReason.rawValue)
        }
        out.adsl = ADSLRow(key: key, at)
        out.responses = responseRows(key: key, evaluation: r.evaluation)
        out.timeToEvent = at.timeToEvent
        out.adverseEvents = at.adverseEvents
        return out
    }

    /// Why no line is the index line (SPEC 4.3), for `LOT-003` and the trace.
    var noIndexReason: String {
        guard options.arms.isEmpty else {
            return "no line of therapy matches an arm (\(options.arms.map { "\($0.name): \($0.regimen.allOf.joined(separator: ", "))" }.joined(separator: "; ")))"
        }
        let wanted = options.indexRegimen.allOf
        return wanted.isEmpty ? "the patient has no usable line of therapy"
            : "no line of therapy contains all of \(wanted.joined(separator: ", "))"
    }
}

/// Site-reported progression dates: `PD`, a new lesion or a plasmacytoma at an assessment
/// (RULES.md 2.2–2.3: a reported PD is progression on its date without confirmation).
public func reportedProgressionDates(_ assessments: [Assessment]) -> [Day] {
    assessments.filter(\.reportsProgression).map(\.date)
}

/// SPEC 7 `ISOTYPE`: `IgG kappa`; `light chain kappa` when the heavy chain is `none`; the known
/// part when one chain is missing; nil when the heavy chain is unknown.
public func isotype(heavy: HeavyChain?, light: LightChain?) -> String? {
    guard let heavy else { return nil }
    let h = heavy == .none ? "light chain" : heavy.rawValue
    return light.map { "\(h) \($0.rawValue)" } ?? h
}
