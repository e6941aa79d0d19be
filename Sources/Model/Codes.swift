// Code lists of the reference CRF layout (SPEC 4.1). Raw values are the canonical codes
// written in outputs; synonyms are mapped by the Map stage from `schemas/`.

/// The tables of the reference layout (SPEC 4.1, ODM `IG.<TABLE>` in 4.2).
public enum TableName: String, CaseIterable, Sendable, Codable {
    case patients, labs, cytogenetics, therapies, assessments
    case adverseEvents = "adverse_events"

    /// The ODM ItemGroupOID of this table (`IG.LABS`, …).
    public var itemGroupOID: String { "IG." + rawValue.uppercased() }
}

public enum Sex: String, Sendable, Codable, CaseIterable { case male = "M", female = "F" }

public enum HeavyChain: String, Sendable, Codable, CaseIterable {
    case igG = "IgG", igA = "IgA", igD = "IgD", igE = "IgE", igM = "IgM", none = "none"
}

public enum LightChain: String, Sendable, Codable, CaseIterable { case kappa, lambda }

/// Laboratory tests of `labs.csv` (SPEC 4.1).
public enum LabTest: String, Sendable, Codable, CaseIterable {
    case spepM = "SPEP_M", upepM = "UPEP_M", sife = "SIFE", uife = "UIFE"
    case flcK = "FLC_K", flcL = "FLC_L", bmpc = "BMPC", bmClonal = "BM_CLONAL", mrd = "MRD"
    case b2m = "B2M", alb = "ALB", ldh = "LDH", creat = "CREAT", hgb = "HGB", ca = "CA"
    case anc = "ANC", plt = "PLT"

    /// Qualitative tests carry `POS`/`NEG`, not numbers.
    public var isQualitative: Bool {
        switch self {
        case .sife, .uife, .bmClonal, .mrd: return true
        default: return false
        }
    }

    /// The internal canonical unit (RULES.md 1); nil for qualitative tests.
    public var canonicalUnit: String? {
        switch self {
        case .spepM: return "g/dL"
        case .upepM: return "mg/24h"
        case .flcK, .flcL: return "mg/L"
        case .bmpc: return "%"
        case .b2m: return "mg/L"
        case .alb: return "g/dL"
        case .ldh: return "U/L"
        case .creat: return "mg/dL"
        case .hgb: return "g/dL"
        case .ca: return "mg/dL"
        case .anc, .plt: return "10^9/L"
        case .sife, .uife, .bmClonal, .mrd: return nil
        }
    }

    /// Tests that make up a response assessment (RULES.md 2.2).
    public var isResponseRelevant: Bool {
        switch self {
        case .spepM, .upepM, .sife, .uife, .flcK, .flcL, .bmpc, .bmClonal: return true
        default: return false
        }
    }
}

public enum CytoAbnormality: String, Sendable, Codable, CaseIterable {
    case del17p = "DEL17P", t4_14 = "T_4_14", t14_16 = "T_14_16", t14_20 = "T_14_20"
    case gain1q = "GAIN1Q", amp1q = "AMP1Q", del1p32 = "DEL1P32"
}

public enum CytoResult: String, Sendable, Codable, CaseIterable {
    case detected = "DETECTED", notDetected = "NOT_DETECTED", failed = "FAILED"
}

public enum CytoMethod: String, Sendable, Codable, CaseIterable {
    case fish = "FISH", ngs = "NGS", karyotype = "KARYOTYPE"
}

public enum StopReason: String, Sendable, Codable, CaseIterable {
    case progression = "PROGRESSION", toxicity = "TOXICITY", completed = "COMPLETED"
    case transplant = "TRANSPLANT", death = "DEATH", patientDecision = "PATIENT_DECISION"
    case other = "OTHER", ongoing = "ONGOING"
}

public enum TherapySetting: String, Sendable, Codable, CaseIterable {
    case induction = "INDUCTION", conditioning = "CONDITIONING", consolidation = "CONSOLIDATION"
    case maintenance = "MAINTENANCE", salvage = "SALVAGE"
}

/// IMWG response categories, ordered from worst (`PD`) to best (`sCR`); `NE` is not evaluable.
public enum ResponseCategory: String, Sendable, Codable, CaseIterable, Comparable {
    case ne = "NE", pd = "PD", sd = "SD", mr = "MR", pr = "PR", vgpr = "VGPR", cr = "CR", scr = "SCR"

    /// Rank for comparisons: NE < PD < SD < MR < PR < VGPR < CR < sCR.
    public var rank: Int {
        switch self {
        case .ne: return 0
        case .pd: return 1
        case .sd: return 2
        case .mr: return 3
        case .pr: return 4
        case .vgpr: return 5
        case .cr: return 6
        case .scr: return 7
        }
    }

    public static func < (a: ResponseCategory, b: ResponseCategory) -> Bool { a.rank < b.rank }

    /// A response level (MR or better).
    public var isResponse: Bool { rank >= ResponseCategory.mr.rank }
}

public enum ProgressionType: String, Sendable, Codable, CaseIterable {
    case biochemical = "BIOCHEMICAL", clinical = "CLINICAL"
}

/// CRAB features reported at an assessment (`crab` column, `;`-joined).
public enum CRABFeature: String, Sendable, Codable, CaseIterable {
    case calcium = "C", renal = "R", anaemia = "A", bone = "B"
}

/// AE relatedness (`Y`/`N`/`U`).
public enum Relatedness: String, Sendable, Codable, CaseIterable { case yes = "Y", no = "N", unknown = "U" }

/// Drug classes (RULES.md 4). A drug may belong to several (e.g. none for ASCT).
public enum DrugClass: String, Sendable, Codable, CaseIterable, Comparable {
    case imid = "IMID", celmod = "CELMOD", pi = "PI", antiCD38 = "ANTI_CD38"
    case antiSLAMF7 = "ANTI_SLAMF7", alkylator = "ALKYLATOR", anthracycline = "ANTHRACYCLINE"
    case steroid = "STEROID", bispecific = "BISPECIFIC", carT = "CAR_T", adc = "ADC"
    case xpo1 = "XPO1", bcl2 = "BCL2", hdac = "HDAC", other = "OTHER", transplant = "TRANSPLANT"

    public static func < (a: DrugClass, b: DrugClass) -> Bool { a.rawValue < b.rawValue }
}

/// Finding severity (SPEC 5).
public enum Severity: String, Sendable, Codable, CaseIterable, Comparable {
    case error = "ERROR", warning = "WARNING", info = "INFO"

    private var rank: Int { self == .error ? 2 : (self == .warning ? 1 : 0) }
    public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
}
