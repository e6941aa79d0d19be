import MMModel

/// Limits that protect the reader from hostile or broken input (SPEC 5, safety).
public struct ReadLimits: Sendable, Hashable {
    /// Longest field accepted, in bytes; a longer one rejects its row with `ING-007`.
    public var maxFieldBytes: Int
    /// Longest row accepted, in bytes.
    public var maxRowBytes: Int
    public init(maxFieldBytes: Int = 65_536, maxRowBytes: Int = 1_048_576) {
        self.maxFieldBytes = maxFieldBytes
        self.maxRowBytes = maxRowBytes
    }
}

/// A streaming reader of one input file: calls `body` once per data row, in file order,
/// writing file-level findings (`ING-…`) to `log`. Never throws: an unreadable or malformed
/// file yields findings and a summary with what could be read.
public protocol SourceReader {
    func read(log: inout StageLog, _ body: (RawRow) -> Void) -> InputFileSummary
}

/// The reader for a discovered input file.
public func makeReader(for file: InputFile, limits: ReadLimits = ReadLimits()) -> any SourceReader {
    switch file.format {
    case .csv: return CSVFileReader(path: file.path, limits: limits)
    case .odm: return ODMFileReader(path: file.path, limits: limits)
    }
}
