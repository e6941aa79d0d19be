/// What was read from one input file: recorded in the audit log's first entry and in
/// `manifest.json` (SPEC 7). Produced by Ingest, carried to Emit through the model.
public struct InputFileSummary: Sendable, Hashable, Codable {
    public var path: String
    /// Display name used in `SOURCE` (`labs.csv`, `site03.xml`).
    public var name: String
    /// `csv` or `odm`.
    public var format: String
    /// Tables found (one for CSV; those present for ODM).
    public var tables: [String]
    /// `UTF-8`, `UTF-8 (BOM)`, `Windows-1252`.
    public var encoding: String
    /// `,`, `;` for CSV; empty for XML.
    public var delimiter: String
    public var bytes: Int
    /// Data rows (CSV) or ItemGroupData elements (ODM) read.
    public var rows: Int
    /// Rows rejected by ingest (ragged, oversized, malformed).
    public var rejectedRows: Int
    /// The site whose file this is (SPEC 7: file-level findings belong to it): the site of its
    /// rows, else its site sub-folder, else its name's site prefix (`s01_labs.csv` → `S01`)
    /// when that site is in the run; nil when unknown.
    public var site: String?

    public init(path: String, name: String, format: String, tables: [String], encoding: String, delimiter: String,
                bytes: Int, rows: Int, rejectedRows: Int) {
        self.path = path
        self.name = name
        self.format = format
        self.tables = tables
        self.encoding = encoding
        self.delimiter = delimiter
        self.bytes = bytes
        self.rows = rows
        self.rejectedRows = rejectedRows
    }
}
