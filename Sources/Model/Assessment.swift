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

extension Assessment {
    /// The site reports a progression here: `PD`, a new lesion or a plasmacytoma (RULES.md
    /// 2.2–2.3: a reported PD is progression on its date, without confirmation). The one
    /// definition used by lines (RULES.md 3 step 5), the response engine and disease status.
    public var reportsProgression: Bool { response == .pd || reportsLesion }

    /// A new lesion or a plasmacytoma is recorded (RULES.md 2.2: PD whatever the labs show).
    public var reportsLesion: Bool { newLesion == true || plasmacytoma == true }

    /// A reported PD that the labs need not show (RULES.md 2.3): clinical progression, a new
    /// lesion or a plasmacytoma is recorded with it (`IMWG-003` is raised only without it).
    public var hasClinicalProgressionEvidence: Bool {
        progressionType == .clinical || reportsLesion
    }
}
