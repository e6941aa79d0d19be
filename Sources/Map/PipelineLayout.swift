import MMModel

/// How another export maps onto the reference layout (SPEC 4: "other layouts … are read
/// through their own pipeline file, which maps their fields and codes onto these"). The
/// reference layout needs none of it. Names are matched case-insensitively.
///
/// ```yaml
/// layout:
///   tables: {IG_LABS_LABS: labs}               # source table (file stem / ItemGroupOID) → table
///   flat:                                       # one source table carrying several tables (REDCap)
///     table: "*"
///     instrument_column: redcap_repeat_instrument
///     instruments: {"": patients, labs: labs}
///   columns:                                    # reference column → source column, per table
///     "*": {patient_id: record_id, site_id: redcap_data_access_group}
///     labs: {date: lab_date, test: lab_test}
///   constants: {site_id: SITE01}               # value used when the column is absent or empty
///   codes: {patients.sex: {"1": M, "2": F}}     # source code → reference code (`*.site_id`: every table)
///   checkboxes: {assessments.crab: crab}        # crab___c, crab___r … (1 = ticked) → C;R
///   ignore_columns: [redcap_event_name]         # known columns that carry nothing to map
///   upper_case: [site_id]                       # values upper-cased (REDCap DAG s01 → S01)
/// ```
public struct PipelineLayout: Sendable {
    /// Source table name (lower case) → reference table.
    public var tables: [String: TableName] = [:]
    public var flat: FlatLayout?
    /// Per reference table: reference column → source column (as written; matched case-insensitively).
    public var columns: [TableName: [String: String]] = [:]
    /// Column maps that apply to every table (`"*"`), overridden by the table's own.
    public var allTablesColumns: [String: String] = [:]
    /// Reference column → fixed value, used when the column is absent or empty (e.g. `site_id`).
    public var constants: [String: String] = [:]
    /// Per table and reference column: source code → reference code (case-insensitive).
    public var codes: [TableName: [String: [(from: String, to: String)]]] = [:]
    /// Per table and reference column: the source checkbox prefix (`crab` → `crab___c` …).
    public var checkboxes: [TableName: [String: String]] = [:]
    /// Source columns that are known and carry nothing to map (no `ING-010`).
    public var ignoreColumns: Set<String> = []
    /// Reference columns whose values are upper-cased after reading (a REDCap data access
    /// group's unique name is lower case: `s01` → site `S01`).
    public var upperCase: Set<String> = []

    public init() {}

    /// True for the reference layout (nothing to map).
    public var isReference: Bool {
        tables.isEmpty && flat == nil && columns.isEmpty && allTablesColumns.isEmpty && constants.isEmpty
            && codes.isEmpty && checkboxes.isEmpty && upperCase.isEmpty
    }

    /// The source column holding `column` of `table`, as written in the pipeline file.
    public func sourceColumn(_ column: String, of table: TableName) -> String {
        columns[table]?[column] ?? allTablesColumns[column] ?? column
    }

    static func decode(_ node: YAMLTree?) throws(PipelineFileError) -> PipelineLayout {
        var layout = PipelineLayout()
        guard let node else { return layout }
        for (k, v) in try node.mapping(allowed: ["name", "tables", "flat", "columns", "constants", "codes", "checkboxes",
                                                 "ignore_columns", "upper_case"]) {
            switch k {
            case "name": _ = try v.string()
            case "tables":
                for (source, target) in try v.mapping() {
                    layout.tables[source.lowercased()] = try referenceTable(target)
                }
            case "flat":
                _ = try v.mapping(allowed: ["table", "instrument_column", "instruments"])
                guard let col = v["instrument_column"], let inst = v["instruments"] else {
                    throw v.fail("give instrument_column and instruments")
                }
                var instruments: [String: TableName] = [:]
                for (value, target) in try inst.mapping() { instruments[value.lowercased()] = try referenceTable(target) }
                layout.flat = FlatLayout(tables: try (v["table"]?.strings() ?? ["*"]).map { $0.lowercased() },
                                         instrumentColumn: try col.string().lowercased(), instruments: instruments)
            case "columns":
                for (t, map) in try v.mapping() {
                    var pairs: [String: String] = [:]
                    let table: TableName? = t == "*" ? nil : try referenceTable(map, name: t)
                    for (refColumn, source) in try map.mapping() {
                        try checkColumn(refColumn, table: table, node: source)
                        pairs[refColumn] = try source.string()
                    }
                    if let table { layout.columns[table] = pairs } else { layout.allTablesColumns = pairs }
                }
            case "constants":
                for (refColumn, value) in try v.mapping() {
                    try checkColumn(refColumn, table: nil, node: value)
                    layout.constants[refColumn] = try value.string()
                }
            case "codes":
                for (dotted, map) in try v.mapping() {
                    var pairs: [(from: String, to: String)] = []
                    for (from, to) in try map.mapping() { pairs.append((from, try to.string())) }
                    // `*.site_id`: the same code map for every table that has the column.
                    if dotted.hasPrefix("*.") {
                        let column = String(dotted.dropFirst(2))
                        try checkColumn(column, table: nil, node: map)
                        for table in TableName.allCases where ReferenceLayout.columns(of: table).contains(column) {
                            layout.codes[table, default: [:]][column] = pairs
                        }
                        continue
                    }
                    let (table, column) = try tableColumn(dotted, node: map)
                    layout.codes[table, default: [:]][column] = pairs
                }
            case "checkboxes":
                for (dotted, prefix) in try v.mapping() {
                    let (table, column) = try tableColumn(dotted, node: prefix)
                    layout.checkboxes[table, default: [:]][column] = try prefix.string().lowercased()
                }
            case "upper_case":
                for item in try v.sequence() {
                    let column = try item.string()
                    try checkColumn(column, table: nil, node: item)
                    layout.upperCase.insert(column)
                }
            default:
                layout.ignoreColumns = Set(try v.strings().map { $0.lowercased() })
            }
        }
        return layout
    }

    private static func referenceTable(_ node: YAMLTree) throws(PipelineFileError) -> TableName {
        let s = try node.string()
        guard let t = TableName(rawValue: s) else {
            throw node.fail("'\(s)' is not a table; use one of \(TableName.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return t
    }

    private static func referenceTable(_ node: YAMLTree, name: String) throws(PipelineFileError) -> TableName {
        guard let t = TableName(rawValue: name) else {
            throw node.fail("'\(name)' is not a table; use one of *, \(TableName.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return t
    }

    private static func checkColumn(_ column: String, table: TableName?, node: YAMLTree) throws(PipelineFileError) {
        let known = table.map { ReferenceLayout.columns(of: $0) } ?? TableName.allCases.flatMap { ReferenceLayout.columns(of: $0) }
        guard known.contains(column) else {
            throw node.fail("'\(column)' is not a reference column\(table.map { " of \($0.rawValue)" } ?? ""); the columns are \(Array(Set(known)).sorted().joined(separator: ", "))")
        }
    }

    private static func tableColumn(_ dotted: String, node: YAMLTree) throws(PipelineFileError) -> (TableName, String) {
        let parts = dotted.split(separator: ".").map(String.init)
        guard parts.count == 2 else { throw node.fail("name the field as table.column (e.g. patients.sex)") }
        let table = try referenceTable(node, name: parts[0])
        try checkColumn(parts[1], table: table, node: node)
        return (table, parts[1])
    }
}

/// One source table that carries several reference tables, one row per instrument (a REDCap
/// flat export: `redcap_repeat_instrument` empty = the patient's row, `labs` = a labs row).
public struct FlatLayout: Sendable {
    /// Source table names this applies to (lower case); `*` = any table not otherwise known.
    public var tables: [String]
    /// The column naming each row's instrument (lower case).
    public var instrumentColumn: String
    /// Instrument value (lower case; empty = the non-repeating row) → reference table.
    public var instruments: [String: TableName]

    public init(tables: [String], instrumentColumn: String, instruments: [String: TableName]) {
        self.tables = tables
        self.instrumentColumn = instrumentColumn
        self.instruments = instruments
    }

    public func applies(to table: String) -> Bool { tables.contains("*") || tables.contains(table.lowercased()) }
}
