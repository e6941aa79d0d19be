extension Rule {
    public static let UNIT001 = Rule("UNIT-001", .error, title: "Unknown unit",
        description: "The unit is not one of the accepted units of the test.", source: "SPEC 4.1, RULES.md 1",
        fix: "Use one of the test's accepted units.")
    public static let UNIT002 = Rule("UNIT-002", .warning, title: "Implausible magnitude: value corrected",
        description: "The value's magnitude betrays another unit; it was reinterpreted in the evident unit (unit_mismatch: correct).",
        source: "RULES.md 1", fix: "Check the unit of this value and correct the CRF.")
    public static let UNIT003 = Rule("UNIT-003", .warning, title: "Implausible magnitude: value excluded",
        description: "The value's magnitude betrays another unit; it is kept but used by no derivation (unit_mismatch: exclude).",
        source: "RULES.md 1", fix: "Check the unit of this value and correct the CRF.")
    public static let UNIT004 = Rule("UNIT-004", .error, title: "Implausible magnitude: row rejected",
        description: "The value's magnitude betrays another unit; the row is rejected (unit_mismatch: reject).",
        source: "RULES.md 1", fix: "Check the unit of this value and correct the CRF.")
    public static let UNIT005 = Rule("UNIT-005", .error, title: "Missing unit",
        description: "A numeric lab value has no unit.", source: "SPEC 4.1",
        fix: "Enter the unit the laboratory reported.")

    public static let unitRules: [Rule] = [UNIT001, UNIT002, UNIT003, UNIT004, UNIT005]
}
