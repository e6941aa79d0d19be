import MMIngest
import MMMap
import MMModel

/// Runs the per-patient rule families of SPEC 5 that need the whole patient (`DUP`, `CHR`)
/// and returns the record with rejected rows removed. STUB — replaced by the validate work.
public struct Validator: Sendable {
    public var options: PipelineOptions
    /// Dates after this day are future dates (`CHR-006`): the run's date.
    public var today: Day

    public init(options: PipelineOptions, today: Day) {
        self.options = options
        self.today = today
    }

    public func validate(_ record: PatientRecord, log: inout StageLog) -> PatientRecord { record }
}

/// Screens a raw table for direct identifiers before mapping (`PHI-001`, SPEC 5): column
/// names, and values of unmapped columns. Flagged columns are dropped: their values never
/// reach any output, log or report. STUB.
public struct IdentifierScreen: Sendable {
    public init() {}

    /// Indices of columns to drop, with a finding per column.
    public func screen(header: ColumnHeader, table: String, file: String, log: inout StageLog) -> Set<Int> { [] }

    /// Screens the values of one row (called for the first rows of each table) for identifier
    /// patterns (tax codes, e-mail addresses, phone numbers) in columns not flagged by name;
    /// returns the columns newly flagged, with one finding per column (never the value).
    public func screenValues(_ row: RawRow, skipping flagged: Set<Int>, file: String, log: inout StageLog) -> Set<Int> { [] }
}
