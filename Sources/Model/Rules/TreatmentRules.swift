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

    public static let LOT001 = Rule("LOT-001", .warning, title: "Line number differs",
        description: "The site's line number differs from the derived line of therapy.",
        source: "RULES.md 3 step 7, Rajkumar 2015", fix: "Review the treatment history.")
    public static let LOT002 = Rule("LOT-002", .warning, title: "Regimen label does not match drugs",
        description: "The regimen label does not match the drugs given with it.", source: "SPEC 4.1",
        fix: "Correct the regimen label or the drug rows.")
    public static let LOT003 = Rule("LOT-003", .info, title: "No index regimen",
        description: "The patient never received the index regimen and is outside the analysis population.",
        source: "SPEC 4.3", fix: "Check the therapy rows if the patient should be included.")

    public static let stagingRules: [Rule] = [STG001, STG002, STG003, STG004]
    public static let lineRules: [Rule] = [LOT001, LOT002, LOT003]
}
