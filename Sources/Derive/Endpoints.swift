import MMModel

/// What the endpoints of RULES.md 8 are computed from.
public struct EndpointInputs: Sendable {
    public var indexDate: Day
    /// The index line's number.
    public var indexLine: Int
    public var lines: [LineSpan]
    public var evaluation: ResponseEvaluation
    public var deathDate: Day?
    /// `LSTALVDT` (see `lastAliveDate(_:)`).
    public var lastAlive: Day

    public init(indexDate: Day, indexLine: Int, lines: [LineSpan], evaluation: ResponseEvaluation, deathDate: Day?,
                lastAlive: Day) {
        self.indexDate = indexDate
        self.indexLine = indexLine
        self.lines = lines
        self.evaluation = evaluation
        self.deathDate = deathDate
        self.lastAlive = lastAlive
    }
}

/// PFS, OS, TTNT, DOR and TTR rows from the index date (RULES.md 8, FDA 2018). STUB —
/// replaced by the response work.
public func timeToEventRows(key: PatientKey, inputs: EndpointInputs, options: EndpointOptions) -> [ADTTERow] {
    []
}

/// `LSTALVDT` = max(`last_contact_date`, every dated record of the patient); equals
/// `death_date` for the dead (RULES.md 8). STUB.
public func lastAliveDate(_ record: PatientRecord) -> Day? {
    record.patient?.deathDate ?? record.patient?.lastContactDate
}

/// `adrs.csv` rows: one `OVRLRESP` row per assessment date and one `BOR` row per line (SPEC 7). STUB.
public func responseRows(key: PatientKey, evaluation: ResponseEvaluation) -> [ADRSRow] {
    []
}
