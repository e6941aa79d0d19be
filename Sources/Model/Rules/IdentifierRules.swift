// The `PHI` family of the rule catalogue (SPEC 5).
extension Rule {
    /// SPEC 5 PHI: direct identifiers never reach any output, log or report.
    public static let PHI001 = Rule("PHI-001", .error, title: "Direct identifier",
        description: "A column's name looks like a direct identifier (name, surname, initials, tax code, phone, e-mail, address, residence), or its values look like a codice fiscale, an e-mail address or a phone number; the column's values are discarded and never written anywhere.",
        source: "SPEC 5 PHI, GDPR art. 4(1)", fix: "Remove the column from the export.")

    public static let identifierRules: [Rule] = [PHI001]
}
