/// One row of `adverse_events.csv` (SPEC 4.1).
public struct AdverseEvent: Sendable, Hashable {
    public var key: PatientKey
    public var term: String
    /// CTCAE grade 1–5.
    public var grade: Int?
    public var onsetDate: Day?
    public var endDate: Day?
    public var serious: Bool?
    public var related: Relatedness?
    public var provenance: Provenance

    public init(key: PatientKey, term: String, grade: Int? = nil, onsetDate: Day? = nil, endDate: Day? = nil,
                serious: Bool? = nil, related: Relatedness? = nil, provenance: Provenance) {
        self.key = key
        self.term = term
        self.grade = grade
        self.onsetDate = onsetDate
        self.endDate = endDate
        self.serious = serious
        self.related = related
        self.provenance = provenance
    }
}
