extension Rule {
    public static let SCH001 = Rule("SCH-001", .error, title: "Required value missing",
        description: "A required field is empty; the row is rejected (a patients row is kept without the value, so that the patient's other records are not orphaned).", source: "SPEC 4.1",
        fix: "Fill in the field.")
    public static let SCH002 = Rule("SCH-002", .error, title: "Not a number",
        description: "A numeric field does not hold a number.", source: "SPEC 4.1",
        fix: "Enter a number (decimal point or comma), without units or text.")
    public static let SCH003 = Rule("SCH-003", .error, title: "Not a date",
        description: "A date field does not hold a valid date in the declared format (or holds a partial date where the full date is needed); a required date rejects the row.", source: "SPEC 4.1",
        fix: "Enter the date as YYYY-MM-DD (or the format declared in the pipeline file).")
    public static let SCH004 = Rule("SCH-004", .error, title: "Code not in code list",
        description: "A coded field holds a value outside its code list.", source: "SPEC 4.1",
        fix: "Use one of the listed codes.")
    public static let SCH005 = Rule("SCH-005", .error, title: "Value out of range",
        description: "A value is outside its allowed range (ECOG 0–4, BMPC 0–100, grade 1–5, …).",
        source: "SPEC 5 SCH", fix: "Correct the value.")
    public static let SCH006 = Rule("SCH-006", .info, title: "Partial date imputed",
        description: "A partial date (YYYY-MM or YYYY) was completed by the declared imputation rule.",
        source: "SPEC 4.1", fix: "Give the full date if it is known.")
    public static let SCH007 = Rule("SCH-007", .error, title: "Unknown drug or regimen",
        description: "The drug or regimen label is not in the dictionary.", source: "SPEC 4.1",
        fix: "Use the drug's generic name, or add the synonym to the pipeline file.")
    public static let SCH008 = Rule("SCH-008", .error, title: "Unknown lab test",
        description: "The test code is not one of the reference tests.", source: "SPEC 4.1",
        fix: "Use a listed test code, or map it in the pipeline file.")
    public static let SCH009 = Rule("SCH-009", .error, title: "No drug or regimen",
        description: "A therapy row has neither a drug nor a regimen.", source: "SPEC 4.1",
        fix: "Fill in the drug or the regimen label.")
    public static let SCH010 = Rule("SCH-010", .error, title: "Row of an unknown patient",
        description: "The row names a patient who has no usable row in patients.csv; every such row is rejected and counted (one finding per row, or one per table when none of the site's patients has a usable patients row).", source: "SPEC 4.1, SPEC 5",
        fix: "Add the patient to patients.csv or correct the patient_id.")

    public static let schemaRules: [Rule] = [SCH001, SCH002, SCH003, SCH004, SCH005, SCH006, SCH007, SCH008,
                                             SCH009, SCH010]
}
