import Foundation
import MMIngest
import MMModel

/// Maps raw rows onto canonical records (SPEC 2, map): codes mapped, units normalised, dates
/// parsed, with `SCH`/`UNIT` findings and `normalize`/`correct` audit entries. The pipeline
/// file's `layout` maps other exports (REDCap, OpenClinica) onto the reference layout.
public struct RecordMapper: Sendable {
    public let pipeline: PipelineFile

    public init(pipeline: PipelineFile) { self.pipeline = pipeline }

    /// Compiles the mapping of one source table from its header (once per file): checks
    /// required columns (`ING-004`), duplicate names (`ING-006`), unknown columns (`ING-010`).
    /// nil when the table cannot be mapped (the finding says why). `excluded` columns (flagged
    /// identifiers, already reported as `PHI-001`) raise no `ING-010`.
    /// `firstRow` is where the first row of this header was read: an unknown ODM item group is
    /// reported there (its XML path), not at the top of the file.
    public func tableMapper(table: String, header: ColumnHeader, file: InputFile, excluding excluded: Set<Int> = [],
                            firstRow: Provenance? = nil, log: inout StageLog) -> TableMapper? {
        let layout = pipeline.layout
        let headerLine = Provenance(file: file.name, line: 1)
        let names = header.names.map { ColumnHeader.normalize($0) }

        // Which reference table(s) the source table holds.
        let mapped = layout.tables[table.lowercased()] ?? ReferenceLayout.table(named: table)
        let flat = mapped == nil ? layout.flat.flatMap { $0.applies(to: table) ? $0 : nil } : nil
        guard mapped != nil || flat != nil else {
            let known = TableName.allCases.map(\.rawValue).joined(separator: ", ")
            // ODM: every row shape of the same item group comes here; report the table once.
            // ODM: the site wrote an ItemGroupOID (IG.LAB_RESULT), not a file name: name it
            // as written, and say which ItemGroupOIDs are accepted (SPEC 4.2).
            let odm = file.format == .odm
            let written = odm && !table.uppercased().hasPrefix("IG.") ? "IG.\(table.uppercased())" : table
            // One finding per unknown table and file (ODM: several row shapes share an OID).
            if log.findings.contains(where: { $0.rule == .ING005 && $0.value == written && $0.location.file == file.name }) {
                return nil
            }
            let at = odm ? (firstRow ?? headerLine) : headerLine
            let message = odm
                ? "\(at.source): ItemGroupOID '\(written)' is not a table of the reference layout; its rows were not read — use one of \(TableName.allCases.map { "IG.\($0.rawValue.uppercased())" }.joined(separator: ", ")) or map it under layout.tables in the pipeline file."
                : "\(file.name): '\(table)' is not a table of the reference layout; its rows were not read — name the file after its table (\(known)) or map it under layout.tables in the pipeline file."
            log.add(Finding(.ING005, key: nil, table: nil, provenance: at, field: "", value: written, message: message))
            return nil
        }

        // A repeated column name makes every value of the column ambiguous: reject the file.
        var seen: [String: Int] = [:]
        var duplicated = false
        for (i, n) in names.enumerated() where !n.isEmpty {
            if seen[n] != nil {
                duplicated = true
                log.add(Finding(.ING006, key: nil, table: mapped, provenance: headerLine, field: header.names[i], value: "",
                                message: "\(file.name):1: the column '\(header.names[i])' appears twice in the header; the file was not read — rename or remove the repeated column and upload the file again."))
            } else {
                seen[n] = i
            }
        }
        if duplicated { return nil }

        let context = MapContext(options: pipeline.options, dictionaries: pipeline.dictionaries, file: file.name)
        var used = Set<Int>()
        if let mapped {
            let compiled = resolve(mapped, header: header, names: names, used: &used)
            var named = Set<Int>()
            if file.format != .odm {
                let unknown = unknownColumns(names, used: used.union(excluded))
                named = reportMissingColumns(mapped, fields: compiled.fields, missingRequired: compiled.missing,
                                             header: header, unknown: unknown, file: file.name, log: &log)
                guard compiled.missing.isEmpty else { return nil }
            }
            reportUnknownColumns(header: header, names: names, used: used.union(excluded).union(named), table: mapped,
                                 file: file, at: file.format == .odm ? (firstRow ?? headerLine) : headerLine, log: &log)
            return TableMapper(kind: .single(compiled.plan), context: context)
        }
        // A flat export: one plan per instrument; an instrument whose columns are missing is
        // reported once and its rows are rejected.
        guard let flatLayout = flat else { return nil }
        guard let instrumentIndex = names.firstIndex(of: flatLayout.instrumentColumn) else {
            log.add(Finding(.ING004, key: nil, table: nil, provenance: headerLine, field: flatLayout.instrumentColumn, value: "",
                            message: "\(file.name):1: the column '\(flatLayout.instrumentColumn)' named by layout.flat.instrument_column is missing; the file was not read — export it with the repeating-instrument columns or fix the pipeline file."))
            return nil
        }
        used.insert(instrumentIndex)
        var plans = ByteCodeTable<TablePlan?>(.caseInsensitive)
        var emptyPlan: TablePlan?? = nil
        for (value, target) in flatLayout.instruments.sorted(by: { $0.key < $1.key }) {
            // An instrument the project does not have (none of its columns exported) is
            // not an error of the header; rows naming it are rejected one by one.
            let present = ReferenceLayout.columns(of: target).contains { column in
                column != "patient_id" && column != "site_id"
                    && (names.contains(ColumnHeader.normalize(layout.sourceColumn(column, of: target)))
                        || layout.checkboxes[target]?[column].map { p in names.contains { $0.hasPrefix(p + "___") } } == true)
            }
            let plan = present ? compile(target, header: header, names: names, file: file, used: &used, log: &log) : nil
            if value.isEmpty { emptyPlan = .some(plan) } else { plans.insert(value, plan) }
        }
        reportUnknownColumns(header: header, names: names, used: used.union(excluded), table: nil, file: file, at: headerLine,
                             log: &log)
        return TableMapper(kind: .flat(instrumentIndex: instrumentIndex, plans: plans, emptyPlan: emptyPlan,
                                       instrumentColumn: header.names[instrumentIndex]),
                           context: context)
    }

    /// Resolves every reference column of `table` in the header; nil (with `ING-004`) when a
    /// required column is absent.
    func compile(_ table: TableName, header: ColumnHeader, names: [String], file: InputFile, used: inout Set<Int>,
                 log: inout StageLog) -> TablePlan? {
        let compiled = resolve(table, header: header, names: names, used: &used)
        for column in compiled.missing where file.format != .odm {
            log.add(missingColumnFinding(column, of: table, file: file.name, lookAlikes: []))
        }
        // ODM: each ItemGroupData lists only the items it has, so a missing item is a missing
        // value of that row (SCH-001, SCH-009), not a missing column of the file.
        guard file.format == .odm || compiled.missing.isEmpty else { return nil }
        return compiled.plan
    }

    /// Every reference column of `table` found in the header (`used` gets their indices), and
    /// the required columns that are not (their names as the file would write them).
    func resolve(_ table: TableName, header: ColumnHeader, names: [String], used: inout Set<Int>)
        -> (plan: TablePlan, fields: [String: Field], missing: [String]) {
        let layout = pipeline.layout
        var fields: [String: Field] = [:]
        for spec in ReferenceLayout.spec(of: table) {
            let column = spec.name
            let source = layout.sourceColumn(column, of: table)
            let index = names.firstIndex(of: ColumnHeader.normalize(source))
            if let index { used.insert(index) }
            var codes: ByteCodeTable<[UInt8]>? = nil
            if let pairs = layout.codes[table]?[column] {
                var t = ByteCodeTable<[UInt8]>(.caseInsensitive)
                for (from, to) in pairs { t.insert(from, Array(to.utf8)) }
                codes = t
            }
            var checkbox: [CheckboxColumn] = []
            if let prefix = layout.checkboxes[table]?[column] {
                for (i, n) in names.enumerated() where n.hasPrefix(prefix + "___") {
                    checkbox.append(CheckboxColumn(index: i, code: Array(n.dropFirst(prefix.count + 3).uppercased().utf8)))
                    used.insert(i)
                }
            }
            fields[column] = Field(column: column, source: index.map { header.names[$0] } ?? (checkbox.isEmpty ? source : prefix(layout, table, column)),
                                   index: index, codes: codes, constant: layout.constants[column].map { Array($0.utf8) },
                                   checkbox: checkbox, isBirthDate: table == .patients && column == "birth_date",
                                   acceptsPartial: spec.acceptsPartialDate, numberRange: spec.numberRange,
                                   upperCase: layout.upperCase.contains(column))
        }
        var missing: [String] = []
        for column in ReferenceLayout.requiredColumns(of: table) {
            let f = fields[column]!
            if f.index == nil && f.constant == nil && f.checkbox.isEmpty { missing.append(f.source) }
        }
        if table == .therapies, fields["drug"]!.index == nil, fields["regimen"]!.index == nil {
            missing.append("\(fields["drug"]!.source) or \(fields["regimen"]!.source)")
        }
        return (TablePlan(table: table, fields: fields), fields, missing)
    }

    private func prefix(_ layout: PipelineLayout, _ table: TableName, _ column: String) -> String {
        (layout.checkboxes[table]?[column] ?? column) + "___*"
    }

    /// The columns that are neither a reference column nor mapped, excluded or ignored.
    func unknownColumns(_ names: [String], used: Set<Int>) -> [Int] {
        let ignored = pipeline.layout.ignoreColumns
        return names.indices.filter { !used.contains($0) && !ignored.contains(names[$0]) && !names[$0].isEmpty }
    }

    /// One `ING-010` per unknown column (`unknownColumns`), at `at`: the header line of a CSV
    /// file, the first row holding the item in an ODM file (its line and masked path, issue
    /// 18.2). Only the column's name is written, never its values.
    func reportUnknownColumns(header: ColumnHeader, names: [String], used: Set<Int>, table: TableName?, file: InputFile,
                              at: Provenance, log: inout StageLog) {
        let odm = file.format == .odm
        for i in unknownColumns(names, used: used) {
            let name = header.names[i]
            // ODM: several row shapes of one file share their unknown items; name each once.
            if odm, log.findings.contains(where: { $0.rule == .ING010 && $0.field == name && $0.table == table
                                                   && $0.location.file == file.name }) {
                continue
            }
            let what = odm ? "the item" : "the column"
            log.add(Finding(.ING010, key: nil, table: table, provenance: at, field: name, value: "",
                            message: "\(at.source): \(what) '\(name)' is not a column of \(table.map { "the \($0.rawValue) table" } ?? "the reference layout") and was ignored — remove it from the export or map it in the pipeline file."))
        }
    }
}

/// What every row mapper needs: the options, the dictionaries and the file's name. A class:
/// shared by reference, so that each row does not copy (and retain) every dictionary.
final class MapContext: Sendable {
    let options: PipelineOptions
    let dictionaries: Dictionaries
    let file: String

    init(options: PipelineOptions, dictionaries: Dictionaries, file: String) {
        self.options = options
        self.dictionaries = dictionaries
        self.file = file
    }
}

/// A REDCap checkbox column (`crab___c`): ticked (`1`) adds its code.
struct CheckboxColumn: Sendable {
    let index: Int
    let code: [UInt8]
}

/// One reference column as found in one source header (a class: passed around per field
/// without copying its tables).
final class Field: Sendable {
    /// Reference name (`birth_date`).
    let column: String
    /// The column's name as written in the file, for findings.
    let source: String
    /// Position in the row; nil when the file has no such column.
    let index: Int?
    /// Layout code map (source code → reference code).
    let codes: ByteCodeTable<[UInt8]>?
    /// Layout constant used when the column is absent or empty.
    let constant: [UInt8]?
    let checkbox: [CheckboxColumn]
    /// Birth dates never reach a finding's value or message, nor the audit log (SPEC 7).
    let isBirthDate: Bool
    let acceptsPartial: Bool
    /// A number column's allowed range and whether it must be whole (`ColumnSpec`).
    let numberRange: (range: ClosedRange<Double>, integer: Bool)?
    /// The value is upper-cased (`layout.upper_case`).
    let upperCase: Bool

    init(column: String, source: String, index: Int?, codes: ByteCodeTable<[UInt8]>?, constant: [UInt8]?,
         checkbox: [CheckboxColumn], isBirthDate: Bool, acceptsPartial: Bool,
         numberRange: (range: ClosedRange<Double>, integer: Bool)?, upperCase: Bool) {
        self.column = column
        self.source = source
        self.index = index
        self.codes = codes
        self.constant = constant
        self.checkbox = checkbox
        self.isBirthDate = isBirthDate
        self.acceptsPartial = acceptsPartial
        self.numberRange = numberRange
        self.upperCase = upperCase
    }
}

/// The compiled columns of one reference table.
final class TablePlan: Sendable {
    let table: TableName
    /// Indexed by `Column.rawValue`; nil for columns of other tables.
    let fields: [Field?]

    init(table: TableName, fields: [String: Field]) {
        self.table = table
        var byColumn = [Field?](repeating: nil, count: Column.allCases.count)
        for (name, f) in fields { byColumn[Column(name: name)!.rawValue] = f }
        self.fields = byColumn
    }

    subscript(column: Column) -> Field {
        if let f = fields[column.rawValue] { return f }
        preconditionFailure("no column \(column) in \(table.rawValue)")
    }
}

/// The compiled mapping of one table's header: maps each row into `batch`.
public struct TableMapper: Sendable {
    enum Kind: Sendable {
        case single(TablePlan)
        case flat(instrumentIndex: Int, plans: ByteCodeTable<TablePlan?>, emptyPlan: TablePlan??, instrumentColumn: String)
    }

    let kind: Kind
    let context: MapContext

    public func map(_ row: RawRow, into batch: inout RecordBatch, log: inout StageLog) {
        switch kind {
        case .single(let plan):
            map(row, plan: plan, into: &batch, log: &log)
        case .flat(let instrumentIndex, _, _, let instrumentColumn):
            switch instrumentPlan(of: row) {
            case .some(.some(let p)):
                map(row, plan: p, into: &batch, log: &log)
            case .some(.none):
                // The instrument's table lacks required columns: reported once with ING-004
                // when some of its columns are present, here when none is.
                let text = row.string(instrumentIndex)
                log.reject(Finding(.ING004, key: nil, table: nil, provenance: row.provenance, field: instrumentColumn,
                                   value: text,
                                   message: "\(row.provenance.source): the row belongs to the instrument '\(text)', whose required columns are not in the export; the row was not read — export the instrument's fields or map them under layout.columns."),
                           key: nil, table: row.table)
            case .none:
                let text = row.string(instrumentIndex)
                log.reject(Finding(.ING005, key: nil, table: nil, provenance: row.provenance, field: instrumentColumn,
                                   value: text,
                                   message: "\(row.provenance.source): the instrument '\(text)' in \(instrumentColumn) is not mapped to a table; the row was not read — map it under layout.flat.instruments in the pipeline file."),
                           key: nil, table: row.table)
            }
        }
    }

    /// A flat export's row: the plan of the instrument it names (`.some(nil)`: the instrument's
    /// table lacks required columns; nil: the instrument is not mapped).
    func instrumentPlan(of row: RawRow) -> TablePlan?? {
        guard case .flat(let instrumentIndex, let plans, let emptyPlan, _) = kind else { return nil }
        let value = row.fieldBytes(instrumentIndex)
        let isEmpty = NormalizedBytes(value, .caseInsensitive).first(where: { _ in true }) == nil
        return isEmpty ? emptyPlan : plans[value]
    }

    /// The bytes of a raw row's key fields (`site_id`, `patient_id`) exactly as `map` reads them
    /// (its key is `PatientKey` of their UTF-8), without mapping the rest of the row:
    /// `mmpipe explain` keeps one patient's rows as a file is read (SPEC 3; SPEC 8, memory).
    /// nil when `map` rejects the row before knowing its patient (an empty key field, an
    /// instrument without a table): its findings name no patient.
    public func keyFields(of row: RawRow) -> (site: ArraySlice<UInt8>, patient: ArraySlice<UInt8>)? {
        let plan: TablePlan
        switch kind {
        case .single(let p): plan = p
        case .flat:
            guard case .some(.some(let p)) = instrumentPlan(of: row) else { return nil }
            plan = p
        }
        let fields = RowReader.keyFields(of: row, plan: plan)
        return fields.site.isEmpty || fields.patient.isEmpty ? nil : fields
    }

    func map(_ row: RawRow, plan: TablePlan, into batch: inout RecordBatch, log: inout StageLog) {
        var r = RowReader(row: row, plan: plan, context: context)
        guard let key = r.patientKey(log: &log) else { return }
        r.key = key
        switch plan.table {
        case .patients: r.mapPatient(into: &batch, log: &log)
        case .labs: r.mapLab(into: &batch, log: &log)
        case .cytogenetics: r.mapCytogenetics(into: &batch, log: &log)
        case .therapies: r.mapTherapy(into: &batch, log: &log)
        case .assessments: r.mapAssessment(into: &batch, log: &log)
        case .adverseEvents: r.mapAdverseEvent(into: &batch, log: &log)
        }
    }
}
