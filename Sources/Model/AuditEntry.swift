/// What a stage did to the data, before it is hash-chained into `audit.jsonl` by Emit (SPEC 7):
/// a row rejected, a value changed in a particular row, or a rule applied alike to many rows
/// (one `normalize` entry with its `count`, `source` = the first row, `lastSource` = the last).
/// Derived values are not audited one by one: `mmpipe explain` re-derives their trace. The
/// patient is named by key; Emit writes the pseudonymised `USUBJID`, never the site's ID.
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
    /// A rule applied alike to many rows: how many (`count` in the log), nil for one row.
    public var count: Int?
    /// With `count`: the last row's source (`source_last` in the log); `source` is the first.
    public var lastSource: String?

    public init(action: Action, key: PatientKey?, table: String = "", source: String = "", field: String = "",
                before: String = "", after: String = "", rule: String = "", count: Int? = nil,
                lastSource: String? = nil) {
        self.action = action
        self.key = key
        self.table = table
        self.source = source
        self.field = field
        self.before = before
        self.after = after
        self.rule = rule
        self.count = count
        self.lastSource = lastSource
    }
}
