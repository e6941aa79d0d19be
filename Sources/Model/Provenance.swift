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

    /// The line zero-padded to 12 digits (so that line 9 sorts before line 10 as text) and the
    /// XML path: the row's place in the order of findings and of a report's queries.
    public var orderKey: String {
        let digits = String(line)
        return String(repeating: "0", count: max(0, 12 - digits.count)) + digits + (xmlPath.map { " " + $0 } ?? "")
    }
}
