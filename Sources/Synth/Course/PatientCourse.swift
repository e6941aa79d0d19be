import MMModel

/// One generated lab measurement, in canonical units (RULES.md 1); the site's unit style is
/// applied when the row is rendered.
struct SynthLab {
    var day: Day
    var test: LabTest
    /// Canonical numeric value (ignored for qualitative tests).
    var value: Double
    /// `POS`/`NEG` for qualitative tests.
    var code: String?
}

/// One drug (or transplant) exposure row of `therapies.csv`.
struct SynthTherapy {
    var drug: String
    var regimen: String
    var start: Day
    var end: Day?
    var stop: StopReason
    var setting: TherapySetting
    var cycles: Int?
    var line: Int
}

/// One site assessment row of `assessments.csv`.
struct SynthAssessment {
    var day: Day
    var response: ResponseCategory
    var progressionType: ProgressionType?
    var newLesion: Bool
    var plasmacytoma: Bool
    var crab: String
}

struct SynthCytogenetics {
    var day: Day
    var abnormality: CytoAbnormality
    var result: CytoResult
    var method: CytoMethod
}

struct SynthAdverseEvent {
    var term: String
    var grade: Int
    var onset: Day
    var end: Day?
    var serious: Bool
    var related: Relatedness
}

/// A generated patient: demographics and every record, before rendering. Reused from one
/// patient to the next (`reset`) so the generator allocates little per patient.
struct PatientCourse {
    var patientID = ""
    var siteID = ""
    var sex: Sex = .male
    var birth = Day(rawValue: 0)
    var diagnosis = Day(rawValue: 0)
    /// nil for non-secretory disease (both chains empty).
    var heavyChain: HeavyChain?
    var lightChain: LightChain?
    var ecog = 0
    var weightKg = 70.0
    var heightCm = 170.0
    var death: Day?
    var lastContact = Day(rawValue: 0)
    /// The laboratory's LDH upper limit of normal (U/L).
    var ldhULN = 225.0

    var labs: [SynthLab] = []
    var therapies: [SynthTherapy] = []
    var assessments: [SynthAssessment] = []
    var cytogenetics: [SynthCytogenetics] = []
    var adverseEvents: [SynthAdverseEvent] = []

    /// Start of the IsaPd line, when the patient received it (for the plausibility tests).
    var indexStart: Day?

    mutating func reset() {
        death = nil
        indexStart = nil
        heavyChain = nil
        lightChain = nil
        labs.removeAll(keepingCapacity: true)
        therapies.removeAll(keepingCapacity: true)
        assessments.removeAll(keepingCapacity: true)
        cytogenetics.removeAll(keepingCapacity: true)
        adverseEvents.removeAll(keepingCapacity: true)
    }

    /// The last date of follow-up: the death date, else the last contact.
    var endOfFollowUp: Day { death ?? lastContact }
}
