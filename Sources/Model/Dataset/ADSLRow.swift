/// One row of `adsl.csv` (SPEC 7): a patient of the analysis population, values at the index
/// date. Property names are the contract's column names. `STUDYID`/`USUBJID` are added by
/// Emit (pseudonymisation lives there); the row carries the patient's key for it.
public struct ADSLRow: Sendable, Hashable {
    public var key: PatientKey
    public var SEX: String?
    public var AGE: Int?
    /// `<70` / `>=70` (seed Table 1 grouping).
    public var AGEGR1: String?
    public var DIAGDT: Day?
    public var INDEXDT: Day?
    public var INDEXREG: String?
    /// SPEC 4.3: the arm (of the pipeline file's `arms`) whose regimen the index line matches.
    public var TRT01P: String?
    public var INDEXLOT: Int?
    public var PRIORLOT: Int?
    public var PRASCTFL: Bool?
    /// e.g. `IgG kappa`, `light chain lambda`.
    public var ISOTYPE: String?
    public var ECOG: Int?
    /// Extramedullary disease at baseline, from `patients.extramedullary`.
    public var EMDFL: Bool?
    /// `I`, `II`, `III` (rendered by `Stage.roman`).
    public var ISS: Stage?
    public var RISS: Stage?
    /// `I`…`IV`.
    public var R2ISS: Stage?
    public var B2M: Double?
    public var ALB: Double?
    public var LDH: Double?
    public var LDHHIFL: Bool?
    public var CREAT: Double?
    public var CRCL: Double?
    public var CRCL60FL: Bool?
    public var HGB: Double?
    /// `HIGH`, `STANDARD`.
    public var CYTORISK: CytogeneticRisk?
    public var DEL17PFL: Bool?
    public var T414FL: Bool?
    public var T1416FL: Bool?
    public var GAIN1QFL: Bool?
    /// `REFRACTORY`, `SYMPTOMATIC_RELAPSE`, `BIOCHEMICAL_RELAPSE`, `NO_PROGRESSION`.
    public var DISSTAT: DiseaseStatus?
    public var LENEXFL: Bool?
    public var LENRFL: Bool?
    public var POMEXFL: Bool?
    public var POMRFL: Bool?
    public var BOREXFL: Bool?
    public var BORRFL: Bool?
    public var CAREXFL: Bool?
    public var CARRFL: Bool?
    public var DARAEXFL: Bool?
    public var DARARFL: Bool?
    public var ISAEXFL: Bool?
    public var ISARFL: Bool?
    public var CD38EXFL: Bool?
    public var CD38RFL: Bool?
    public var IMIDEXFL: Bool?
    public var IMIDRFL: Bool?
    public var PIEXFL: Bool?
    public var PIRFL: Bool?
    public var TCEFL: Bool?
    public var TCRFL: Bool?
    /// Double-refractory (IMiD + PI), an extra column.
    public var DBLRFL: Bool?
    public var QUADRFL: Bool?
    public var PENTARFL: Bool?
    public var CD38GAP: Int?
    public var CD38LSTFL: Bool?
    /// `SERUM`, `URINE`, `FLC`, `BM`, `NONE` (index line baseline).
    public var MEASDIS: String?
    public var BOR: ResponseCategory?
    /// `computed`, `reported`, `mixed`.
    public var BORSRC: BORSource?
    public var RESPFL: Bool?
    public var VGPRFL: Bool?
    public var CRFL: Bool?
    public var DTHFL: Bool?
    public var DTHDT: Day?
    public var LSTALVDT: Day?
    /// Exposure/refractoriness for every other drug (the generic table, `adexp.csv`).
    public var drugStatus: [DrugStatus]

    public init(key: PatientKey) {
        self.key = key
        self.drugStatus = []
    }
}

/// The drugs with their own exposure/refractory flag pair in ADSL (RULES.md 4, SPEC 7 order):
/// the column prefix (`LEN` → `LENEXFL`, `LENRFL`), the drug and the row's two flags. Derive
/// fills the flags and Emit names the columns from this one list.
public struct ADSLDrugFlags: Sendable {
    public var prefix: String
    public var drug: String
    public var exposed: WritableKeyPath<ADSLRow, Bool?> & Sendable
    public var refractory: WritableKeyPath<ADSLRow, Bool?> & Sendable

    public static let all: [ADSLDrugFlags] = [
        ADSLDrugFlags(prefix: "LEN", drug: DrugName.lenalidomide, exposed: \.LENEXFL, refractory: \.LENRFL),
        ADSLDrugFlags(prefix: "POM", drug: DrugName.pomalidomide, exposed: \.POMEXFL, refractory: \.POMRFL),
        ADSLDrugFlags(prefix: "BOR", drug: DrugName.bortezomib, exposed: \.BOREXFL, refractory: \.BORRFL),
        ADSLDrugFlags(prefix: "CAR", drug: DrugName.carfilzomib, exposed: \.CAREXFL, refractory: \.CARRFL),
        ADSLDrugFlags(prefix: "DARA", drug: DrugName.daratumumab, exposed: \.DARAEXFL, refractory: \.DARARFL),
        ADSLDrugFlags(prefix: "ISA", drug: DrugName.isatuximab, exposed: \.ISAEXFL, refractory: \.ISARFL),
    ]
}

/// Exposure and refractoriness at index for one canonical drug (RULES.md 4).
public struct DrugStatus: Sendable, Hashable {
    public var drug: String
    public var classes: [DrugClass]
    public var exposed: Bool
    public var refractory: Bool
    public var lastDose: Day?
    public init(drug: String, classes: [DrugClass], exposed: Bool, refractory: Bool, lastDose: Day?) {
        self.drug = drug
        self.classes = classes
        self.exposed = exposed
        self.refractory = refractory
        self.lastDose = lastDose
    }
}
