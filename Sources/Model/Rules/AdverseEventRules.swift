// The `AE` family of the rule catalogue (SPEC 5; RULES.md 9).
extension Rule {
    public static let AE001 = Rule("AE-001", .info, title: "Haematological AE without lab support",
        description: "A reported grade ≥ 3 haematological AE has no lab value reaching that grade within ± 7 days.",
        source: "RULES.md 9, CTCAE v5.0", fix: "Enter the lab value or review the grade.")

    public static let adverseEventRules: [Rule] = [AE001]
}
