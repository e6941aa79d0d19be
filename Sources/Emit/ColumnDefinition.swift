import MMModel

/// The type of an output column: drives its CSV text, its SQLite type and its entry in
/// `define.json` (SPEC 7).
public enum ColumnType: Sendable, Hashable {
    /// Free or coded text. The only type whose CSV cells are neutralised against formulas.
    case text
    /// Whole number.
    case integer
    /// Real number written with exactly `decimals` fraction digits, rounded half away from zero.
    case fixed(decimals: Int)
    /// Real number rounded half away from zero to at most `maxDecimals`, trailing zeros removed.
    case decimal(maxDecimals: Int)
    /// ISO 8601 `YYYY-MM-DD`.
    case date
    /// `Y` / `N`, empty when unknown.
    case flag

    /// The name in `define.json`.
    public var name: String {
        switch self {
        case .text: return "text"
        case .integer: return "integer"
        case .fixed, .decimal: return "real"
        case .date: return "date"
        case .flag: return "flag"
        }
    }

    /// The SQLite column type.
    public var sqliteType: String {
        switch self {
        case .integer: return "INTEGER"
        case .fixed, .decimal: return "REAL"
        case .text, .date, .flag: return "TEXT"
        }
    }

    /// How numbers are written, for `define.json`.
    public var format: String? {
        switch self {
        case .fixed(let d): return "\(d) decimal(s), rounded half away from zero"
        case .decimal(let d): return "up to \(d) decimal(s), rounded half away from zero, no trailing zeros"
        case .date: return "YYYY-MM-DD"
        case .flag: return "Y / N / empty"
        case .integer: return "whole number"
        case .text: return nil
        }
    }
}

/// One cell value before formatting. `missing` is an empty CSV cell and SQL `NULL`.
public enum Cell: Sendable, Hashable {
    case missing
    case text(String)
    case integer(Int)
    case real(Double)
    case date(Day)
    case flag(Bool)

    static func of(_ s: String?) -> Cell { s.map { .text($0) } ?? .missing }
    static func of(_ v: Int?) -> Cell { v.map { .integer($0) } ?? .missing }
    static func of(_ v: Double?) -> Cell { v.map { .real($0) } ?? .missing }
    static func of(_ v: Day?) -> Cell { v.map { .date($0) } ?? .missing }
    static func of(_ v: Bool?) -> Cell { v.map { .flag($0) } ?? .missing }
}

/// A value of a code list: the code written and what it means.
public struct Code: Sendable, Hashable {
    public var code: String
    public var decode: String
    public init(_ code: String, _ decode: String) {
        self.code = code
        self.decode = decode
    }
}

/// Which files carry a column: the findings table keeps the site's `SUBJID` in the CSV that
/// goes back to the site, and only the pseudonym in the analysts' SQLite store.
public struct ColumnTargets: OptionSet, Sendable, Hashable {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }
    public static let csv = ColumnTargets(rawValue: 1)
    public static let sqlite = ColumnTargets(rawValue: 2)
    public static let all: ColumnTargets = [.csv, .sqlite]
}

/// What `define.json` says about a column: name, label, type, codes and derivation rule.
public struct ColumnSpec: Sendable, Hashable {
    public var name: String
    public var label: String
    public var type: ColumnType
    public var codes: [Code]
    /// The derivation, citing RULES.md / SPEC.
    public var rule: String
    public var targets: ColumnTargets

    public init(name: String, label: String, type: ColumnType, codes: [Code] = [], rule: String,
                targets: ColumnTargets = .all) {
        self.name = name
        self.label = label
        self.type = type
        self.codes = type == .flag && codes.isEmpty ? Codes.yesNo : codes
        self.rule = rule
        self.targets = targets
    }
}

/// A column: its specification and how to read its value from a row. A column cannot be
/// emitted without a definition — the writers iterate these and nothing else.
public struct Column<Row>: Sendable {
    public var spec: ColumnSpec
    public var value: @Sendable (Row) -> Cell
    /// The value written to `dataset.sqlite` when it differs from the CSV's: the findings'
    /// `SOURCE` and `MESSAGE` go back to the site in `findings.csv` as they are, and reach the
    /// analysts' store with the site's subject IDs masked (SPEC 7).
    public var sqliteValue: (@Sendable (Row) -> Cell)?

    public init(_ name: String, _ label: String, _ type: ColumnType, codes: [Code] = [], rule: String,
                targets: ColumnTargets = .all, sqliteValue: (@Sendable (Row) -> Cell)? = nil,
                value: @escaping @Sendable (Row) -> Cell) {
        spec = ColumnSpec(name: name, label: label, type: type, codes: codes, rule: rule, targets: targets)
        self.value = value
        self.sqliteValue = sqliteValue
    }
}

/// A dataset: file and table name, description, natural key and columns in output order.
public struct TableDefinition<Row>: Sendable {
    public var schema: TableSchema
    public var columns: [Column<Row>]

    public init(name: String, label: String, primaryKey: [String], sortOrder: String, columns: [Column<Row>]) {
        self.columns = columns
        schema = TableSchema(name: name, label: label, primaryKey: primaryKey, sortOrder: sortOrder,
                             columns: columns.map(\.spec))
    }

    /// The same table without the named columns (columns that exist only with an option).
    public func dropping(_ names: Set<String>) -> TableDefinition {
        var t = self
        t.columns = columns.filter { !names.contains($0.spec.name) }
        t.schema.columns = schema.columns.filter { !names.contains($0.name) }
        return t
    }
}

/// The row-type-free description of a dataset, for `define.json`, docs/outputs.md and the
/// SQLite schema.
public struct TableSchema: Sendable, Hashable {
    /// `adsl` → `adsl.csv` and SQLite table `adsl`.
    public var name: String
    public var label: String
    public var primaryKey: [String]
    public var sortOrder: String
    public var columns: [ColumnSpec]

    public var fileName: String { name + ".csv" }

    public func columns(for target: ColumnTargets) -> [ColumnSpec] {
        columns.filter { $0.targets.contains(target) }
    }
}

/// Code lists shared by several columns.
public enum Codes {
    public static let yesNo = [Code("Y", "Yes"), Code("N", "No")]
    public static let response: [Code] = [
        Code("SCR", "Stringent complete response"), Code("CR", "Complete response"),
        Code("VGPR", "Very good partial response"), Code("PR", "Partial response"),
        Code("MR", "Minimal response"), Code("SD", "Stable disease"), Code("PD", "Progressive disease"),
        Code("NE", "Not evaluable"),
    ]
    public static let stage3 = [Code("I", "Stage I"), Code("II", "Stage II"), Code("III", "Stage III")]
}
