import MMModel

/// The identity columns Emit adds to every derived row (SPEC 7): `STUDYID`, `SITEID` and the
/// pseudonymised `USUBJID`.
public struct PatientContext: Sendable, Hashable {
    public var studyID: String
    public var siteID: String
    public var usubjid: String

    public init(studyID: String, siteID: String, usubjid: String) {
        self.studyID = studyID
        self.siteID = siteID
        self.usubjid = usubjid
    }
}

/// A derived row with its patient's identity columns.
public struct PatientRow<Row: Sendable>: Sendable {
    public var context: PatientContext
    public var row: Row

    public init(_ context: PatientContext, _ row: Row) {
        self.context = context
        self.row = row
    }
}

/// A finding with its patient's pseudonym (for the SQLite store, which carries no `SUBJID`).
public struct FindingRow: Sendable {
    public var finding: Finding
    public var usubjid: String?

    public init(_ finding: Finding, usubjid: String?) {
        self.finding = finding
        self.usubjid = usubjid
    }
}
