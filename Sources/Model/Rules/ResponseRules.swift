// The `IMWG` family of the rule catalogue (SPEC 5; RULES.md 2).
extension Rule {
    public static let IMWG001 = Rule("IMWG-001", .warning, title: "Reported response disagrees",
        description: "The site's reported response differs from the IMWG response computed from the labs.",
        source: "RULES.md 2.3, Kumar 2016", fix: "Review the assessment against the lab values shown.")
    public static let IMWG002 = Rule("IMWG-002", .warning, title: "Response without required tests",
        description: "A response (e.g. CR) is claimed without the tests it needs (negative immunofixation, marrow).",
        source: "RULES.md 2.2, Kumar 2016", fix: "Enter the missing tests or correct the response.")
    public static let IMWG003 = Rule("IMWG-003", .warning, title: "PD without evidence",
        description: "PD is reported but the labs do not show it and no clinical progression, new lesion or plasmacytoma explains it.",
        source: "RULES.md 2.3", fix: "Enter the evidence of progression or correct the response.")
    public static let IMWG004 = Rule("IMWG-004", .warning, title: "Non-measurable disease",
        description: "No marker is measurable at the line's baseline; response levels cannot be computed from labs.",
        source: "RULES.md 2.1", fix: "Enter the baseline SPEP/UPEP/FLC/marrow values if they exist.")

    public static let responseRules: [Rule] = [IMWG001, IMWG002, IMWG003, IMWG004]
}
