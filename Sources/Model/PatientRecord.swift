/// Everything known of one patient after mapping: the unit of work of validate and derive
/// (SPEC 2: "every stage … works patient by patient"). Arrays are in input order.
public struct PatientRecord: Sendable {
    public var key: PatientKey
    /// nil when the patient has rows in other tables but no usable `patients.csv` row.
    public var patient: Patient?
    public var labs: [LabResult]
    public var cytogenetics: [CytogeneticResult]
    public var therapies: [TherapyExposure]
    public var assessments: [Assessment]
    public var adverseEvents: [AdverseEvent]
    /// Exact copies of its rows, set aside when its partition was read (`DUP-002`); nil: none.
    public var copies: RowCopies?

    public init(key: PatientKey, patient: Patient? = nil, labs: [LabResult] = [],
                cytogenetics: [CytogeneticResult] = [], therapies: [TherapyExposure] = [],
                assessments: [Assessment] = [], adverseEvents: [AdverseEvent] = []) {
        self.key = key
        self.patient = patient
        self.labs = labs
        self.cytogenetics = cytogenetics
        self.therapies = therapies
        self.assessments = assessments
        self.adverseEvents = adverseEvents
    }
}
