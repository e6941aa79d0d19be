import MMModel

/// Canonical records mapped from a stream of raw rows, in input order (one batch per file).
public struct RecordBatch: Sendable {
    public var patients: [Patient] = []
    public var labs: [LabResult] = []
    public var cytogenetics: [CytogeneticResult] = []
    public var therapies: [TherapyExposure] = []
    public var assessments: [Assessment] = []
    public var adverseEvents: [AdverseEvent] = []
    public init() {}

    public mutating func append(_ other: RecordBatch) {
        patients += other.patients
        labs += other.labs
        cytogenetics += other.cytogenetics
        therapies += other.therapies
        assessments += other.assessments
        adverseEvents += other.adverseEvents
    }
}
