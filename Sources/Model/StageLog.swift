/// The diagnostics collector every stage writes to: findings, audit entries and counts of
/// rejected rows (SPEC 5: a rejected row is counted, never silently dropped). Each worker
/// owns one; logs are merged in a deterministic order.
public struct StageLog: Sendable {
    public var findings: [Finding] = []
    public var audit: [AuditEntry] = []
    /// Rows rejected, per table name.
    public var rejectedRows: [String: Int] = [:]
    /// Rows read, per table name.
    public var readRows: [String: Int] = [:]
    /// Rules applied alike to many rows, not yet in `audit` (SPEC 7): one entry per kind of
    /// change (see `TallyKey`), in order of first occurrence, with its count.
    private var tallyEntries: [AuditEntry] = []
    private var tallyKeys: [TallyKey] = []
    /// The last row of each tally (its source string is made once, when the tally is read).
    private var tallyLast: [Provenance] = []
    private var tallyIndex: [TallyKey: Int] = [:]

    public init() {}

    public mutating func add(_ finding: Finding) { findings.append(finding) }

    public mutating func record(_ entry: AuditEntry) { audit.append(entry) }

    /// Counts one row changed by a rule applied alike to many rows (a unit conversion of one
    /// test in one file). `entry` describes the change, not the row's values, and is made only
    /// for the first row of its kind (this runs once per converted row: no string is built for
    /// the others); its `source` is that first row, `lastSource` the last one.
    public mutating func tally(_ key: TallyKey, at row: Provenance, entry: () -> AuditEntry) {
        if let i = tallyIndex[key] {
            tallyEntries[i].count = (tallyEntries[i].count ?? 0) + 1
            tallyLast[i] = row
        } else {
            var first = entry()
            first.source = row.source
            first.count = 1
            absorb(key, first, last: row)
        }
    }

    /// Adds a tally (`entry` with its count and first source) of later rows to this log's.
    private mutating func absorb(_ key: TallyKey, _ entry: AuditEntry, last: Provenance) {
        if let i = tallyIndex[key] {
            tallyEntries[i].count = (tallyEntries[i].count ?? 0) + (entry.count ?? 1)
            tallyLast[i] = last
        } else {
            tallyIndex[key] = tallyEntries.count
            tallyEntries.append(entry)
            tallyKeys.append(key)
            tallyLast.append(last)
        }
    }

    /// The tallied entries so far, with their last source.
    public var tallies: [AuditEntry] {
        zip(tallyEntries, tallyLast).map { e, last in
            var e = e
            e.lastSource = last.source
            return e
        }
    }

    /// Counts a rejected row of `table` (the source table's name, as counted in `readRows`),
    /// records it in the audit trail at the finding's location and raises its finding.
    public mutating func reject(_ finding: Finding, key: PatientKey?, table: String) {
        findings.append(finding)
        rejectedRows[table, default: 0] += 1
        audit.append(AuditEntry(action: .reject, key: key, table: table, source: finding.source, field: finding.field,
                                rule: .catalogue(finding.rule)))
    }

    /// Moves the tallies into `audit` (after the entries of their rows), once their file is read.
    public mutating func closeTallies() {
        audit.append(contentsOf: tallies)
        tallyEntries.removeAll()
        tallyKeys.removeAll()
        tallyLast.removeAll()
        tallyIndex.removeAll()
    }

    public mutating func merge(_ other: StageLog) {
        findings.append(contentsOf: other.findings)
        audit.append(contentsOf: other.audit)
        for i in other.tallyEntries.indices { absorb(other.tallyKeys[i], other.tallyEntries[i], last: other.tallyLast[i]) }
        for (k, v) in other.rejectedRows { rejectedRows[k, default: 0] += v }
        for (k, v) in other.readRows { readRows[k, default: 0] += v }
    }
}

/// What makes changes to many rows "the same rule applied alike" (SPEC 7): the file, table,
/// field and rule, and what changed (e.g. `HGB` from `g/L`), whatever the row and its value.
/// Built from strings the mapper already holds, so that counting a row allocates nothing.
public struct TallyKey: Hashable, Sendable {
    public var file: String, table: String, field: String, rule: String, subject: String, from: String

    public init(file: String, table: String, field: String, rule: String, subject: String, from: String) {
        self.file = file
        self.table = table
        self.field = field
        self.rule = rule
        self.subject = subject
        self.from = from
    }
}
