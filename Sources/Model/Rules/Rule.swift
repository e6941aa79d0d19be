/// A rule of the validation catalogue (SPEC 5). The catalogue is defined in code, one file
/// per family, and exported to `schemas/rules.json` / `docs/rules.md` (kept in sync by a test).
public struct Rule: Sendable, Hashable, Codable {
    /// `ING-001`, `SCH-004`, …
    public var id: String
    public var severity: Severity
    /// A short title.
    public var title: String
    /// What the rule checks.
    public var description: String
    /// Where the rule comes from (SPEC/RULES section, paper).
    public var source: String
    /// What the site should do.
    public var fix: String

    public init(_ id: String, _ severity: Severity, title: String, description: String, source: String, fix: String) {
        self.id = id
        self.severity = severity
        self.title = title
        self.description = description
        self.source = source
        self.fix = fix
    }

    /// The family prefix (`ING`, `SCH`, …).
    public var family: String { String(id.prefix(while: { $0 != "-" })) }

    /// Every rule, in catalogue order (family, then number).
    public static var catalogue: [Rule] {
        (ingestRules + schemaRules + duplicateRules + chronologyRules + unitRules + responseRules
            + stagingRules + lineRules + identifierRules + adverseEventRules)
            .sorted { $0.id < $1.id }
    }

    /// Looks a rule up by ID.
    public static func named(_ id: String) -> Rule? { catalogue.first { $0.id == id } }
}

extension Finding {
    /// A finding of `rule`, with the rule's severity unless overridden.
    public init(_ rule: Rule, key: PatientKey?, table: TableName?, provenance: Provenance?, field: String,
                value: String, message: String, severity: Severity? = nil) {
        self.init(key: key, table: table, provenance: provenance, field: field, value: value, ruleID: rule.id,
                  severity: severity ?? rule.severity, message: message)
    }
}
