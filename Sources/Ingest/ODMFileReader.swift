import CLibXML2
import MMModel

/// Streams a CDISC ODM 1.3 `ClinicalData` file through libxml2 (SPEC 4.2). STUB.
public struct ODMFileReader: SourceReader {
    public var path: String
    public var limits: ReadLimits
    public init(path: String, limits: ReadLimits = ReadLimits()) {
        self.path = path
        self.limits = limits
    }

    public func read(log: inout StageLog, _ body: (RawRow) -> Void) -> InputFileSummary {
        InputFileSummary(path: path, name: path, format: "odm", tables: [], encoding: "UTF-8", delimiter: "",
                         bytes: 0, rows: 0, rejectedRows: 0)
    }
}
