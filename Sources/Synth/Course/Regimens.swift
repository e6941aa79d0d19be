/// A regimen the generator prescribes: its label as sites write it and its canonical drugs
/// (the regimen dictionary of `schemas/` must expand every label here to these drugs).
/// Drawn from the regimens of the seeds (IsaPd, EloPd, IsaKd cohorts and their prior lines).
struct Regimen: Sendable, Equatable {
    let label: String
    let drugs: [String]
    /// Cycle length in days, for the `cycles` column.
    let cycleDays: Int

    func contains(_ drug: String) -> Bool { drugs.contains(drug) }
    var hasAntiCD38: Bool { contains("daratumumab") || contains("isatuximab") }
    var hasLenalidomide: Bool { contains("lenalidomide") }
    var hasPomalidomide: Bool { contains("pomalidomide") }
}

/// The regimens used by the generator.
enum Regimens {
    // First line.
    static let vrd = Regimen(label: "VRd", drugs: ["bortezomib", "lenalidomide", "dexamethasone"], cycleDays: 21)
    static let vtd = Regimen(label: "VTd", drugs: ["bortezomib", "thalidomide", "dexamethasone"], cycleDays: 28)
    static let dvtd = Regimen(label: "DVTd", drugs: ["daratumumab", "bortezomib", "thalidomide", "dexamethasone"],
                              cycleDays: 28)
    static let drd = Regimen(label: "DRd", drugs: ["daratumumab", "lenalidomide", "dexamethasone"], cycleDays: 28)
    // Relapse.
    static let dvd = Regimen(label: "DVd", drugs: ["daratumumab", "bortezomib", "dexamethasone"], cycleDays: 21)
    static let krd = Regimen(label: "KRd", drugs: ["carfilzomib", "lenalidomide", "dexamethasone"], cycleDays: 28)
    static let kd = Regimen(label: "Kd", drugs: ["carfilzomib", "dexamethasone"], cycleDays: 28)
    static let dkd = Regimen(label: "DKd", drugs: ["daratumumab", "carfilzomib", "dexamethasone"], cycleDays: 28)
    static let pd = Regimen(label: "Pd", drugs: ["pomalidomide", "dexamethasone"], cycleDays: 28)
    static let pvd = Regimen(label: "PVd", drugs: ["pomalidomide", "bortezomib", "dexamethasone"], cycleDays: 21)
    static let elopd = Regimen(label: "EloPd", drugs: ["elotuzumab", "pomalidomide", "dexamethasone"], cycleDays: 28)
    static let isapd = Regimen(label: "IsaPd", drugs: ["isatuximab", "pomalidomide", "dexamethasone"], cycleDays: 28)
    static let isakd = Regimen(label: "IsaKd", drugs: ["isatuximab", "carfilzomib", "dexamethasone"], cycleDays: 28)

    static let all: [Regimen] = [vrd, vtd, dvtd, drd, dvd, krd, kd, dkd, pd, pvd, elopd, isapd, isakd]

    /// Bortezomib in a relapse triplet is usually stopped after 8 three-week cycles while the
    /// partners go on: dropping a drug never starts a line (RULES.md 3), a case worth having.
    static let bortezomibMaxDays = 8 * 21
}
