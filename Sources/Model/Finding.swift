/// A validation finding — a "query" sent back to a site (SPEC 5). Findings are data that
/// flow to `findings.csv` and `report.html`; they never stop the run. Its fields are typed:
/// the catalogue rule, the reference table and where it points (`FindingLocation`); the
/// strings of `findings.csv` (`RULEID`, `TABLE`, `SOURCE`) are made from them when written.
public struct Finding: Sendable, Hashable, Codable {
    public var siteID: String
    /// The site's own subject ID (may be empty for file-level findings).
    public var subjectID: String
    /// The reference table (SPEC 4.1); nil for a finding about a file, or about a source table
    /// that is not a reference table (a REDCap export, an unknown item group).
    public var table: TableName?
    /// The row (file and line, with the XML path of an ODM row), the whole file, or nothing.
    public var location: FindingLocation
    public var field: String
    /// The offending value as read. Never an identifier: PHI findings leave it empty.
    public var value: String
    /// The catalogue rule (SPEC 5), e.g. `UNIT-001`.
    public var rule: Rule
    public var severity: Severity
    /// One sentence a site coordinator can act on: what is wrong, where, what to do.
    public var message: String
    /// The row's own identity (`RowIdentity`: its date, test, drug …), never its line; empty
    /// for a patient's own row or a file.
    public var rowKey: String = ""
    /// Against the previous upload (`--since`, SPEC 10); nil without it.
    public var status: FindingStatus?

    public init(siteID: String, subjectID: String, table: TableName?, location: FindingLocation, field: String,
                value: String, rule: Rule, severity: Severity, message: String) {
        self.siteID = siteID
        self.subjectID = subjectID
        self.table = table
        self.location = location
        self.field = field
        self.value = value
        self.rule = rule
        self.severity = severity
        self.message = message
    }

    /// A finding of `rule` about a row of a table, located by its provenance (nil: no row),
    /// with the rule's severity unless overridden.
    public init(_ rule: Rule, key: PatientKey?, table: TableName?, provenance: Provenance?, field: String,
                value: String, message: String, severity: Severity? = nil) {
        self.init(siteID: key?.site ?? "", subjectID: key?.patientID ?? "", table: table,
                  location: provenance.map(FindingLocation.row) ?? .none, field: field, value: value, rule: rule,
                  severity: severity ?? rule.severity, message: message)
    }

    /// A finding of `rule` at `location` that names no patient (a file, a column, a site's
    /// table), with the rule's severity.
    public init(_ rule: Rule, site: String = "", table: TableName?, location: FindingLocation, field: String = "",
                value: String = "", message: String) {
        self.init(siteID: site, subjectID: "", table: table, location: location, field: field, value: value,
                  rule: rule, severity: rule.severity, message: message)
    }

    /// `SOURCE` of `findings.csv`: `file:line`, `file:line path` (ODM), the file, or empty.
    public var source: String { location.source }
}

/// Where a finding points (SPEC 5: a query names its file and line): a row, a whole file, or
/// nothing (a value derived from several rows, such as a missing index line).
public enum FindingLocation: Hashable, Sendable, Codable {
    /// No row or file.
    case none
    /// A whole file, by name (unreadable, empty, given twice).
    case file(String)
    /// A row, an ODM element, or a line of a file (its header, where reading stopped).
    case row(Provenance)

    /// The file named, nil for `.none`.
    public var file: String? {
        switch self {
        case .none: return nil
        case .file(let name): return name
        case .row(let p): return p.file
        }
    }

    /// The row's provenance, nil for a file or nothing.
    public var provenance: Provenance? {
        if case .row(let p) = self { return p }
        return nil
    }

    /// The `SOURCE` text: `Provenance.source`, the file's name, or empty.
    public var source: String {
        switch self {
        case .none: return ""
        case .file(let name): return name
        case .row(let p): return p.source
        }
    }

    /// `file:line` without the XML path, or the file's name (what `mmpipe explain` shows).
    public var fileAndLine: String {
        if case .row(let p) = self { return "\(p.file):\(p.line)" }
        return source
    }

    /// The location a `SOURCE` text names (a previous upload's `findings.csv`, SPEC 10): a row
    /// when it reads `file:line` or `file:line path`, else the file. Written back, it gives
    /// the same text.
    public init(source: String) {
        guard !source.isEmpty else { self = .none; return }
        var colon = source.startIndex
        while let found = source[colon...].firstIndex(of: ":") {
            let digits = source[source.index(after: found)...].prefix(while: \.isASCIIDigit)
            let rest = source[digits.endIndex...]
            if !digits.isEmpty, digits.count <= 18, rest.isEmpty || rest.first == " ", let line = Int(digits) {
                let p = Provenance(file: String(source[..<found]), line: line,
                                   xmlPath: rest.isEmpty ? nil : String(rest.dropFirst()))
                if p.source == source { self = .row(p); return }
            }
            colon = source.index(after: found)
        }
        self = .file(source)
    }

    /// Its place in the order of findings: the `SOURCE` text with the line zero-padded, so
    /// that line 9 sorts before line 10.
    var sortKey: String {
        guard case .row(let p) = self else { return source }
        return p.file + ":" + p.orderKey
    }
}

extension Character {
    /// `0`…`9` only (not other scripts' digits, which `isNumber` accepts).
    var isASCIIDigit: Bool { asciiValue.map { $0 >= 0x30 && $0 <= 0x39 } ?? false }
}

extension Finding {
    /// The stable key of a query across uploads (SPEC 10): rule, site, subject, table, field
    /// and the row's own identity — never its line number, so reordering or editing other rows
    /// of the file does not change it.
    public var trackingKey: String {
        [rule.id, siteID, subjectID, table?.rawValue ?? "", field, rowKey].joined(separator: "\u{1F}")
    }

    /// A finding about a whole file or column rather than a patient's row (an unreadable file,
    /// a missing column, an unknown item group, an identifier column): `ING` and `PHI` findings
    /// that name no patient. Its `siteID` is the site whose file it is (SPEC 7), empty when the
    /// file's site is unknown.
    public var isFileLevel: Bool {
        subjectID.isEmpty && (rule.family == "ING" || rule.family == "PHI")
    }
}

/// Total order used to sort findings deterministically (site, subject, table, source — with
/// line numbers compared as numbers — rule, field, value, message).
extension Finding: Comparable {
    /// The key of this order, for sorting many findings with one key computation each.
    public var sortKey: [String] {
        [siteID, subjectID, table?.rawValue ?? "", location.sortKey, rule.id, field, value, message]
    }

    public static func < (a: Finding, b: Finding) -> Bool {
        a.sortKey.lexicographicallyPrecedes(b.sortKey)
    }
}
