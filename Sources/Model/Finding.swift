/// A validation finding — a "query" sent back to a site (SPEC 5). Findings are data that
/// flow to `findings.csv` and `report.html`; they never stop the run.
public struct Finding: Sendable, Hashable, Codable {
    public var siteID: String
    /// The site's own subject ID (may be empty for file-level findings).
    public var subjectID: String
    /// Table name (`labs`, …) or empty for file-level findings.
    public var table: String
    /// `file:line`, or the XML path (see `Provenance.source`).
    public var source: String
    public var field: String
    /// The offending value as read. Never an identifier: PHI findings leave it empty.
    public var value: String
    /// Catalogue rule ID, e.g. `UNIT-001`.
    public var ruleID: String
    public var severity: Severity
    /// One sentence a site coordinator can act on: what is wrong, where, what to do.
    public var message: String
    /// The row's own identity (`RowIdentity`: its date, test, drug …), never its line; empty
    /// for a patient's own row or a file.
    public var rowKey: String = ""
    /// Against the previous upload (`--since`, SPEC 10); nil without it.
    public var status: FindingStatus?

    public init(siteID: String, subjectID: String, table: String, source: String, field: String,
                value: String, ruleID: String, severity: Severity, message: String) {
        self.siteID = siteID
        self.subjectID = subjectID
        self.table = table
        self.source = source
        self.field = field
        self.value = value
        self.ruleID = ruleID
        self.severity = severity
        self.message = message
    }

    /// A finding about a row of a table, located by its provenance.
    public init(key: PatientKey?, table: TableName?, provenance: Provenance?, field: String, value: String,
                ruleID: String, severity: Severity, message: String) {
        self.init(siteID: key?.site ?? "", subjectID: key?.patientID ?? "", table: table?.rawValue ?? "",
                  source: provenance?.source ?? "", field: field, value: value, ruleID: ruleID,
                  severity: severity, message: message)
    }
}

extension Finding {
    /// The stable key of a query across uploads (SPEC 10): rule, site, subject, table, field
    /// and the row's own identity — never its line number, so reordering or editing other rows
    /// of the file does not change it.
    public var trackingKey: String {
        [ruleID, siteID, subjectID, table, field, rowKey].joined(separator: "\u{1F}")
    }

    /// A finding about a whole file or column rather than a patient's row (an unreadable file,
    /// a missing column, an unknown item group, an identifier column): `ING` and `PHI` findings
    /// that name no patient. Its `siteID` is the site whose file it is (SPEC 7), empty when the
    /// file's site is unknown.
    public var isFileLevel: Bool {
        subjectID.isEmpty && (ruleID.hasPrefix("ING-") || ruleID.hasPrefix("PHI-"))
    }
}

/// Total order used to sort findings deterministically (site, subject, table, source — with
/// line numbers compared as numbers — rule, field, value, message).
extension Finding: Comparable {
    private var sortKey: [String] {
        // Zero-pad the line of `file:line` so that line 9 sorts before line 10.
        var source = self.source
        if let colon = source.lastIndex(of: ":") {
            let digits = source[source.index(after: colon)...].prefix(while: \.isNumber)
            if !digits.isEmpty {
                let padded = String(repeating: "0", count: max(0, 10 - digits.count)) + digits
                source = String(source[...colon]) + padded + source[digits.endIndex...]
            }
        }
        return [siteID, subjectID, table, source, ruleID, field, value, message]
    }

    public static func < (a: Finding, b: Finding) -> Bool {
        a.sortKey.lexicographicallyPrecedes(b.sortKey)
    }
}
