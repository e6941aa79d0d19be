// The `DUP` family of the rule catalogue (SPEC 5).
extension Rule {
    /// SPEC 5 DUP: duplicate patients.
    public static let DUP001 = Rule("DUP-001", .error, title: "Duplicate patient",
        description: "The same patient_id appears twice in patients.csv for one site; the later row is rejected.",
        source: "SPEC 5 DUP", fix: "Keep one row per patient.")
    /// SPEC 5 DUP: duplicate rows.
    public static let DUP002 = Rule("DUP-002", .warning, title: "Duplicate row",
        description: "A row repeats an earlier row of the same table and patient with identical values; the copy is ignored.",
        source: "SPEC 5 DUP", fix: "Remove the repeated row.")
    /// SPEC 5 DUP; RULES.md 2.2: "same date: the first row in file order, and a DUP finding".
    public static let DUP003 = Rule("DUP-003", .warning, title: "Conflicting values",
        description: "Two rows disagree about the same patient, date and test (labs), the same date (assessments), or the same abnormality, date and method (cytogenetics); the first row in file order is used and the others are ignored.",
        source: "SPEC 5 DUP, RULES.md 2.2", fix: "Keep the correct value and delete the other row.")

    public static let duplicateRules: [Rule] = [DUP001, DUP002, DUP003]
}
