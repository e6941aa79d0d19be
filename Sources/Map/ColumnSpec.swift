import MMModel

/// What one column of the reference layout holds (SPEC 4.1): its type, whether it is
/// required, its code list or range. The mapper reads its columns, required columns, ranges
/// and partial-date marks from here, and `docs/input-format.md`, the CSV, REDCap and ODM
/// templates are rendered from the same values (SPEC 10), so the upload specification a site
/// follows cannot drift from what the mapper accepts.
public struct ColumnSpec: Sendable {
    /// The kinds of value a column holds.
    public enum Kind: Sendable {
        /// The site's subject ID or site code.
        case identifier
        /// Free text (an adverse-event term).
        case text
        /// A date; `partial`: `YYYY-MM` / `YYYY` accepted and imputed (SPEC 4.1 "where marked").
        case date(partial: Bool)
        /// A number within `range` (`SCH-005` outside); `integer` refuses fractions (`SCH-002`).
        case number(range: ClosedRange<Double>, integer: Bool)
        /// One code of a code list (case-insensitive, synonyms accepted; `SCH-004`).
        case code(CodeListSpec)
        /// Any of the codes of a list, joined by `;` (`crab`: `C;R`).
        case codeSet(CodeListSpec)
        /// A lab test code or synonym of the lab dictionary (`schemas/lab-tests.yaml`).
        case labTest
        /// A lab value: a number, `<x` below detection, or `POS`/`NEG` for qualitative tests.
        case labValue
        /// One of the test's units in the lab dictionary.
        case labUnit
        /// A drug of the drug dictionary (`schemas/drugs.yaml`), by name or synonym.
        case drug
        /// A regimen label of the regimen dictionary (`schemas/regimens.yaml`).
        case regimen
    }

    /// Whether a file must have the column (`ING-004`) and a row its value (`SCH-001`).
    public enum Requirement: Sendable, Equatable {
        case required
        case optional
        /// Required in some rows only (the condition, for people: "for numbers").
        case conditional(String)
    }

    /// The reference column name (`birth_date`).
    public let name: String
    public let kind: Kind
    public let requirement: Requirement
    /// What the column holds, for people.
    public let meaning: String
    /// A valid value, for the example row of `docs/input-format.md` (may be empty).
    public let example: String

    public init(_ name: String, _ kind: Kind, _ requirement: Requirement, _ meaning: String, example: String = "") {
        self.name = name
        self.kind = kind
        self.requirement = requirement
        self.meaning = meaning
        self.example = example
    }

    public var isRequired: Bool { requirement == .required }

    /// True where a partial date is accepted and imputed.
    public var acceptsPartialDate: Bool {
        if case .date(let partial) = kind { return partial }
        return false
    }

    /// The allowed range and integer constraint of a number column.
    public var numberRange: (range: ClosedRange<Double>, integer: Bool)? {
        if case .number(let range, let integer) = kind { return (range, integer) }
        return nil
    }

    /// The code list of a coded column (one code or a `;`-joined set).
    public var codeList: CodeListSpec? {
        switch kind {
        case .code(let list), .codeSet(let list): return list
        default: return nil
        }
    }
}

/// A code list as a site sees it: the canonical codes with their labels, in order, and the
/// synonyms the mapper also accepts — taken from the very table the mapper looks codes up in.
public struct CodeListSpec: Sendable {
    /// A short name (`sex`, `response`), for headings and ODM `CodeList` OIDs.
    public let name: String
    /// Canonical codes with a label for people, in the order a form lists them.
    public let codes: [(code: String, label: String)]
    /// Other accepted spellings (case-insensitive; blanks and punctuation ignored).
    public let synonyms: [String]

    /// The canonical codes come first in `table` (`CodeLists.table` inserts them first);
    /// every other code of the table is a synonym.
    public init<V>(_ name: String, _ table: ByteCodeTable<V>, labels: [(String, String)]) {
        self.name = name
        codes = labels.map { (code: $0.0, label: $0.1) }
        let canonical = Set(labels.map { $0.0 })
        synonyms = table.codes.filter { !canonical.contains($0) }
    }
}

extension ReferenceLayout {
    /// What each table holds, one sentence (SPEC 4.1).
    public static func meaning(of table: TableName) -> String {
        switch table {
        case .patients: return "One row per patient."
        case .labs: return "One row per laboratory measurement (long format: one test, one value, one unit)."
        case .cytogenetics: return "One row per cytogenetic abnormality tested."
        case .therapies: return "One row per drug exposure (or per regimen, expanded to its drugs), transplants included."
        case .assessments: return "One row per disease assessment the site made (its own response)."
        case .adverseEvents: return "One row per adverse event."
        }
    }

    /// The columns of a table, in SPEC order, with their type, requirement and code list.
    public static func spec(of table: TableName) -> [ColumnSpec] {
        let ids = [
            ColumnSpec("patient_id", .identifier, .required, "the site's subject ID, unique within the site (never a name or tax code)", example: "P001"),
            ColumnSpec("site_id", .identifier, .required, "the site code given by the coordinating centre", example: "S01"),
        ]
        switch table {
        case .patients:
            return ids + [
                ColumnSpec("sex", .code(CodeLists.sexSpec), .required, "sex", example: "F"),
                ColumnSpec("birth_date", .date(partial: true), .required, "date of birth (only the age reaches the dataset)", example: "1950-03-14"),
                ColumnSpec("diagnosis_date", .date(partial: true), .required, "date of the multiple-myeloma diagnosis", example: "2018-05-10"),
                ColumnSpec("heavy_chain", .code(CodeLists.heavyChainSpec), .optional, "M-protein heavy chain (`none`: light-chain only)", example: "IgG"),
                ColumnSpec("light_chain", .code(CodeLists.lightChainSpec), .optional, "M-protein light chain", example: "kappa"),
                ColumnSpec("ecog", .number(range: 0...4, integer: true), .optional, "ECOG performance status at baseline", example: "1"),
                ColumnSpec("weight_kg", .number(range: 20...300, integer: false), .optional, "baseline weight, kg", example: "72.5"),
                ColumnSpec("height_cm", .number(range: 100...230, integer: false), .optional, "height, cm", example: "165"),
                ColumnSpec("death_date", .date(partial: false), .optional, "date of death; empty when alive"),
                ColumnSpec("last_contact_date", .date(partial: false), .required, "last date known alive (the death date when dead)", example: "2024-06-30"),
                ColumnSpec("iss", .code(CodeLists.stageSpec), .optional, "ISS stage the site reported (checked against the computed one)", example: "II"),
                ColumnSpec("riss", .code(CodeLists.stageSpec), .optional, "R-ISS stage the site reported (checked against the computed one)"),
                ColumnSpec("extramedullary", .code(CodeLists.yesNoSpec), .optional, "extramedullary disease at baseline (ADSL EMDFL; seed 002 stratifies PFS by it)", example: "N"),
            ]
        case .labs:
            return ids + [
                ColumnSpec("date", .date(partial: false), .required, "sample date", example: "2022-01-05"),
                ColumnSpec("test", .labTest, .required, "the lab test", example: "HGB"),
                ColumnSpec("value", .labValue, .required, "the number (decimal point or comma; `<x` below detection), or `POS`/`NEG` for a qualitative test", example: "11.2"),
                ColumnSpec("unit", .labUnit, .conditional("for numbers"), "the unit the laboratory reported, one of the test's units; for `MRD`, the sensitivity (`1e-5`)", example: "g/dL"),
                ColumnSpec("lln", .number(range: 0...1e9, integer: false), .optional, "the laboratory's lower reference limit, in the row's unit"),
                ColumnSpec("uln", .number(range: 0...1e9, integer: false), .optional, "the laboratory's upper reference limit, in the row's unit (needed for the LDH flag)"),
            ]
        case .cytogenetics:
            return ids + [
                ColumnSpec("date", .date(partial: false), .required, "sample date", example: "2018-05-20"),
                ColumnSpec("abnormality", .code(CodeLists.abnormalitySpec), .required, "the abnormality tested", example: "DEL17P"),
                ColumnSpec("result", .code(CodeLists.cytoResultSpec), .required, "the result (`FAILED` is not `NOT_DETECTED`)", example: "NOT_DETECTED"),
                ColumnSpec("method", .code(CodeLists.cytoMethodSpec), .optional, "the method", example: "FISH"),
            ]
        case .therapies:
            return ids + [
                ColumnSpec("drug", .drug, .conditional("drug or regimen"), "the drug, by generic name or synonym; `ASCT` / `ALLO_SCT` for transplants", example: "pomalidomide"),
                ColumnSpec("regimen", .regimen, .conditional("drug or regimen"), "the regimen label: expanded to its drugs when `drug` is empty, checked against the drug when both are given", example: "IsaPd"),
                ColumnSpec("start_date", .date(partial: true), .required, "first dose (transplant: its date)", example: "2022-01-10"),
                ColumnSpec("end_date", .date(partial: true), .optional, "last dose; empty = ongoing", example: "2022-09-30"),
                ColumnSpec("stop_reason", .code(CodeLists.stopReasonSpec), .optional, "why the drug was stopped", example: "PROGRESSION"),
                ColumnSpec("setting", .code(CodeLists.settingSpec), .optional, "the step of the line", example: "SALVAGE"),
                ColumnSpec("cycles", .number(range: 0...1000, integer: false), .optional, "number of cycles given", example: "9"),
                ColumnSpec("site_line", .number(range: 1...50, integer: true), .optional, "the line number the site believes this is (checked against the derived one)", example: "3"),
            ]
        case .assessments:
            return ids + [
                ColumnSpec("date", .date(partial: false), .required, "assessment date", example: "2022-04-04"),
                ColumnSpec("response", .code(CodeLists.responseSpec), .optional, "the response the site assessed (IMWG)", example: "VGPR"),
                ColumnSpec("progression_type", .code(CodeLists.progressionTypeSpec), .optional, "for `PD`: biochemical or clinical"),
                ColumnSpec("new_lesion", .code(CodeLists.yesNoSpec), .optional, "a new bone or extramedullary lesion", example: "N"),
                ColumnSpec("plasmacytoma", .code(CodeLists.yesNoSpec), .optional, "a plasmacytoma present", example: "N"),
                ColumnSpec("crab", .codeSet(CodeLists.crabSpec), .optional, "the CRAB features present at this assessment, joined by `;`"),
            ]
        case .adverseEvents:
            return ids + [
                ColumnSpec("term", .text, .required, "the adverse-event term (CTCAE / MedDRA wording)", example: "Neutropenia"),
                ColumnSpec("grade", .number(range: 1...5, integer: true), .optional, "CTCAE grade 1–5", example: "3"),
                ColumnSpec("onset_date", .date(partial: true), .optional, "onset date", example: "2022-02-14"),
                ColumnSpec("end_date", .date(partial: true), .optional, "resolution date; empty = ongoing", example: "2022-03-01"),
                ColumnSpec("serious", .code(CodeLists.yesNoSpec), .optional, "serious adverse event", example: "N"),
                ColumnSpec("related", .code(CodeLists.relatednessSpec), .optional, "related to the study treatment (`U` unknown)", example: "Y"),
            ]
        }
    }

    /// The spec of one column (nil when the table has no such column).
    public static func spec(of table: TableName, column: String) -> ColumnSpec? {
        spec(of: table).first { $0.name == column }
    }

    /// What each lab test measures (SPEC 4.1 table), in `LabTest` order.
    public static func meaning(of test: LabTest) -> String {
        switch test {
        case .spepM: return "serum M-protein (electrophoresis)"
        case .upepM: return "urine M-protein per 24 h"
        case .sife: return "serum immunofixation"
        case .uife: return "urine immunofixation"
        case .flcK: return "serum free light chain kappa"
        case .flcL: return "serum free light chain lambda"
        case .bmpc: return "bone-marrow plasma cells"
        case .bmClonal: return "clonal plasma cells in marrow (IHC/flow)"
        case .mrd: return "minimal residual disease (`unit` = sensitivity, e.g. `1e-5`)"
        case .b2m: return "beta-2 microglobulin"
        case .alb: return "albumin"
        case .ldh: return "lactate dehydrogenase (with `uln`)"
        case .creat: return "creatinine"
        case .hgb: return "haemoglobin"
        case .ca: return "calcium (corrected if available)"
        case .anc: return "neutrophils"
        case .plt: return "platelets"
        }
    }
}

extension CodeLists {
    public static let sexSpec = CodeListSpec("sex", sex, labels: [("M", "Male"), ("F", "Female")])
    public static let heavyChainSpec = CodeListSpec("heavy_chain", heavyChain, labels: [
        ("IgG", "IgG"), ("IgA", "IgA"), ("IgD", "IgD"), ("IgE", "IgE"), ("IgM", "IgM"), ("none", "None (light chain only)"),
    ])
    public static let lightChainSpec = CodeListSpec("light_chain", lightChain, labels: [("kappa", "Kappa"), ("lambda", "Lambda")])
    public static let stageSpec = CodeListSpec("stage", stage, labels: [("I", "Stage I"), ("II", "Stage II"), ("III", "Stage III")])
    public static let abnormalitySpec = CodeListSpec("abnormality", abnormality, labels: [
        ("DEL17P", "del(17p)"), ("T_4_14", "t(4;14)"), ("T_14_16", "t(14;16)"), ("T_14_20", "t(14;20)"),
        ("GAIN1Q", "gain(1q), 3 copies"), ("AMP1Q", "amp(1q), 4 or more copies"), ("DEL1P32", "del(1p32)"),
    ])
    public static let cytoResultSpec = CodeListSpec("cyto_result", cytoResult, labels: [
        ("DETECTED", "Detected"), ("NOT_DETECTED", "Not detected"), ("FAILED", "Failed (no result)"),
    ])
    public static let cytoMethodSpec = CodeListSpec("cyto_method", cytoMethod, labels: [
        ("FISH", "FISH"), ("NGS", "NGS"), ("KARYOTYPE", "Karyotype"),
    ])
    public static let stopReasonSpec = CodeListSpec("stop_reason", stopReason, labels: [
        ("PROGRESSION", "Progression"), ("TOXICITY", "Toxicity"), ("COMPLETED", "Completed as planned"),
        ("TRANSPLANT", "Transplant"), ("DEATH", "Death"), ("PATIENT_DECISION", "Patient decision"), ("OTHER", "Other"),
        ("ONGOING", "Ongoing"),
    ])
    public static let settingSpec = CodeListSpec("setting", setting, labels: [
        ("INDUCTION", "Induction"), ("CONDITIONING", "Conditioning"), ("CONSOLIDATION", "Consolidation"),
        ("MAINTENANCE", "Maintenance"), ("SALVAGE", "Salvage"),
    ])
    public static let responseSpec = CodeListSpec("response", response, labels: [
        ("SCR", "Stringent complete response"), ("CR", "Complete response"), ("VGPR", "Very good partial response"),
        ("PR", "Partial response"), ("MR", "Minimal response"), ("SD", "Stable disease"), ("PD", "Progressive disease"),
        ("NE", "Not evaluable"),
    ])
    public static let progressionTypeSpec = CodeListSpec("progression_type", progressionType, labels: [
        ("BIOCHEMICAL", "Biochemical"), ("CLINICAL", "Clinical"),
    ])
    public static let yesNoSpec = CodeListSpec("yes_no", yesNo, labels: [("Y", "Yes"), ("N", "No")])
    public static let relatednessSpec = CodeListSpec("related", relatedness, labels: [
        ("Y", "Related"), ("N", "Not related"), ("U", "Unknown"),
    ])
    public static let crabSpec = CodeListSpec("crab", crab, labels: [
        ("C", "Hypercalcaemia"), ("R", "Renal impairment"), ("A", "Anaemia"), ("B", "Bone disease"),
    ])
}
