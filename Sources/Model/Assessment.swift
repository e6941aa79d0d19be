/// One row of `assessments.csv`: the site's own disease assessment (SPEC 4.1).
public struct Assessment: Sendable, Hashable {
    public var key: PatientKey
    public var date: Day
    public var response: ResponseCategory?
    public var progressionType: ProgressionType?
    public var newLesion: Bool?
    public var plasmacytoma: Bool?
    public var crab: Set<CRABFeature>
    public var provenance: Provenance

    public init(key: PatientKey, date: Day, response: ResponseCategory? = nil,
                progressionType: ProgressionType? = nil, newLesion: Bool? = nil, plasmacytoma: Bool? = nil,
                crab: Set<CRABFeature> = [], provenance: Provenance) {
        self.key = key
        self.date = date
        self.response = response
        self.progressionType = progressionType
        self.newLesion = newLesion
        self.plasmacytoma = plasmacytoma
        self.crab = crab
        self.provenance = provenance
    }
}
