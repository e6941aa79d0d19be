extension Rule {
    public static let DUP001 = Rule("DUP-001", .error, title: "Duplicate patient",
        description: "The same patient_id appears twice in patients.csv for one site; the later row is rejected.",
        source: "SPEC 5 DUP", fix: "Keep one row per patient.")
    public static let DUP002 = Rule("DUP-002", .warning, title: "Duplicate row",
        description: "An identical row appears twice; the copy is ignored.", source: "SPEC 5 DUP",
        fix: "Remove the repeated row.")
    public static let DUP003 = Rule("DUP-003", .warning, title: "Conflicting values",
        description: "The same patient, test and date carry different values; the first row in file order is used.",
        source: "SPEC 5 DUP, RULES.md 2.2", fix: "Keep the correct value and delete the other.")

    public static let CHR001 = Rule("CHR-001", .error, title: "Birth not before diagnosis",
        description: "The diagnosis date is not after the birth date.", source: "SPEC 5 CHR",
        fix: "Correct the birth or diagnosis date.")
    public static let CHR002 = Rule("CHR-002", .warning, title: "Therapy before diagnosis",
        description: "A therapy starts before the diagnosis date; it is ignored for lines of therapy.",
        source: "RULES.md 3 step 1", fix: "Correct the therapy start or the diagnosis date.")
    public static let CHR003 = Rule("CHR-003", .error, title: "End before start",
        description: "An end date precedes its start date.", source: "SPEC 5 CHR",
        fix: "Correct the start or end date.")
    public static let CHR004 = Rule("CHR-004", .error, title: "Event after death",
        description: "A record is dated after the patient's death.", source: "SPEC 5 CHR",
        fix: "Correct the record's date or the death date.")
    public static let CHR005 = Rule("CHR-005", .warning, title: "Last contact before an event",
        description: "last_contact_date is earlier than a dated record of the patient; the latest record is used.",
        source: "SPEC 5 CHR, RULES.md 8", fix: "Update last_contact_date.")
    public static let CHR006 = Rule("CHR-006", .error, title: "Future date",
        description: "A date lies after the date of the run.", source: "SPEC 5 CHR", fix: "Correct the date.")
    public static let CHR007 = Rule("CHR-007", .warning, title: "Transplant during induction",
        description: "A transplant is dated while an induction drug of the same line is still given.",
        source: "SPEC 5 CHR", fix: "Check the transplant date and the induction end dates.")
    public static let CHR008 = Rule("CHR-008", .warning, title: "Missing end date",
        description: "A drug that is not ongoing has no end date; the line's end is used.",
        source: "RULES.md 4", fix: "Enter the date of the last dose.")
    public static let CHR009 = Rule("CHR-009", .warning, title: "Last contact differs from death",
        description: "For a dead patient last_contact_date must equal death_date.", source: "SPEC 4.1",
        fix: "Set last_contact_date to the death date.")
    public static let CHR010 = Rule("CHR-010", .error, title: "Diagnosis after first therapy",
        description: "The diagnosis date is after the first anti-myeloma therapy.", source: "SPEC 5 CHR",
        fix: "Correct the diagnosis date or the therapy dates.")

    public static let PHI001 = Rule("PHI-001", .error, title: "Direct identifier",
        description: "A column looks like a direct identifier (name, surname, tax code, phone, email, address); its values are discarded and never written anywhere.",
        source: "SPEC 5 PHI, GDPR", fix: "Remove the column from the export.")

    public static let duplicateRules: [Rule] = [DUP001, DUP002, DUP003]
    public static let chronologyRules: [Rule] = [CHR001, CHR002, CHR003, CHR004, CHR005, CHR006, CHR007, CHR008,
                                                 CHR009, CHR010]
    public static let identifierRules: [Rule] = [PHI001]
}
