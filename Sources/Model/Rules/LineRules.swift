// The `LOT` family of the rule catalogue (SPEC 5; RULES.md 3, SPEC 4.3).
extension Rule {
    public static let LOT001 = Rule("LOT-001", .warning, title: "Line number differs",
        description: "The site's line number differs from the derived line of therapy.",
        source: "RULES.md 3 step 7, Rajkumar 2015", fix: "Review the treatment history.")
    public static let LOT002 = Rule("LOT-002", .warning, title: "Regimen label does not match drugs",
        description: "The regimen label does not match the drugs given with it.", source: "SPEC 4.1",
        fix: "Correct the regimen label or the drug rows.")
    public static let LOT003 = Rule("LOT-003", .info, title: "No index regimen",
        description: "The patient never received the index regimen and is outside the analysis population.",
        source: "SPEC 4.3", fix: "Check the therapy rows if the patient should be included.")

    public static let lineRules: [Rule] = [LOT001, LOT002, LOT003]
}
