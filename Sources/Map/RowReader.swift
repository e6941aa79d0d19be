import Foundation
import MMIngest
import MMModel

/// Reads the fields of one raw row for one reference table, raising findings that name the
/// file:line, the column as written, the value and the fix. A problem with a required value
/// rejects the row (counted, once); a problem with an optional value leaves it empty and
/// keeps the row (SPEC 5: nothing is lost silently).
struct RowReader {
    let row: RawRow
    let plan: TablePlan
    let context: MapContext
    var key = PatientKey(site: "", patientID: "")
    /// Set once the row has been rejected (its first required-value problem).
    var rejected = false

    init(row: RawRow, plan: TablePlan, context: MapContext) {
        self.row = row
        self.plan = plan
        self.context = context
    }

    var table: TableName { plan.table }
    var provenance: Provenance { row.provenance }
    var source: String { row.provenance.source }

    // MARK: Raw access

    /// The trimmed bytes of a field after the layout's code map; the layout constant when
    /// the column is absent or empty; the ticked codes of checkbox columns joined by `;`.
    func bytes(_ f: Field) -> ArraySlice<UInt8> { Self.bytes(f, of: row) }

    /// `bytes(_:)` of any row (no reader built: `TableMapper.keyFields(of:)`, once per row read).
    static func bytes(_ f: Field, of row: RawRow) -> ArraySlice<UInt8> {
        var value: ArraySlice<UInt8> = []
        if let i = f.index { value = Self.trim(row.fieldBytes(i)) }
        if value.isEmpty, !f.checkbox.isEmpty {
            var joined: [UInt8] = []
            for c in f.checkbox where Self.trim(row.fieldBytes(c.index)).elementsEqual([UInt8(ascii: "1")]) {
                if !joined.isEmpty { joined.append(UInt8(ascii: ";")) }
                joined += c.code
            }
            value = joined[...]
        }
        if value.isEmpty, let c = f.constant { return c[...] }
        if let codes = f.codes, let mapped = codes[value] { return mapped[...] }
        if f.upperCase { return ArraySlice(value.map { $0 >= 0x61 && $0 <= 0x7A ? $0 - 0x20 : $0 }) }
        return value
    }

    func bytes(_ column: Column) -> ArraySlice<UInt8> { bytes(plan[column]) }

    func text(_ f: Field) -> String { String(decoding: bytes(f), as: UTF8.self) }

    /// The value as it may appear in a finding: never a birth date.
    func shown(_ f: Field) -> String { f.isBirthDate ? "[birth date withheld]" : text(f) }

    static func trim(_ b: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var s = b.startIndex, e = b.endIndex
        while s < e, ByteNumber.isBlank(b[s]) { s += 1 }
        while e > s, ByteNumber.isBlank(b[e - 1]) { e -= 1 }
        return b[s..<e]
    }

    // MARK: Findings

    /// Raises a finding about field `f`; when `rejects`, the first such finding rejects the row.
    mutating func report(_ rule: Rule, _ f: Field, _ message: String, rejects: Bool, log: inout StageLog,
                         value: String? = nil) {
        var finding = Finding(rule, key: key, table: table, provenance: provenance, field: f.source,
                              value: value ?? shown(f), message: message)
        finding.rowKey = identity()
        if rejects && !rejected {
            rejected = true
            log.reject(finding, key: key, table: row.table)  // counted under the source table, like rows read
        } else {
            log.add(finding)
        }
    }

    /// The row's own identity (`RowIdentity`), from the row as read: dates in ISO form and
    /// codes canonical where they can be read, as written otherwise. Built only for a finding.
    func identity() -> String {
        func date(_ c: Column) -> String {
            let b = bytes(c)
            if case .full(let d) = ByteDate.read(b, formats: context.options.input.dateFormats) { return d.iso }
            return String(decoding: b, as: UTF8.self)
        }
        func raw(_ c: Column) -> String { String(decoding: bytes(c), as: UTF8.self) }
        let d = context.dictionaries
        switch table {
        case .patients: return ""
        case .labs: return RowIdentity.lab(date: date(.date), test: d.labTest(bytes: bytes(.test))?.rawValue ?? raw(.test))
        case .therapies:
            let drug = bytes(.drug)
            let name = drug.isEmpty ? d.regimen(bytes: bytes(.regimen))?.label ?? raw(.regimen) : d.drug(bytes: drug)?.name ?? raw(.drug)
            return RowIdentity.therapy(start: date(.startDate), drugOrRegimen: name)
        case .assessments: return RowIdentity.assessment(date: date(.date))
        case .cytogenetics:
            return RowIdentity.cytogenetics(date: date(.date), abnormality: CodeLists.abnormality[bytes(.abnormality)]?.rawValue ?? raw(.abnormality))
        case .adverseEvents: return RowIdentity.adverseEvent(term: raw(.term), onset: date(.onsetDate))
        }
    }

    /// `labs.csv:12, field 'unit'` — how every message starts.
    func at(_ f: Field) -> String { "\(source), field '\(f.source)'" }

    /// What happens to the row, for the end of a message.
    func consequence(_ rejects: Bool) -> String {
        rejects ? "the row was not used" : "the value was left empty and the rest of the row kept"
    }

    mutating func missing(_ f: Field, rejects: Bool, log: inout StageLog) {
        report(.SCH001, f, "\(at(f)) is empty but required; \(consequence(rejects)) — fill it in.", rejects: rejects,
               log: &log, value: "")
    }

    // MARK: Identity

    /// The key fields' bytes: `patient_id` and `site_id` (for ODM, `SubjectKey` and
    /// `LocationOID` when the columns are absent); either may be empty.
    static func keyFields(of row: RawRow, plan: TablePlan) -> (site: ArraySlice<UInt8>, patient: ArraySlice<UInt8>) {
        var patient = bytes(plan[.patientId], of: row)
        var site = bytes(plan[.siteId], of: row)
        if patient.isEmpty, let s = row.subject { patient = ArraySlice(s.utf8) }
        if site.isEmpty, let s = row.site { site = ArraySlice(s.utf8) }
        return (site, patient)
    }

    /// The patient's key (`keyFields`); an empty field rejects the row (`SCH-001`).
    mutating func patientKey(log: inout StageLog) -> PatientKey? {
        let fields = Self.keyFields(of: row, plan: plan)
        key = PatientKey(site: String(decoding: fields.site, as: UTF8.self),
                         patientID: String(decoding: fields.patient, as: UTF8.self))
        if key.patientID.isEmpty { missing(plan[.patientId], rejects: true, log: &log) }
        if key.site.isEmpty { missing(plan[.siteId], rejects: true, log: &log) }
        return rejected ? nil : key
    }

    // MARK: Typed values

    /// A date in the declared formats (SPEC 4.1); partial dates completed by
    /// `input.partial_dates` where the column accepts them, with an `SCH-006` INFO finding and
    /// a `normalize` audit entry.
    mutating func date(_ column: Column, required: Bool, log: inout StageLog) -> Day? {
        let f = plan[column]
        let b = bytes(f)
        if b.isEmpty {
            if required { missing(f, rejects: table != .patients, log: &log) }
            return nil
        }
        let rejects = required && table != .patients
        // Built only for a message (this is the per-row path).
        var formats: String { context.options.input.dateFormats.map(\.rawValue).joined(separator: " or ") }
        switch ByteDate.read(b, formats: context.options.input.dateFormats) {
        case .full(let d):
            return d
        case .partial(let year, let month):
            let rule = context.options.input.partialDates
            guard f.acceptsPartial else {
                report(.SCH003, f, "\(at(f)): '\(shown(f))' is a partial date, but this field needs the full date; \(consequence(rejects)) — enter it as \(formats).",
                       rejects: rejects, log: &log)
                return nil
            }
            guard let d = ByteDate.impute(year: year, month: month, rule: rule) else {
                report(.SCH003, f, "\(at(f)): '\(shown(f))' is a partial date and this study does not accept partial dates (input.partial_dates: reject); \(consequence(rejects)) — enter the full date as \(formats).",
                       rejects: rejects, log: &log)
                return nil
            }
            let before = f.isBirthDate ? "[birth date withheld]" : text(f)
            let after = f.isBirthDate ? "[birth date withheld]" : d.iso
            report(.SCH006, f, "\(at(f)): the partial date '\(before)' was completed as \(after) (input.partial_dates: \(rule.rawValue)) — give the full date if it is known.",
                   rejects: false, log: &log, value: before)
            log.record(AuditEntry(action: .normalize, key: key, table: table.rawValue, source: source, field: f.source,
                                  before: before, after: after, rule: .catalogue(.SCH006)))
            return d
        case .invalid:
            report(.SCH003, f, "\(at(f)): '\(shown(f))' is not a valid date; \(consequence(rejects)) — enter it as \(formats).",
                   rejects: rejects, log: &log)
            return nil
        }
    }

    /// An optional (or required) number within the column's range (`ColumnSpec`); an integer
    /// column refuses fractions.
    mutating func number(_ column: Column, required: Bool = false, what: String = "", log: inout StageLog) -> Double? {
        let f = plan[column]
        let range = f.numberRange?.range, integer = f.numberRange?.integer ?? false
        let b = bytes(f)
        if b.isEmpty {
            if required { missing(f, rejects: true, log: &log) }
            return nil
        }
        guard let v = ByteNumber.parse(b), !integer || v.rounded() == v else {
            report(.SCH002, f, "\(at(f)): '\(text(f))' is not \(integer ? "a whole number" : "a number"); \(consequence(required)) — enter \(integer ? "a whole number" : "the number alone (decimal point or comma, no unit)").",
                   rejects: required, log: &log)
            return nil
        }
        if let range, !range.contains(v) {
            report(.SCH005, f, "\(at(f)): \(text(f)) is outside the allowed range \(Self.format(range.lowerBound))–\(Self.format(range.upperBound))\(what); \(consequence(required)) — correct the value.",
                   rejects: required, log: &log)
            return nil
        }
        return v
    }

    /// A coded value (case-insensitive, synonyms accepted); `SCH-004` otherwise.
    mutating func code<V>(_ column: Column, _ list: ByteCodeTable<V>, required: Bool = false, rejects: Bool? = nil,
                          log: inout StageLog) -> V? {
        let f = plan[column]
        let b = bytes(f)
        let rejects = rejects ?? required
        if b.isEmpty {
            if required { missing(f, rejects: rejects, log: &log) }
            return nil
        }
        if let v = list[b] { return v }
        report(.SCH004, f, "\(at(f)): '\(text(f))' is not an accepted code; \(consequence(rejects)) — use one of \(Self.codeList(list)).",
               rejects: rejects, log: &log)
        return nil
    }

    /// The canonical codes of a list, for messages (`M, F`).
    static func codeList<V>(_ list: ByteCodeTable<V>) -> String {
        list.codes.prefix(12).joined(separator: ", ")
    }

    /// Deterministic short number formatting for messages and audit entries (at most 10
    /// significant digits, no trailing zeros: 1.11, 13, 0.0125).
    static func format(_ x: Double) -> String {
        guard x.isFinite else { return "\(x)" }
        if x == x.rounded(), abs(x) < 1e15 { return String(Int64(x)) }
        // Round to 10 significant digits so that 11.1 ÷ 10 reads 1.11, not 1.1099999999999999.
        let magnitude = Int(floor(log10(abs(x))))
        let scale = pow(10.0, Double(9 - magnitude))
        let r = (x * scale).rounded() / scale
        var s = "\(r)"
        if s.hasSuffix(".0") { s.removeLast(2) }
        return s
    }
}
