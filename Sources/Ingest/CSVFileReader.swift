import CLibCSV
import MMModel

/// Streams a CSV table through libcsv (SPEC 4.1). STUB — replaced by the ingest work.
public struct CSVFileReader: SourceReader {
    public var path: String
    public var limits: ReadLimits
    public init(path: String, limits: ReadLimits = ReadLimits()) {
        self.path = path
        self.limits = limits
    }

    public func read(log: inout StageLog, _ body: (RawRow) -> Void) -> InputFileSummary {
        InputFileSummary(path: path, name: path, format: "csv", tables: [], encoding: "UTF-8", delimiter: ",",
                         bytes: 0, rows: 0, rejectedRows: 0)
    }
}
