import CLibXML2
import Foundation
import MMModel

/// The elements of ODM 1.3 `ClinicalData` the reader acts on, by local name (any prefix or
/// namespace is accepted: SPEC 4.2).
enum ODMElement {
    case subjectData, siteRef, studyEventData, formData, itemGroupData, itemData, other

    static func classify(_ name: UnsafeRawBufferPointer) -> ODMElement {
        switch name.count {
        case 8 where ODMBytes.equal(name, "ItemData"): return .itemData
        case 7 where ODMBytes.equal(name, "SiteRef"): return .siteRef
        case 8 where ODMBytes.equal(name, "FormData"): return .formData
        case 11 where ODMBytes.equal(name, "SubjectData"): return .subjectData
        case 13 where ODMBytes.equal(name, "ItemGroupData"): return .itemGroupData
        case 14 where ODMBytes.equal(name, "StudyEventData"): return .studyEventData
        default: return .other
        }
    }
}

/// The attributes the reader needs, as raw UTF-8 buffers valid during one element callback.
struct ODMAttributes {
    var subjectKey: UnsafeRawBufferPointer?
    var locationOID: UnsafeRawBufferPointer?
    var studyEventOID: UnsafeRawBufferPointer?
    var studyEventRepeatKey: UnsafeRawBufferPointer?
    var formOID: UnsafeRawBufferPointer?
    var formRepeatKey: UnsafeRawBufferPointer?
    var itemGroupOID: UnsafeRawBufferPointer?
    var itemGroupRepeatKey: UnsafeRawBufferPointer?
    var itemOID: UnsafeRawBufferPointer?
    var value: UnsafeRawBufferPointer?
    var isNull: UnsafeRawBufferPointer?
    var transactionType: UnsafeRawBufferPointer?

    /// `TransactionType="Remove"`: the element asks to delete data (ODM 1.3 §3.1.3).
    var removes: Bool { transactionType.map { ODMBytes.equal($0, "Remove") } ?? false }

    /// Stores attribute `name` = `value` when it is one the reader needs.
    @inline(__always)
    mutating func set(_ name: UnsafeRawBufferPointer, _ v: UnsafeRawBufferPointer) {
        switch name.count {
        case 5 where ODMBytes.equal(name, "Value"): value = v
        case 7 where ODMBytes.equal(name, "ItemOID"): itemOID = v
        case 6 where ODMBytes.equal(name, "IsNull"): isNull = v
        case 7 where ODMBytes.equal(name, "FormOID"): formOID = v
        case 10 where ODMBytes.equal(name, "SubjectKey"): subjectKey = v
        case 11 where ODMBytes.equal(name, "LocationOID"): locationOID = v
        case 12 where ODMBytes.equal(name, "ItemGroupOID"): itemGroupOID = v
        case 13 where ODMBytes.equal(name, "StudyEventOID"): studyEventOID = v
        case 13 where ODMBytes.equal(name, "FormRepeatKey"): formRepeatKey = v
        case 15 where ODMBytes.equal(name, "TransactionType"): transactionType = v
        case 18 where ODMBytes.equal(name, "ItemGroupRepeatKey"): itemGroupRepeatKey = v
        case 19 where ODMBytes.equal(name, "StudyEventRepeatKey"): studyEventRepeatKey = v
        default: break
        }
    }
}

/// Byte helpers for element and attribute names.
enum ODMBytes {
    @inline(__always)
    static func equal(_ buf: UnsafeRawBufferPointer, _ literal: StaticString) -> Bool {
        guard buf.count == literal.utf8CodeUnitCount, let base = buf.baseAddress else { return false }
        return memcmp(base, literal.utf8Start, buf.count) == 0
    }

    static func string(_ buf: UnsafeRawBufferPointer?) -> String? {
        buf.map { String(decoding: $0, as: UTF8.self) }
    }

    /// The length of a NUL-terminated libxml2 string.
    @inline(__always)
    static func buffer(_ p: UnsafePointer<xmlChar>?) -> UnsafeRawBufferPointer? {
        guard let p else { return nil }
        return UnsafeRawBufferPointer(start: p, count: strlen(UnsafeRawPointer(p).assumingMemoryBound(to: CChar.self)))
    }
}

/// The per-row buffers of the ODM hot path (one `ItemData` at a time).
struct ODMRowState {
    /// The group OID and item OIDs, NUL-separated: the row's shape.
    var key = GrowableBuffer<UInt8>(capacity: 256)
    var bytes = GrowableBuffer<UInt8>(capacity: 512)
    var ends = GrowableBuffer<Int32>(capacity: 32)
    var rejected = false

    mutating func reset() {
        key.removeAll()
        bytes.removeAll()
        ends.removeAll()
        rejected = false
    }

    func free() {
        key.free()
        bytes.free()
        ends.free()
    }
}

/// Turns the element events of an ODM 1.3 `ClinicalData` stream (from the SAX2 driver,
/// `ODMSAXParser`) into `RawRow`s (SPEC 4.2): `SubjectData/@SubjectKey` → `patient_id`,
/// `SiteRef/@LocationOID` → `site_id`, one row per `ItemGroupData` in the table named by its
/// OID, one column per `ItemData`. Rows of the same table and item set share one
/// `ColumnHeader` (so that Map compiles a table mapping once): the row's shape key (the
/// group OID and item OIDs, as bytes) is compared with the previous row's before any
/// dictionary lookup or `String` is made.
final class ODMRowBuilder {
    let fileName: String
    let limits: ReadLimits
    var log: StageLog
    var deliver: (RawRow) -> Void = { _ in }

    /// A table layout met in the file.
    struct Shape {
        let table: String
        let header: ColumnHeader
        let appendPatient: Bool
        let appendSite: Bool
        /// The first column whose ItemOID the row repeats: the row is rejected (`ING-006`).
        let repeatedColumn: String?
    }

    // Subject and path context.
    private var subject: String?
    private var site: String?
    private var subjectPath = ""
    private var eventPath = ""
    private var formPath = ""
    /// The enclosing element marked `TransactionType="Remove"`, if any (issue 18).
    private var subjectRemoved = false
    private var eventRemoved = false
    private var formRemoved = false
    /// Why the row in progress is refused as removed data (the element that says `Remove`).
    private var rowRemoval: String?

    // The row in progress.
    private(set) var inRow = false
    private var rowLine = 0
    private var rowPath = ""
    /// The row's shape key, values and field ends: manual buffers behind a pointer so that
    /// the per-`ItemData` path has no exclusivity checks or reference counting.
    private let row: UnsafeMutablePointer<ODMRowState>
    private var rowRejection: Finding?
    /// The arrays handed out with each row (reused when the consumer did not keep them).
    private var rowBytes: [UInt8] = []
    private var rowEnds: [Int32] = []

    // Shapes.
    private var previousKey: [UInt8] = []
    private var previousShape: Shape?
    private var shapes: [[UInt8]: Shape] = [:]

    // Results.
    private(set) var rows = 0
    private(set) var rejectedRows = 0
    private(set) var tables: [String] = []
    private var sawItemGroup = false
    /// True once the document was refused (`ING-009`) or found malformed (`ING-008`).
    private(set) var stopped = false

    init(fileName: String, limits: ReadLimits, log: StageLog) {
        self.fileName = fileName
        self.limits = limits
        self.log = log
        row = UnsafeMutablePointer<ODMRowState>.allocate(capacity: 1)
        row.initialize(to: ODMRowState())
    }

    deinit {
        row.pointee.free()
        row.deinitialize(count: 1)
        row.deallocate()
    }

    // MARK: Element events

    func start(_ element: ODMElement, _ a: ODMAttributes, line: Int) {
        guard !stopped else { return }
        switch element {
        case .itemData:
            guard inRow else {
                itemOutsideRow(a, line: line)
                return
            }
            if a.removes, rowRemoval == nil { rowRemoval = "its ItemData \(ODMBytes.string(a.itemOID) ?? "")" }
            item(a)
        case .itemGroupData:
            guard !inRow else { return }
            inRow = true
            sawItemGroup = true
            rowLine = line
            row.pointee.reset()
            rowRemoval = a.removes ? "the ItemGroupData" : subjectRemoved ? "its SubjectData"
                : eventRemoved ? "its StudyEventData" : formRemoved ? "its FormData" : nil
            if let oid = a.itemGroupOID { row.pointee.key.append(oid) }
            var path = formPath + "/ItemGroupData[@ItemGroupOID='" + (ODMBytes.string(a.itemGroupOID) ?? "") + "']"
            if let r = ODMBytes.string(a.itemGroupRepeatKey) { path += "[@ItemGroupRepeatKey='" + r + "']" }
            rowPath = path
        case .subjectData:
            subject = ODMBytes.string(a.subjectKey) ?? ""
            site = nil
            subjectRemoved = a.removes
            // The key is masked (SPEC 7): the path locates the row, SUBJID names the subject.
            subjectPath = "SubjectData[@SubjectKey='*']"
            eventPath = subjectPath
            formPath = subjectPath
        case .siteRef:
            site = ODMBytes.string(a.locationOID)
        case .studyEventData:
            eventRemoved = a.removes
            var path = subjectPath + "/StudyEventData[@StudyEventOID='" + (ODMBytes.string(a.studyEventOID) ?? "") + "']"
            if let r = ODMBytes.string(a.studyEventRepeatKey) { path += "[@StudyEventRepeatKey='" + r + "']" }
            eventPath = path
            formPath = path
        case .formData:
            formRemoved = a.removes
            var path = eventPath + "/FormData[@FormOID='" + (ODMBytes.string(a.formOID) ?? "") + "']"
            if let r = ODMBytes.string(a.formRepeatKey) { path += "[@FormRepeatKey='" + r + "']" }
            formPath = path
        case .other:
            break
        }
    }

    func end(_ element: ODMElement) {
        guard !stopped else { return }
        switch element {
        case .itemGroupData where inRow: finishRow()
        case .subjectData:
            subject = nil
            site = nil
            subjectRemoved = false
            (subjectPath, eventPath, formPath) = ("", "", "")
        case .studyEventData:
            eventRemoved = false
            (eventPath, formPath) = (subjectPath, subjectPath)
        case .formData:
            formRemoved = false
            formPath = eventPath
        default: break
        }
    }

    /// One `ItemData`: its OID joins the shape key, its value the row's bytes.
    @inline(__always)
    private func item(_ a: ODMAttributes) {
        let r = row
        r.pointee.key.append(0)
        if let oid = a.itemOID { r.pointee.key.append(oid) }
        if r.pointee.rejected { return }
        let isNull = a.isNull.map { ODMBytes.equal($0, "Yes") } ?? false
        let value = isNull ? nil : a.value
        let length = value?.count ?? 0
        if length > limits.maxFieldBytes || r.pointee.bytes.count + length > limits.maxRowBytes {
            let column = TableNaming.column(forItemOID: ODMBytes.string(a.itemOID) ?? "")
            rowRejection = finding(.ING007, line: rowLine, path: rowPath, field: column, message:
                "Item '\(column)' of the ItemGroupData at \(fileName):\(rowLine) is longer than "
                + "\(length > limits.maxFieldBytes ? limits.maxFieldBytes : limits.maxRowBytes) bytes; "
                + "check the export of this form (the row was not used).")
            r.pointee.rejected = true
            return
        }
        if let value, let base = value.baseAddress {
            if memchr(base, 0x26, value.count) == nil {
                r.pointee.bytes.append(value)
            } else {
                appendDecodingAmpersands(value)
            }
        }
        r.pointee.ends.append(Int32(truncatingIfNeeded: r.pointee.bytes.count))
    }

    /// libxml2 hands attribute values to SAX2 with `&` kept as `&#38;` when entities are not
    /// substituted (they never are here): turn it back into `&`.
    private func appendDecodingAmpersands(_ value: UnsafeRawBufferPointer) {
        var i = 0
        let n = value.count
        while i < n {
            if value[i] == 0x26, i + 4 < n, value[i + 1] == 0x23, value[i + 2] == 0x33, value[i + 3] == 0x38,
               value[i + 4] == 0x3B {
                row.pointee.bytes.append(0x26)
                i += 5
            } else {
                row.pointee.bytes.append(value[i])
                i += 1
            }
        }
    }

    private func finishRow() {
        inRow = false
        let shape: Shape
        if let previous = previousShape, row.pointee.key.equals(previousKey) {
            shape = previous
        } else {
            let key = row.pointee.key.array()
            shape = shapes[key] ?? makeShape(key)
            previousKey = key
            previousShape = shape
        }
        defer {
            row.pointee.reset()
            rowRejection = nil
            rowRemoval = nil
        }
        if row.pointee.rejected, let rejection = rowRejection {
            rejectRow(rejection, table: shape.table)
            return
        }
        if let removal = rowRemoval {
            let f = finding(.ING015, line: rowLine, path: rowPath, field: "", message:
                "The ItemGroupData at \(fileName):\(rowLine) is marked for removal (TransactionType=\"Remove\" on \(removal)); "
                + "mmpipe reads snapshots and cannot apply a removal, so the row was not used — export a snapshot of the "
                + "current data (FileType=\"Snapshot\") without the removed records.")
            rejectRow(f, table: shape.table)
            return
        }
        if let column = shape.repeatedColumn {
            let f = finding(.ING006, line: rowLine, path: rowPath, field: column, message:
                "The ItemGroupData at \(fileName):\(rowLine) holds the item '\(column)' twice, so its value is ambiguous; "
                + "the row was not used (the file's other rows were) — export the form with each ItemOID once.")
            rejectRow(f, table: shape.table)
            return
        }
        rowBytes.removeAll(keepingCapacity: true)
        rowBytes.append(contentsOf: row.pointee.bytes.buffer)
        rowEnds.removeAll(keepingCapacity: true)
        rowEnds.append(contentsOf: row.pointee.ends.buffer)
        if shape.appendPatient {
            if let subject { rowBytes.append(contentsOf: subject.utf8) }
            rowEnds.append(Int32(truncatingIfNeeded: rowBytes.count))
        }
        if shape.appendSite {
            if let site { rowBytes.append(contentsOf: site.utf8) }
            rowEnds.append(Int32(truncatingIfNeeded: rowBytes.count))
        }
        rows += 1
        let made = RawRow(table: shape.table, header: shape.header, bytes: rowBytes, ends: rowEnds,
                         provenance: Provenance(file: fileName, line: rowLine, xmlPath: rowPath),
                         site: site, subject: subject)
        deliver(made)
    }

    /// Builds (and caches) the shape of the row whose key was just read.
    private func makeShape(_ key: [UInt8]) -> Shape {
        let parts = key.split(separator: 0, omittingEmptySubsequences: false)
        let table = TableNaming.table(forItemGroupOID: String(decoding: parts.first ?? [], as: UTF8.self))
        var names = parts.dropFirst().map { TableNaming.column(forItemOID: String(decoding: $0, as: UTF8.self)) }
        var normalized = Set<String>()
        var repeated: String? = nil
        for name in names where !normalized.insert(ColumnHeader.normalize(name)).inserted { repeated = repeated ?? name }
        let appendPatient = !normalized.contains("patient_id")
        let appendSite = !normalized.contains("site_id")
        if appendPatient { names.append("patient_id") }
        if appendSite { names.append("site_id") }
        let shape = Shape(table: table, header: ColumnHeader(names: names), appendPatient: appendPatient,
                          appendSite: appendSite, repeatedColumn: repeated)
        shapes[key] = shape
        if !tables.contains(table) { tables.append(table) }
        return shape
    }

    /// Rejects the row of `table` (its item group's table, counted as read) that `finding` is about.
    private func rejectRow(_ finding: Finding, table: String) {
        rejectedRows += 1
        var finding = finding
        finding.table = TableName(rawValue: table)
        let key = subject.map { PatientKey(site: site ?? "", patientID: $0) }
        log.reject(finding, key: key, table: table)
    }

    private func finding(_ rule: Rule, line: Int, path: String?, field: String, message: String) -> Finding {
        Finding(siteID: site ?? "", subjectID: subject ?? "", table: nil,
                location: .row(Provenance(file: fileName, line: line, xmlPath: path)), field: field, value: "",
                rule: rule, severity: rule.severity, message: message)
    }

    // MARK: Refusals and errors

    /// An `ItemData` outside any `ItemGroupData` belongs to no row: named with `ING-015`,
    /// never dropped silently (issue 18).
    private func itemOutsideRow(_ a: ODMAttributes, line: Int) {
        let column = TableNaming.column(forItemOID: ODMBytes.string(a.itemOID) ?? "")
        log.add(finding(.ING015, line: line, path: formPath.isEmpty ? nil : formPath, field: column, message:
            "The ItemData '\(ODMBytes.string(a.itemOID) ?? "")' at \(fileName):\(line) is outside any ItemGroupData, so it "
            + "belongs to no row and its value was not read — export the form with the item inside its item group."))
    }

    /// The document declares entities or references one (SPEC 4.2): refuse it, keep nothing
    /// of its content beyond the rows already read, name nothing it declares.
    func forbid(line: Int) {
        guard !stopped else { return }
        stopped = true
        dropOpenRow()
        log.add(Finding(.ING009, table: nil, location: .row(Provenance(file: fileName, line: line)), message:
            "\(fileName) declares a DTD entity or references an entity at line \(line) and was refused for safety; "
            + "export plain ODM XML without DOCTYPE or entities and upload it again."))
    }

    /// A fatal XML error: one `ING-008` naming the line; rows already read are kept and the
    /// row in progress, if any, is counted as rejected.
    func malformed(line: Int, reason: String) {
        guard !stopped else { return }
        stopped = true
        let message = "\(fileName) is not well-formed XML at line \(line) (\(reason)); the rows before that line were "
            + "kept — re-export the file, do not edit it by hand."
        if inRow {
            inRow = false
            let f = finding(.ING008, line: line, path: rowPath, field: "", message: message)
            rejectRow(f, table: TableNaming.table(forItemGroupOID: String(decoding: row.pointee.key.buffer.prefix { $0 != 0 }, as: UTF8.self)))
        } else {
            log.add(finding(.ING008, line: line, path: nil, field: "", message: message))
        }
    }

    /// A single element or comment larger than the reader accepts (`ING-007`); rows already
    /// read are kept, the rest of the file is not read.
    func oversizedInput(line: Int, limit: Int) {
        guard !stopped else { return }
        stopped = true
        dropOpenRow()
        log.add(Finding(siteID: site ?? "", subjectID: subject ?? "", table: nil,
                        location: .row(Provenance(file: fileName, line: line)), field: "", value: "", rule: .ING007,
                        severity: Rule.ING007.severity, message:
            "\(fileName) holds an element or value after line \(line) larger than \(limit) bytes and was not read past "
            + "it; check the export (an attribute or comment is probably not closed) and upload it again."))
    }

    /// An unreadable file (`ING-001`).
    func unreadable(reason: String) {
        stopped = true
        log.add(Finding(.ING001, table: nil, location: .file(fileName),
                        message: "\(fileName) cannot be read (\(reason)); re-export the file and upload it again."))
    }

    private func dropOpenRow() {
        if inRow {
            inRow = false
            rejectedRows += 1
            log.rejectedRows[TableNaming.table(forItemGroupOID:
                String(decoding: row.pointee.key.buffer.prefix { $0 != 0 }, as: UTF8.self)), default: 0] += 1
        }
    }

    /// End of file: `ING-011` when no row was found at all.
    func finish() {
        if !stopped && !sawItemGroup {
            log.add(Finding(.ING011, table: nil, location: .file(fileName), message:
                "\(fileName) holds no ClinicalData rows (no ItemGroupData); re-export the study's clinical data as ODM."))
        }
    }
}
