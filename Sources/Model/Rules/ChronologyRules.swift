// The `CHR` family of the rule catalogue (SPEC 5).
extension Rule {
    /// SPEC 5 CHR: birth < diagnosis.
    public static let CHR001 = Rule("CHR-001", .error, title: "Birth not before diagnosis",
        description: "The diagnosis date is not after the birth date; the birth date is not used, so age cannot be computed.",
        source: "SPEC 5 CHR", fix: "Correct the birth or diagnosis date.")
    /// RULES.md 3 step 1: exposures before diagnosis_date are ignored.
    public static let CHR002 = Rule("CHR-002", .warning, title: "Therapy before diagnosis",
        description: "A therapy (steroids included) starts before the diagnosis date; it is ignored for lines of therapy.",
        source: "RULES.md 3 step 1", fix: "Correct the therapy start or the diagnosis date.")
    /// SPEC 5 CHR: start ≤ end.
    public static let CHR003 = Rule("CHR-003", .error, title: "End before start",
        description: "The end date of a therapy or adverse event precedes its start (onset); the end date is not used and the start is kept.",
        source: "SPEC 5 CHR", fix: "Correct the start or end date.")
    /// SPEC 5 CHR: nothing after death.
    public static let CHR004 = Rule("CHR-004", .error, title: "Event after death",
        description: "A lab, cytogenetic result, assessment, therapy, adverse event or last contact is dated after the death date; a row dated after death is rejected, an end date or last contact after death is not used.",
        source: "SPEC 5 CHR", fix: "Correct the record's date or the death date.")
    /// SPEC 5 CHR; RULES.md 8: `LSTALVDT` = max(last contact, every dated record).
    public static let CHR005 = Rule("CHR-005", .warning, title: "Last contact before an event",
        description: "A living patient's last_contact_date is earlier than a dated record of the patient; the latest record's date is used as the last date known alive.",
        source: "SPEC 5 CHR, RULES.md 8", fix: "Update last_contact_date.")
    /// SPEC 5 CHR: no future dates.
    public static let CHR006 = Rule("CHR-006", .error, title: "Future date",
        description: "A date lies after the data cutoff (data_cutoff in the pipeline file, else the day of the run) and in the future; a row so dated is rejected, such an end or patient date is not used.",
        source: "SPEC 5 CHR", fix: "Correct the date.")
    /// SPEC 5 CHR: transplant during an induction line.
    public static let CHR007 = Rule("CHR-007", .warning, title: "Transplant during induction",
        description: "A transplant is dated while an induction drug is still given: a non-steroid drug with setting INDUCTION not ended before it, or any non-steroid drug started in the 28 days before it with no end date (conditioning excluded).",
        source: "SPEC 5 CHR", fix: "Check the transplant date and the induction end dates.")
    /// RULES.md 4: "a missing end date on a drug that is not ongoing: CHR finding; the drug's
    /// end is taken as the line's end".
    public static let CHR008 = Rule("CHR-008", .warning, title: "Missing end date",
        description: "A drug that is not ongoing (stop_reason given and not ONGOING, the same drug given again later, or a later site_line started) has no end date; the line's end is used.",
        source: "RULES.md 4", fix: "Enter the date of the last dose.")
    /// SPEC 4.1: `last_contact_date` equals `death_date` when dead.
    public static let CHR009 = Rule("CHR-009", .warning, title: "Last contact differs from death",
        description: "For a dead patient last_contact_date must equal death_date; the death date is used as the last date known alive.",
        source: "SPEC 4.1", fix: "Set last_contact_date to the death date.")
    /// SPEC 5 CHR: diagnosis ≤ first therapy.
    public static let CHR010 = Rule("CHR-010", .error, title: "Diagnosis after first therapy",
        description: "The diagnosis date is after the first non-steroid anti-myeloma therapy (or transplant); the therapies before it are ignored (CHR-002).",
        source: "SPEC 5 CHR, RULES.md 3 step 1", fix: "Correct the diagnosis date or the therapy dates.")
    /// SPEC 5 CHR (issue 18): nothing measured before the patient was born, nor before 1900.
    public static let CHR012 = Rule("CHR-012", .error, title: "Date before birth",
        description: "A lab, cytogenetic result, assessment or adverse event is dated before the patient's birth date or before 1900; the row is rejected.",
        source: "SPEC 5 CHR", fix: "Correct the record's date (or the birth date).")
    public static let CHR011 = Rule("CHR-011", .info, title: "After the data cutoff",
        description: "A date lies after the study's data cutoff (data_cutoff in the pipeline file) but not in the future; the row (or the date) is not used, as nothing after the cutoff enters the analysis.",
        source: "SPEC 4.3", fix: "Nothing to do if the date is right.")

    public static let chronologyRules: [Rule] = [CHR001, CHR002, CHR003, CHR004, CHR005, CHR006, CHR007, CHR008,
                                                 CHR009, CHR010, CHR011, CHR012]
}
