/// Every option of RULES.md and SPEC 4.3, with RULES.md's defaults. The pipeline file
/// (`pipelines/*.yaml`) decodes into this value (Map stage); it is passed explicitly to the
/// stages that need it — no globals.
public struct PipelineOptions: Sendable, Hashable {
    public var studyID: String
    public var indexRegimen: IndexRegimen
    /// SPEC 4.3 `arms`: the index regimens compared (sorted by name); empty = `indexRegimen`
    /// is the single arm. When given, `arms` decides the index line.
    public var arms: [TreatmentArm] = []
    public var input: InputOptions
    public var units: UnitOptions
    public var response: ResponseOptions
    public var lines: LineOptions
    public var refractoriness: RefractorinessOptions
    public var staging: StagingOptions
    public var endpoints: EndpointOptions
    public var adverseEvents: AdverseEventOptions
    /// Key file for pseudonyms (SPEC 7); nil → `MMPIPE_STUDY_KEY` or a run-scoped random key.
    public var keyFile: String?
    /// `data_cutoff` (SPEC 4.3): the study's data cutoff; the future-date checks (`CHR-006`)
    /// use it and nothing dated after it enters a derivation. nil → the day of the run.
    public var dataCutoff: Day?

    public init(studyID: String = "STUDY", indexRegimen: IndexRegimen = IndexRegimen(allOf: []),
                input: InputOptions = .init(), units: UnitOptions = .init(), response: ResponseOptions = .init(),
                lines: LineOptions = .init(), refractoriness: RefractorinessOptions = .init(),
                staging: StagingOptions = .init(), endpoints: EndpointOptions = .init(),
                adverseEvents: AdverseEventOptions = .init(), keyFile: String? = nil) {
        self.studyID = studyID
        self.indexRegimen = indexRegimen
        self.input = input
        self.units = units
        self.response = response
        self.lines = lines
        self.refractoriness = refractoriness
        self.staging = staging
        self.endpoints = endpoints
        self.adverseEvents = adverseEvents
        self.keyFile = keyFile
    }
}

/// SPEC 4.3: the first line of therapy containing all of these canonical drugs is the
/// index line; its first dose is the index date.
public struct IndexRegimen: Sendable, Hashable {
    public var allOf: [String]
    public init(allOf: [String]) { self.allOf = allOf }
}

/// SPEC 4.3 `arms`: one compared index regimen, named as ADSL `TRT01P` shows it.
public struct TreatmentArm: Sendable, Hashable {
    public var name: String
    public var regimen: IndexRegimen
    public init(name: String, allOf: [String]) {
        self.name = name
        regimen = IndexRegimen(allOf: allOf)
    }
}

public enum DateFormat: String, Sendable, Hashable, CaseIterable {
    /// `YYYY-MM-DD` (also accepts `DD/MM/YYYY` when unambiguous? no: strictly ISO).
    case ymd = "YYYY-MM-DD"
    case dmy = "DD/MM/YYYY"
    /// Only when declared (SPEC 4.1).
    case mdy = "MM/DD/YYYY"
}

/// How a partial date (`YYYY-MM`, `YYYY`) is completed (SPEC 4.1: "imputed by a declared
/// rule (recorded)").
public enum PartialDateImputation: String, Sendable, Hashable, CaseIterable {
    /// 1st of the month / 1 January.
    case first
    /// 15th of the month / 1 July.
    case middle
    /// Last day of the month / 31 December.
    case last
    /// Partial dates are not accepted: the value is an error.
    case reject
}

public struct InputOptions: Sendable, Hashable {
    /// Accepted date formats, tried in order (ISO is always accepted).
    public var dateFormats: [DateFormat]
    public var partialDates: PartialDateImputation
    /// Largest accepted field, in bytes; longer fields are refused with an `ING` finding.
    public var maxFieldBytes: Int
    public init(dateFormats: [DateFormat] = [.ymd, .dmy], partialDates: PartialDateImputation = .middle,
                maxFieldBytes: Int = 65_536) {
        self.dateFormats = dateFormats
        self.partialDates = partialDates
        self.maxFieldBytes = maxFieldBytes
    }
}

/// RULES.md 1: `unit_mismatch`.
public enum UnitMismatchPolicy: String, Sendable, Hashable, CaseIterable {
    case correct, exclude, reject
}

public struct UnitOptions: Sendable, Hashable {
    public var unitMismatch: UnitMismatchPolicy
    public init(unitMismatch: UnitMismatchPolicy = .correct) { self.unitMismatch = unitMismatch }
}

public enum NadirDefinition: String, Sendable, Hashable, CaseIterable { case confirmed, lowest }
public enum ConfirmationPolicy: String, Sendable, Hashable, CaseIterable {
    case required
    case notRequired = "not_required"
}
public enum ResponseSource: String, Sendable, Hashable, CaseIterable {
    case computed, reported
    case computedElseReported = "computed_else_reported"
}

/// RULES.md 2 options.
public struct ResponseOptions: Sendable, Hashable {
    /// Baseline window before a line's start (RULES.md 2.1 / SPEC 6.2): 60 days.
    public var baselineWindowDays: Int
    public var assessmentMergeDays: Int
    public var nadir: NadirDefinition
    public var confirmation: ConfirmationPolicy
    public var confirmLast: Bool
    public var pdConfirmedByNextLine: Bool
    public var responseSource: ResponseSource
    /// RULES.md 2.5: Hb < 10 g/dL also counts as a clinical relapse feature.
    public var hbBelow10IsRelapseFeature: Bool
    public init(baselineWindowDays: Int = 60, assessmentMergeDays: Int = 7, nadir: NadirDefinition = .confirmed,
                confirmation: ConfirmationPolicy = .required, confirmLast: Bool = false,
                pdConfirmedByNextLine: Bool = false, responseSource: ResponseSource = .computedElseReported,
                hbBelow10IsRelapseFeature: Bool = false) {
        self.baselineWindowDays = baselineWindowDays
        self.assessmentMergeDays = assessmentMergeDays
        self.nadir = nadir
        self.confirmation = confirmation
        self.confirmLast = confirmLast
        self.pdConfirmedByNextLine = pdConfirmedByNextLine
        self.responseSource = responseSource
        self.hbBelow10IsRelapseFeature = hbBelow10IsRelapseFeature
    }
}

/// RULES.md 3 options.
public struct LineOptions: Sendable, Hashable {
    public var regimenWindowDays: Int
    public var sequenceMaxGapDays: Int
    public var tandemMaxDays: Int
    public var gapDays: Int
    public init(regimenWindowDays: Int = 28, sequenceMaxGapDays: Int = 180, tandemMaxDays: Int = 180,
                gapDays: Int = 90) {
        self.regimenWindowDays = regimenWindowDays
        self.sequenceMaxGapDays = sequenceMaxGapDays
        self.tandemMaxDays = tandemMaxDays
        self.gapDays = gapDays
    }
}

/// RULES.md 4 options.
public struct RefractorinessOptions: Sendable, Hashable {
    public var refractoryWindowDays: Int
    public var nonresponseMinDays: Int
    /// Count CELMoDs (iberdomide, mezigdomide) as IMiDs.
    public var celmodsAreIMiDs: Bool
    public init(refractoryWindowDays: Int = 60, nonresponseMinDays: Int = 28, celmodsAreIMiDs: Bool = false) {
        self.refractoryWindowDays = refractoryWindowDays
        self.nonresponseMinDays = nonresponseMinDays
        self.celmodsAreIMiDs = celmodsAreIMiDs
    }
}

public enum RiskDefinition: String, Sendable, Hashable, CaseIterable {
    /// del(17p), t(4;14), t(14;16) (R-ISS, the seeds).
    case standard = "default"
    case imwg2025
}
public enum CrClFallback: String, Sendable, Hashable, CaseIterable {
    case none
    case ckdEpi2021 = "ckd_epi_2021"
}

/// RULES.md 5–6 options.
public struct StagingOptions: Sendable, Hashable {
    public var riskDefinition: RiskDefinition
    /// A cytogenetic result counts if dated on or before index + this many days.
    public var cytogeneticsDaysAfterIndex: Int
    public var crclFallback: CrClFallback
    public init(riskDefinition: RiskDefinition = .standard, cytogeneticsDaysAfterIndex: Int = 30,
                crclFallback: CrClFallback = .none) {
        self.riskDefinition = riskDefinition
        self.cytogeneticsDaysAfterIndex = cytogeneticsDaysAfterIndex
        self.crclFallback = crclFallback
    }
}

/// RULES.md 8 options.
public struct EndpointOptions: Sendable, Hashable {
    public var pfsCensorNewTherapy: Bool
    public var ttntDeathIsEvent: Bool
    public init(pfsCensorNewTherapy: Bool = true, ttntDeathIsEvent: Bool = true) {
        self.pfsCensorNewTherapy = pfsCensorNewTherapy
        self.ttntDeathIsEvent = ttntDeathIsEvent
    }
}

/// RULES.md 9 options.
public struct AdverseEventOptions: Sendable, Hashable {
    /// Treatment-emergent window after the last dose of the index line.
    public var treatmentEmergentDays: Int
    /// CTCAE lab cross-check window (± days).
    public var labCrossCheckDays: Int
    public init(treatmentEmergentDays: Int = 30, labCrossCheckDays: Int = 7) {
        self.treatmentEmergentDays = treatmentEmergentDays
        self.labCrossCheckDays = labCrossCheckDays
    }
}
