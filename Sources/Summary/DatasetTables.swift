import Foundation
import MMIngest
import MMModel

/// One emitted table held as text: column names and, per row, one string per column
/// (empty = missing, SPEC 7). Columns are looked up by name, case-insensitively.
public struct DataTable: Sendable {
    public var columns: [String]
    public var rows: [[String]]
    private var lookup: [String: Int]

    public init(columns: [String], rows: [[String]]) {
        self.columns = columns
        self.rows = rows
        var lookup: [String: Int] = [:]
        for (i, c) in columns.enumerated() {
            // A byte-order mark may survive on the first name of a file written elsewhere.
            let k = c.replacingOccurrences(of: "\u{FEFF}", with: "").trimmingCharacters(in: .whitespaces).uppercased()
            if lookup[k] == nil { lookup[k] = i }
        }
        self.lookup = lookup
    }

    /// Builds the table from the reader's rows: the first row's header names the columns;
    /// a row with another header layout is re-indexed by name.
    public init(rawRows: [RawRow]) {
        guard let first = rawRows.first else {
            self.init(columns: [], rows: [])
            return
        }
        let columns = first.header.names
        var rows: [[String]] = []
        rows.reserveCapacity(rawRows.count)
        for raw in rawRows {
            if raw.header === first.header {
                rows.append((0..<columns.count).map { raw.string($0) })
            } else {
                rows.append(columns.map { raw.string(named: $0) ?? "" })
            }
        }
        self.init(columns: columns, rows: rows)
    }

    public func hasColumn(_ name: String) -> Bool { lookup[name.uppercased()] != nil }

    /// The column's index, nil when absent.
    public func index(of name: String) -> Int? { lookup[name.uppercased()] }

    /// The trimmed value of `column` in `row`; nil when the column is absent or the cell empty.
    public func value(_ row: [String], _ column: String) -> String? {
        guard let i = lookup[column.uppercased()], i < row.count else { return nil }
        let v = row[i].trimmingCharacters(in: .whitespaces)
        return v.isEmpty ? nil : v
    }
}

/// The emitted tables `summarize` reads (SPEC 7): `adsl.csv` (required), `adtte.csv`
/// (required for Kaplan–Meier), `adrs.csv` (optional: best response when ADSL lacks `BOR`),
/// `adae.csv` (optional: the adverse-event table) and `attrition.csv` (optional: the flow).
public struct DatasetTables: Sendable {
    public var adsl: DataTable
    public var adtte: DataTable
    public var adrs: DataTable?
    public var adae: DataTable?
    /// `attrition.csv` of `mmpipe run` (SPEC 9), when the folder has one: the patient flow.
    public var attrition: [AttritionStep]?

    public init(adsl: DataTable, adtte: DataTable, adrs: DataTable? = nil, adae: DataTable? = nil,
                attrition: [AttritionStep]? = nil) {
        self.adsl = adsl
        self.adtte = adtte
        self.adrs = adrs
        self.adae = adae
        self.attrition = attrition
    }

    /// Reads `adsl.csv`, `adtte.csv` and (when present) `adrs.csv` and `adae.csv` from
    /// `directory` through the ingest CSV reader.
    public static func load(directory: String) throws(SummaryError) -> DatasetTables {
        func read(_ name: String, required: Bool) throws(SummaryError) -> DataTable? {
            let path = (directory as NSString).appendingPathComponent(name)
            guard FileManager.default.isReadableFile(atPath: path) else {
                if required { throw .missingTable(path: path) }
                return nil
            }
            var log = StageLog()
            var rows: [RawRow] = []
            _ = CSVFileReader(path: path).read(log: &log) { rows.append($0) }
            if let bad = log.findings.first(where: { $0.severity == .error }) {
                throw .unreadableTable(path: path, reason: bad.message)
            }
            return DataTable(rawRows: rows)
        }
        guard let adsl = try read("adsl.csv", required: true),
              let adtte = try read("adtte.csv", required: true) else { throw .missingTable(path: directory) }
        let flow = try read("attrition.csv", required: false).flatMap { t in
            t.columns == AttritionFlow.columns ? AttritionFlow.steps(records: t.rows) : nil
        }
        return DatasetTables(adsl: adsl, adtte: adtte, adrs: try read("adrs.csv", required: false),
                             adae: try read("adae.csv", required: false), attrition: flow)
    }
}

/// The error of `summarize`: a dataset it cannot read or outputs it cannot write.
public enum SummaryError: Error, CustomStringConvertible, Sendable, Equatable {
    case missingTable(path: String)
    case unreadableTable(path: String, reason: String)
    case missingColumn(table: String, column: String)
    case unknownByVariable(String)
    case unknownCoxVariable(String)
    case tooManyGroups(String, count: Int)
    case cannotWrite(path: String, reason: String)
    case aeTerms(String)

    public var description: String {
        switch self {
        case .missingTable(let p):
            return "Cannot find '\(p)'. Give the folder written by 'mmpipe run' (it holds adsl.csv and adtte.csv)."
        case .unreadableTable(let p, let r):
            return "Cannot read '\(p)': \(r)"
        case .missingColumn(let t, let c):
            return "\(t) has no column '\(c)'. Re-run 'mmpipe run' to write a complete dataset."
        case .unknownByVariable(let v):
            return "adsl.csv has no column '\(v)' to stratify by. Use --by with an ADSL column name such as DARAEXFL or ISS."
        case .unknownCoxVariable(let v):
            return "adsl.csv has no column '\(v)' for the Cox models. Use --cox with ADSL column names separated by commas, e.g. --cox ISS,LDHHIFL,CRCL60FL,DARAEXFL."
        case .tooManyGroups(let v, let n):
            return "--by \(v) has \(n) values; a grouping has at most \(Table1.maxGroups) (use a grouped column such as AGEGR1 instead of AGE)."
        case .cannotWrite(let p, let r):
            return "Cannot write '\(p)': \(r). Check the output folder is writable and has space."
        case .aeTerms(let reason):
            return "\(reason). Fix the file or name another with --ae-terms."
        }
    }
}
