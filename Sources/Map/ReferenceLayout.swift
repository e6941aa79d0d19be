import MMModel

/// The columns of the reference CRF layout (SPEC 4.1), per table, and which are required.
public enum ReferenceLayout {
    /// Every column of a table, in SPEC order (`iss`/`riss`: optional site-reported stage;
    /// `extramedullary`: optional, extramedullary disease at baseline).
    public static func columns(of table: TableName) -> [String] { spec(of: table).map(\.name) }

    /// Columns a file of the table must have (`ING-004` when absent). `therapies` also needs
    /// `drug` or `regimen` (checked separately). `labs.unit` is needed only for numbers, so its
    /// absence is found row by row (`UNIT-005`).
    public static func requiredColumns(of table: TableName) -> [String] {
        spec(of: table).filter(\.isRequired).map(\.name)
    }

    /// Date columns where a partial date (`YYYY-MM`, `YYYY`) is accepted and imputed (SPEC 4.1
    /// "where marked"): the birth date (marked in SPEC), the diagnosis date, and the dates of
    /// therapies and adverse events, which retrospective charts often give only to the month.
    /// Lab, assessment, cytogenetic, death and last-contact dates drive response and survival
    /// and need the day.
    public static func acceptsPartialDate(table: TableName, column: String) -> Bool {
        spec(of: table, column: column)?.acceptsPartialDate ?? false
    }

    /// The table named by a source table name: `labs`, `LABS`, `IG.LABS`.
    public static func table(named name: String) -> TableName? {
        var n = name.lowercased()
        if n.hasPrefix("ig.") { n.removeFirst(3) }
        return TableName(rawValue: n)
    }
}

/// Every column name of the reference layout, for the per-row path: a `TablePlan` finds a
/// field by array index (`plan[.date]`) instead of hashing or comparing names.
enum Column: Int, CaseIterable, Sendable {
    case patientId
    case siteId
    case sex
    case birthDate
    case diagnosisDate
    case heavyChain
    case lightChain
    case ecog
    case weightKg
    case heightCm
    case deathDate
    case lastContactDate
    case iss
    case riss
    case date
    case test
    case value
    case unit
    case lln
    case uln
    case abnormality
    case result
    case method
    case drug
    case regimen
    case startDate
    case endDate
    case stopReason
    case setting
    case cycles
    case siteLine
    case response
    case progressionType
    case newLesion
    case plasmacytoma
    case crab
    case term
    case grade
    case onsetDate
    case serious
    case related
    case extramedullary

    /// The column's reference name (`birth_date`).
    var name: String { Column.names[rawValue] }

    static let names: [String] = ["patient_id", "site_id", "sex", "birth_date", "diagnosis_date", "heavy_chain", "light_chain", "ecog", "weight_kg", "height_cm", "death_date", "last_contact_date", "iss", "riss", "date", "test", "value", "unit", "lln", "uln", "abnormality", "result", "method", "drug", "regimen", "start_date", "end_date", "stop_reason", "setting", "cycles", "site_line", "response", "progression_type", "new_lesion", "plasmacytoma", "crab", "term", "grade", "onset_date", "serious", "related", "extramedullary"]

    init?(name: String) {
        guard let i = Column.names.firstIndex(of: name) else { return nil }
        self.init(rawValue: i)
    }
}
