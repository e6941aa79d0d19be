import MMIngest
import MMModel

/// Maps raw rows onto canonical records (SPEC 2, map): codes mapped, units normalised, dates
/// parsed, with `SCH`/`UNIT` findings and `normalize`/`correct` audit entries. STUB.
public struct RecordMapper: Sendable {
    public let pipeline: PipelineFile

    public init(pipeline: PipelineFile) { self.pipeline = pipeline }

    /// Compiles the mapping of one source table from its header (once per file): checks
    /// required columns (`ING-004`), duplicate names (`ING-006`), unknown columns (`ING-010`).
    /// nil when the table cannot be mapped (the finding says why).
    public func tableMapper(table: String, header: ColumnHeader, file: String, log: inout StageLog) -> TableMapper? {
        nil
    }
}

/// The compiled mapping of one table's header: maps each row into `batch`.
public struct TableMapper: Sendable {
    public func map(_ row: RawRow, into batch: inout RecordBatch, log: inout StageLog) {}
}
