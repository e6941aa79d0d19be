/// One row of `cytogenetics.csv` (SPEC 4.1).
public struct CytogeneticResult: Sendable, Hashable {
    public var key: PatientKey
    public var date: Day
    public var abnormality: CytoAbnormality
    public var result: CytoResult
    public var method: CytoMethod?
    public var provenance: Provenance

    public init(key: PatientKey, date: Day, abnormality: CytoAbnormality, result: CytoResult,
                method: CytoMethod?, provenance: Provenance) {
        self.key = key
        self.date = date
        self.abnormality = abnormality
        self.result = result
        self.method = method
        self.provenance = provenance
    }
}
