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
    /// The rule applied: a catalogue rule or a SPEC/RULES.md section; nil when none is named.
    public var rule: AuditRule?
    /// A rule applied alike to many rows: how many (`count` in the log), nil for one row.
    public var count: Int?
    /// With `count`: the last row's source (`source_last` in the log); `source` is the first.
    public var lastSource: String?

    public init(action: Action, key: PatientKey?, table: String = "", source: String = "", field: String = "",
                before: String = "", after: String = "", rule: AuditRule? = nil, count: Int? = nil,
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

/// The rule behind an audit entry (SPEC 7 `rule`): a rule of the validation catalogue, or a
/// section of SPEC or RULES.md (`RULES.md 1`, `SPEC 4.1`) for what no catalogue rule names.
public enum AuditRule: Hashable, Sendable, Codable, ExpressibleByStringLiteral {
    case catalogue(Rule)
    case reference(String)

    /// The rule a text names: the catalogue's rule of that ID, else the reference as written.
    public init(_ text: String) {
        self = Rule.named(text).map(AuditRule.catalogue) ?? .reference(text)
    }

    public init(stringLiteral text: String) { self.init(text) }

    /// As written in `audit.jsonl`: the rule's ID or the reference.
    public var text: String {
        switch self {
        case .catalogue(let rule): return rule.id
        case .reference(let text): return text
        }
    }
}
