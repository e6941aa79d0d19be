/// Where a value came from: the file and line of a CSV row, or the file, line and XML path
/// of an ODM `ItemGroupData` (SPEC 2: every row keeps its provenance).
public struct Provenance: Hashable, Sendable, Codable {
    /// File name as given on the command line (last path component for reports).
    public var file: String
    /// 1-based physical line where the row (or element) starts; 0 when unknown.
    public var line: Int
    /// For ODM: `SubjectData[@SubjectKey]/…/ItemGroupData[@ItemGroupOID]` path; nil for CSV.
    public var xmlPath: String?

    public init(file: String, line: Int, xmlPath: String? = nil) {
        self.file = file
        self.line = line
        self.xmlPath = xmlPath
    }

    /// `file:line`, or `file:line path` for XML — the `SOURCE` column of findings.
    public var source: String {
        if let xmlPath { return "\(file):\(line) \(xmlPath)" }
        return "\(file):\(line)"
    }
}
