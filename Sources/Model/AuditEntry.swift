/// What a stage did to a value, before it is hash-chained into `audit.jsonl` by Emit
/// (SPEC 7: every value changed on the way in, every row rejected and every derived
/// variable with its inputs can be traced). The patient is named by key; Emit writes the
/// pseudonymised `USUBJID`, never the site's ID.
public struct AuditEntry: Sendable, Hashable, Codable {
    public enum Action: String, Sendable, Codable {
        case ingest, reject, normalize, correct, derive, emit
    }

    public var action: Action
    public var key: PatientKey?
    public var table: String
    public var source: String
    public var field: String
    public var before: String
    public var after: String
    /// Catalogue rule ID or RULES.md reference (e.g. `RULES 5 ISS`).
    public var rule: String

    public init(action: Action, key: PatientKey?, table: String = "", source: String = "", field: String = "",
                before: String = "", after: String = "", rule: String = "") {
        self.action = action
        self.key = key
        self.table = table
        self.source = source
        self.field = field
        self.before = before
        self.after = after
        self.rule = rule
    }
}
