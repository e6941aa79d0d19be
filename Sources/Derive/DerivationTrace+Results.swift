import MMModel

extension DerivationTrace {
    /// The trace of one patient (SPEC 3 `mmpipe explain`), assembled from the typed results
    /// `PatientDeriver` derived with — the same values, so the trace cannot disagree with the
    /// dataset — and the ADSL row built from them.
    public init(_ r: PatientResults, adsl: ADSLRow?, options: PipelineOptions) {
        self.init()
        guard let patient = r.patient else {
            population = TraceStep("population", "outside", because: "no patients row for this patient", rule: "SPEC 4.1")
            return
        }
        let lines = r.lines.lines
        addLines(lines, indexLine: r.atIndex?.index.number,
                 progressions: Self.progressionSources(r.record, computed: r.firstPassProgressions), options: options.lines)
        addResponses(r.evaluation, lightChain: patient.lightChain)
        guard let at = r.atIndex, let adsl else {
            population = TraceStep("population", "outside", because: PatientDeriver(options: options).noIndexReason,
                                   rule: "SPEC 4.3")
            return
        }
        addIndex(at.index, lines: lines, options: options)
        let indexDate = at.index.date
        addRefractoriness(at.refractoriness, adsl: adsl, indexDate: indexDate, progressions: at.progressions,
                          options: options.refractoriness)
        addBaseline(at.baseline, indexDate: indexDate, windowDays: options.response.baselineWindowDays)
        addCytogenetics(at.cytogenetics, results: r.record.cytogenetics, indexDate: indexDate,
                        daysAfterIndex: options.staging.cytogeneticsDaysAfterIndex, risk: at.risk,
                        definition: options.staging.riskDefinition)
        addStaging(at.staging, baseline: at.baseline, profile: at.cytogenetics)
        addRenal(at.renal, creatinine: at.baseline.creatinine, patient: patient)
        addDiseaseStatus(at.diseaseStatus, previous: at.previousLine, previousBOR: at.previousBOR, indexDate: indexDate,
                         progressions: at.progressions, options: options.refractoriness)
        addEndpoints(at.timeToEvent, inputs: at.endpoints, record: r.record)
    }

    /// SPEC 4.3, 6.2: why the patient is in the population, the index date and regimen, the prior
    /// lines and transplants, the arm.
    mutating func addIndex(_ index: IndexLine, lines: [TherapyLine], options: PipelineOptions) {
        let regimen = options.indexRegimen.allOf.joined(separator: ", ")
        population = TraceStep("population", "in",
                               because: "line \(index.number) (\(index.regimen)) "
                                   + (index.arm.map { "matches arm \($0)" } ?? "contains all of \(regimen)"),
                               rule: "SPEC 4.3")
        let transplants = lines.filter { $0.number < index.number && $0.hasTransplant }.map { "line \($0.number)" }
        let chosen = index.arm.map { "the first line matching arm \($0)" } ?? "the first line containing all of \(regimen)"
        self.index = [
            TraceStep("INDEXDT", index.date.iso, because: "the start of line \(index.number), \(chosen)", rule: "SPEC 4.3"),
            TraceStep("INDEXREG", index.regimen, because: "the regimen of line \(index.number)", rule: "SPEC 4.3, RULES.md 3"),
            TraceStep("PRIORLOT", "\(index.priorLines)", because: "lines before line \(index.number)", rule: "SPEC 6.2"),
            TraceStep("PRASCTFL", yesNo(index.priorASCT),
                      because: transplants.isEmpty ? "no transplant on a line before index" : "transplant on \(transplants.joined(separator: ", "))",
                      rule: "SPEC 6.2"),
        ]
        if let arm = index.arm {
            self.index.append(TraceStep("TRT01P", arm, because: "line \(index.number) (\(index.regimen)) matches the arm's regimen", rule: "SPEC 4.3 arms"))
        }
    }
}
