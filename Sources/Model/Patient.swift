/// One row of `patients.csv` (SPEC 4.1), canonical.
public struct Patient: Sendable, Hashable {
    public var key: PatientKey
    public var sex: Sex?
    /// Never written to any output (SPEC 7): used only for ages.
    public var birthDate: Day?
    public var diagnosisDate: Day?
    public var heavyChain: HeavyChain?
    public var lightChain: LightChain?
    public var ecog: Int?
    public var weightKg: Double?
    public var heightCm: Double?
    public var deathDate: Day?
    public var lastContactDate: Day?
    /// Site-reported ISS / R-ISS at index (optional columns `iss`, `riss`), checked by `STG`.
    public var reportedISS: String?
    public var reportedRISS: String?
    /// Extramedullary disease at baseline (optional column `extramedullary`, `Y`/`N`; seed
    /// 002 stratifies PFS by it); nil when not recorded.
    public var extramedullary: Bool?
    public var provenance: Provenance

    public init(key: PatientKey, sex: Sex? = nil, birthDate: Day? = nil, diagnosisDate: Day? = nil,
                heavyChain: HeavyChain? = nil, lightChain: LightChain? = nil, ecog: Int? = nil,
                weightKg: Double? = nil, heightCm: Double? = nil, deathDate: Day? = nil,
                lastContactDate: Day? = nil, provenance: Provenance) {
        self.key = key
        self.sex = sex
        self.birthDate = birthDate
        self.diagnosisDate = diagnosisDate
        self.heavyChain = heavyChain
        self.lightChain = lightChain
        self.ecog = ecog
        self.weightKg = weightKg
        self.heightCm = heightCm
        self.deathDate = deathDate
        self.lastContactDate = lastContactDate
        self.provenance = provenance
    }
}
