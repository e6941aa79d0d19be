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

    public init() {}

    public mutating func add(_ finding: Finding) { findings.append(finding) }

    public mutating func record(_ entry: AuditEntry) { audit.append(entry) }

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
        for (k, v) in other.rejectedRows { rejectedRows[k, default: 0] += v }
        for (k, v) in other.readRows { readRows[k, default: 0] += v }
    }
}
