import MMModel

/// Canonical records mapped from a stream of raw rows, in input order (one batch per file).
public struct RecordBatch: Sendable {
    public var patients: [Patient] = []
    public var labs: [LabResult] = []
    public var cytogenetics: [CytogeneticResult] = []
    public var therapies: [TherapyExposure] = []
    public var assessments: [Assessment] = []
    public var adverseEvents: [AdverseEvent] = []
    /// Exact copies of rows set aside as the records were decoded, per patient (`RecordCodec`).
    public var copies: [PatientKey: RowCopies] = [:]
    public init() {}

    /// Appends another batch's records. A table this batch does not hold yet takes the other
    /// batch's array as it is (no copy: with one file per table, merging files copies nothing —
    /// memory, SPEC 8).
    public mutating func append(_ other: RecordBatch) {
        func adopt<T>(_ mine: inout [T], _ theirs: [T]) {
            if mine.isEmpty { mine = theirs } else { mine += theirs }
        }
        adopt(&patients, other.patients)
        adopt(&labs, other.labs)
        adopt(&cytogenetics, other.cytogenetics)
        adopt(&therapies, other.therapies)
        adopt(&assessments, other.assessments)
        adopt(&adverseEvents, other.adverseEvents)
    }

    /// Rows held, all tables together.
    public var count: Int {
        patients.count + labs.count + cytogenetics.count + therapies.count + assessments.count + adverseEvents.count
    }

    /// Empties every table, keeping the arrays' capacity (a reader refills the same batch).
    public mutating func removeAll() {
        patients.removeAll(keepingCapacity: true)
        labs.removeAll(keepingCapacity: true)
        cytogenetics.removeAll(keepingCapacity: true)
        therapies.removeAll(keepingCapacity: true)
        assessments.removeAll(keepingCapacity: true)
        adverseEvents.removeAll(keepingCapacity: true)
        copies.removeAll()
    }
}
