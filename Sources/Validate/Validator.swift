import MMModel

/// Runs the per-patient rule families of SPEC 5 that need the whole patient — duplicates
/// (`DUP-002`, `DUP-003`) and chronology (`CHR-001`…`CHR-010`) — after mapping and before
/// derivation, and returns the record with the rows that cannot be used removed (each
/// counted through `StageLog.reject`) and the dates that cannot be used cleared (each an
/// audit entry). `DUP-001` (a second `patients` row) is raised by the Map stage's grouping.
///
/// Order matters and is fixed: duplicates first (a copied row is reported once, as a copy),
/// then future dates (a date that cannot be used takes no part in the later comparisons),
/// then the comparisons between dates.
public struct Validator: Sendable {
    public var options: PipelineOptions
    /// The data cutoff (SPEC 4.3): dates after this day are not used (`CHR-006`, `CHR-011`).
    public var today: Day
    /// The day of the run; nil → `today`.
    public var runDate: Day?

    public init(options: PipelineOptions, today: Day, runDate: Day? = nil) {
        self.options = options
        self.today = today
        self.runDate = runDate
    }

    /// The record with the rows that cannot be used removed; its exact copies (`DUP-002`) are
    /// reported into `log` unless `deferringCopies`: then only counted, and the caller reports
    /// them with `reportCopies` as it hands the patient on (SPEC 8: a patient's millions of
    /// copies are never all held as findings).
    public func validate(_ record: PatientRecord, log: inout StageLog, deferringCopies: Bool = false) -> PatientRecord {
        var pass = ValidationPass(record: record)
        DuplicateRules.identicalRows(&pass, log: &log, deferred: deferringCopies)
        DuplicateRules.conflictingValues(&pass, log: &log)
        let chronology = ChronologyRules(today: today, runDate: max(runDate ?? today, today),
                                         explicitCutoff: options.dataCutoff != nil)
        chronology.check(&pass, log: &log)
        return pass.record
    }

    /// The `DUP-002` findings and audit `reject` entries of `copies` (the copies of the patient
    /// `key`, as `validate` found them with `deferringCopies`), at most `chunk` at a time, in the
    /// order `validate` would have put them first in its log.
    public func reportCopies(_ copies: RowCopies, key: PatientKey, chunk: Int = 4096,
                             _ body: ([Finding], [AuditEntry]) -> Void) {
        DuplicateRules.reportCopies(copies, key: key, chunk: chunk, body)
    }
}

/// The record being validated, with what the rules learned along the way.
struct ValidationPass {
    var record: PatientRecord
    /// Therapy rows (by provenance and drug) whose end date a rule cleared: not "missing"
    /// for `CHR-008`, which is about ends the site never gave.
    var clearedTherapyEnds: Set<TherapyRowID> = []

    init(record: PatientRecord) { self.record = record }
}

/// One drug exposure's identity: its source row and drug (a regimen row expands to several).
struct TherapyRowID: Hashable {
    var provenance: Provenance
    var drug: String
    init(_ t: TherapyExposure) {
        provenance = t.provenance
        drug = t.drug
    }
}
