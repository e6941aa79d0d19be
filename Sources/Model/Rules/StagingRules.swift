// The `STG` family of the rule catalogue (SPEC 5; RULES.md 5–6).
extension Rule {
    public static let STG001 = Rule("STG-001", .warning, title: "Reported stage differs",
        description: "The site-reported ISS or R-ISS differs from the computed stage.", source: "RULES.md 5",
        fix: "Review B2M, albumin, LDH and cytogenetics at index.")
    public static let STG002 = Rule("STG-002", .info, title: "Stage inputs missing",
        description: "Staging at index lacks inputs; the missing ones are named.", source: "RULES.md 5",
        fix: "Enter the missing baseline values if available.")
    public static let STG003 = Rule("STG-003", .warning, title: "LDH without ULN",
        description: "An LDH value has no upper limit of normal; LDHHIFL cannot be derived.", source: "RULES.md 5",
        fix: "Enter the laboratory's LDH upper limit of normal.")
    public static let STG004 = Rule("STG-004", .info, title: "Creatinine clearance not computable",
        description: "CrCl at index cannot be computed (missing weight, creatinine or age).", source: "RULES.md 6",
        fix: "Enter the baseline weight.")

    public static let stagingRules: [Rule] = [STG001, STG002, STG003, STG004]
}
