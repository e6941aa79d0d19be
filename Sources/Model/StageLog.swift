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
    /// Rules applied alike to many rows, not yet in `audit` (SPEC 7): one entry per file and
    /// kind of change, in order of first occurrence, counting its rows (see `tally`).
    public private(set) var tallies: [AuditEntry] = []
    /// The file of each tally (part of its identity, not always visible in an ODM source).
    private var tallyFiles: [String] = []
    private var tallyIndex: [TallyKey: Int] = [:]

    /// What makes two changes "the same rule applied alike": the file, table, field, rule and
    /// the change itself (e.g. `HGB g/L` → `HGB g/dL`), whatever the row and its values.
    private struct TallyKey: Hashable {
        var file: String, table: String, field: String, before: String, after: String, rule: String
        init(_ e: AuditEntry, file: String) {
            self.file = file
            table = e.table
            field = e.field
            before = e.before
            after = e.after
            rule = e.rule
        }
    }

    public init() {}

    public mutating func add(_ finding: Finding) { findings.append(finding) }

    public mutating func record(_ entry: AuditEntry) { audit.append(entry) }

    /// Counts one row changed by a rule applied alike to many rows (a unit conversion of one
    /// test in one file): `entry` describes the change, not the row's values; its `source` is
    /// the row's. The first row's source is kept, the last one's updated.
    public mutating func tally(_ entry: AuditEntry, file: String) {
        let k = TallyKey(entry, file: file)
        if let i = tallyIndex[k] {
            tallies[i].count = (tallies[i].count ?? 0) + (entry.count ?? 1)
            tallies[i].lastSource = entry.lastSource ?? entry.source
        } else {
            var first = entry
            first.count = entry.count ?? 1
            first.lastSource = entry.lastSource ?? entry.source
            tallyIndex[k] = tallies.count
            tallies.append(first)
            tallyFiles.append(file)
        }
    }

    /// Moves the tallies into `audit` (after the entries of their rows), once their file is read.
    public mutating func closeTallies() {
        audit.append(contentsOf: tallies)
        tallies.removeAll()
        tallyFiles.removeAll()
        tallyIndex.removeAll()
    }

    /// Counts a rejected row, records it in the audit trail and raises its finding.
    public mutating func reject(_ finding: Finding, key: PatientKey?, table: String, source: String) {
        findings.append(finding)
        rejectedRows[table, default: 0] += 1
        audit.append(AuditEntry(action: .reject, key: key, table: table, source: source, field: finding.field,
                                rule: finding.ruleID))
    }

    public mutating func merge(_ other: StageLog) {
        findings.append(contentsOf: other.findings)
        audit.append(contentsOf: other.audit)
        for (i, t) in other.tallies.enumerated() { tally(t, file: other.tallyFiles[i]) }
        for (k, v) in other.rejectedRows { rejectedRows[k, default: 0] += v }
        for (k, v) in other.readRows { readRows[k, default: 0] += v }
    }
}
