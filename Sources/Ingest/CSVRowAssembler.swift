import Foundation
import MMModel

/// The per-row state libcsv's callbacks write to — the CSV hot path. It lives behind one
/// pointer (the callbacks' context), not in class properties: per field there is then no
/// exclusivity check and no reference counting, only `memcpy`s into one reused buffer
/// (no `String` per field); the row's arrays are made once per row. Problems found in a
/// field are recorded as plain numbers here; the assembler makes the findings per row.
struct CSVRowState {
    /// UTF-8 bytes of the fields read so far, back to back.
    var bytes = GrowableBuffer<UInt8>(capacity: 1024)
    /// End offset of each field read so far.
    var ends = GrowableBuffer<Int32>(capacity: 64)
    /// Scratch space for a field transcoded from Windows-1252.
    var transcoded: [UInt8] = []
    /// Fields seen in the row (also those not kept once the row is rejected).
    var fieldCount = 0
    /// Why the row will be rejected: `.none`, or the first limit it broke and the field.
    var overflow: Overflow = .none
    var overflowField = 0
    /// Physical line (1-based) of the line now being fed to libcsv.
    var currentLine = 1
    /// Line where the row in progress started; 0 when no row is in progress.
    var rowStartLine = 0
    /// First field (line, index) that was not UTF-8 and was read as Windows-1252.
    var firstWindows1252Line = 0
    var firstWindows1252Field = 0
    /// True while the bytes libcsv is reading (this chunk and the one before, which a field
    /// may have started in) are all ASCII: the per-field encoding check is then skipped.
    var inputIsASCII = false
    let maxFieldBytes: Int
    let maxRowBytes: Int
    /// The assembler that receives the end of each row.
    let assembler: Unmanaged<CSVRowAssembler>

    enum Overflow: UInt8 { case none, field, row, unterminated }

    var rowInProgressLine: Int { rowStartLine != 0 ? rowStartLine : currentLine }

    /// cb1: one field of the current row.
    @inline(__always)
    mutating func field(_ ptr: UnsafeRawPointer?, _ len: Int) {
        let index = fieldCount
        fieldCount += 1
        if overflow != .none { return }
        if len > maxFieldBytes {
            overflow = .field
            overflowField = index
            return
        }
        if bytes.count + len > maxRowBytes {
            overflow = .row
            overflowField = index
            return
        }
        if let ptr, len > 0 {
            let buf = UnsafeRawBufferPointer(start: ptr, count: len)
            if inputIsASCII || TextEncoding.isASCII(buf) || TextEncoding.isValidUTF8(buf) {
                bytes.append(ptr.assumingMemoryBound(to: UInt8.self), count: len)
            } else {
                // Not UTF-8: read this field as Windows-1252 (SPEC 4.1), noted once per file.
                transcoded.removeAll(keepingCapacity: true)
                TextEncoding.appendCP1252(buf, to: &transcoded)
                if bytes.count + transcoded.count > maxRowBytes {
                    overflow = .row
                    overflowField = index
                    return
                }
                transcoded.withUnsafeBufferPointer { t in
                    if let b = t.baseAddress { bytes.append(b, count: t.count) }
                }
                if firstWindows1252Line == 0 {
                    firstWindows1252Line = rowInProgressLine
                    firstWindows1252Field = index
                }
            }
        }
        ends.append(Int32(truncatingIfNeeded: bytes.count))
    }

    mutating func resetRow() {
        bytes.removeAll()
        ends.removeAll()
        fieldCount = 0
        overflow = .none
        rowStartLine = 0
    }
}

/// Assembles the fields libcsv reports for one file into `RawRow`s (SPEC 4.1): takes the
/// header, checks each row's shape, raises the file's findings, and hands rows to the
/// consumer without a copy (when the consumer does not keep the row, the next row reuses
/// the same storage). Used on the reader's own thread only.
final class CSVRowAssembler {
    let fileName: String
    let table: String
    let limits: ReadLimits
    var log: StageLog
    /// The consumer of rows; set for the duration of `CSVFileReader.read`.
    var deliver: (RawRow) -> Void = { _ in }
    /// The row handed out, updated in place (behind a pointer, so that handing it out
    /// neither copies it nor goes through exclusivity checks); its arrays keep their
    /// storage from row to row unless the consumer keeps a row.
    private var outgoing: UnsafeMutablePointer<RawRow>?
    /// The hot per-row state; its address is libcsv's context pointer.
    let state: UnsafeMutablePointer<CSVRowState>

    // File-level state.
    private(set) var header: ColumnHeader?
    private var patientColumn: Int?
    private var siteColumn: Int?
    /// Set when the header itself is unusable (duplicate column, oversized): every data row
    /// is then counted as rejected under the single file-level finding.
    private(set) var fileRejected = false
    private(set) var rows = 0
    private(set) var rejectedRows = 0
    /// A finding raised beside the row's own rejection (the unterminated quote at EOF).
    private var extraFinding: Finding?

    init(fileName: String, table: String, limits: ReadLimits, log: StageLog) {
        self.fileName = fileName
        self.table = table
        self.limits = limits
        self.log = log
        state = UnsafeMutablePointer<CSVRowState>.allocate(capacity: 1)
        state.initialize(to: CSVRowState(maxFieldBytes: limits.maxFieldBytes, maxRowBytes: limits.maxRowBytes,
                                         assembler: .passUnretained(self)))
    }

    deinit {
        if let outgoing {
            outgoing.deinitialize(count: 1)
            outgoing.deallocate()
        }
        state.pointee.bytes.free()
        state.pointee.ends.free()
        state.deinitialize(count: 1)
        state.deallocate()
    }

    var usedWindows1252: Bool { state.pointee.firstWindows1252Line != 0 }

    /// cb2: the end of the current row.
    func endRow() {
        let row = state
        let line = row.pointee.rowInProgressLine
        defer { row.pointee.resetRow() }
        // A line holding only spaces is a blank line (libcsv already skips empty ones).
        if row.pointee.overflow == .none, row.pointee.fieldCount == 1, TextEncoding.isBlank(row.pointee.bytes.buffer) {
            return
        }
        guard let header else {
            takeHeader(line: line)
            return
        }
        if fileRejected {
            rejectedRows += 1
            log.rejectedRows[table, default: 0] += 1
            return
        }
        if row.pointee.overflow != .none {
            reject(overflowFinding(line: line))
            if let extra = extraFinding { log.add(extra) }
            extraFinding = nil
            return
        }
        let count = row.pointee.fieldCount
        if count != header.names.count {
            reject(makeFinding(.ING003, line: line, field: "", message:
                "Row at \(fileName):\(line) has \(count) fields but the header has \(header.names.count) columns; "
                + "check the delimiter and the quoting of this row and re-export (the row was not used)."))
            return
        }
        rows += 1
        // Copied once per row into arrays that are reused when the consumer did not keep
        // the previous row (then no allocation at all).
        let out: UnsafeMutablePointer<RawRow>
        if let existing = outgoing {
            out = existing
        } else {
            out = .allocate(capacity: 1)
            out.initialize(to: RawRow(table: table, header: header, bytes: [], ends: [],
                                      provenance: Provenance(file: fileName, line: 0)))
            outgoing = out
        }
        out.pointee.bytes.replaceSubrange(0..<out.pointee.bytes.count, with: row.pointee.bytes.buffer)
        out.pointee.ends.replaceSubrange(0..<out.pointee.ends.count, with: row.pointee.ends.buffer)
        out.pointee.provenance.line = line
        deliver(out.pointee)
    }

    /// Called at end of file when a quoted field was never closed: the row is rejected with
    /// `ING-008` (or with its earlier `ING-007`, plus the `ING-008` naming the open quote).
    func noteUnterminatedQuote() {
        let line = state.pointee.rowInProgressLine
        let name = columnName(state.pointee.fieldCount)
        let finding = makeFinding(.ING008, line: line, field: name, message:
            "A quote opened in field '\(name)' of the row at \(fileName):\(line) is never closed, so the rest of the file "
            + "was read as one field; close the quote and re-export (the row was not used).")
        if state.pointee.overflow == .none { state.pointee.overflow = .unterminated }
        extraFinding = finding
    }

    /// The finding for a row that broke a limit (or ended inside an open quote).
    private func overflowFinding(line: Int) -> Finding {
        let name = columnName(state.pointee.overflowField)
        switch state.pointee.overflow {
        case .field:
            return makeFinding(.ING007, line: line, field: name, message:
                "Field '\(name)' of the row at \(fileName):\(line) is longer than \(limits.maxFieldBytes) bytes; "
                + "a quote is probably not closed — fix the quoting and re-export (the row was not used).")
        case .row:
            return makeFinding(.ING007, line: line, field: name, message:
                "The row at \(fileName):\(line) is longer than \(limits.maxRowBytes) bytes (at field '\(name)'); "
                + "a quote is probably not closed — fix the quoting and re-export (the row was not used).")
        case .unterminated, .none:
            let finding = extraFinding ?? makeFinding(.ING008, line: line, field: name, message: "")
            extraFinding = nil
            return finding
        }
    }

    // MARK: Header and findings

    private func takeHeader(line: Int) {
        if state.pointee.overflow != .none {
            // An unusable header makes every row unusable: one finding, all rows counted.
            var finding = overflowFinding(line: line)
            finding.message = "The header row of \(fileName) is unusable: " + finding.message
            log.add(finding)
            fileRejected = true
            header = ColumnHeader(names: [])
            return
        }
        let bytes = state.pointee.bytes.buffer, ends = state.pointee.ends.buffer
        var names: [String] = []
        names.reserveCapacity(ends.count)
        for i in 0..<ends.count {
            let start = i == 0 ? 0 : Int(ends[i - 1])
            names.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<Int(ends[i])]), as: UTF8.self))
        }
        let made = ColumnHeader(names: names)
        header = made
        var seen: Set<String> = []
        for name in names {
            let key = ColumnHeader.normalize(name)
            if !seen.insert(key).inserted {
                log.add(makeFinding(.ING006, line: line, field: name, message:
                    "Column '\(name)' appears twice in the header of \(fileName):\(line); rename or remove the repeated "
                    + "column and re-export (no row of this file was used)."))
                fileRejected = true
                break
            }
        }
        patientColumn = made.index(of: "patient_id")
        siteColumn = made.index(of: "site_id")
    }

    /// The header name of column `i`, or its 1-based position when there is no such column.
    private func columnName(_ i: Int) -> String {
        if let header, i < header.names.count { return header.names[i] }
        return "column \(i + 1)"
    }

    private func makeFinding(_ rule: Rule, line: Int, field: String, message: String) -> Finding {
        Finding(rule, table: TableName(rawValue: table), location: .row(Provenance(file: fileName, line: line)),
                field: field, message: message)
    }

    /// Fills the finding's site and subject from the row's fields when they were read.
    private func fillKey(_ finding: inout Finding) {
        let count = state.pointee.ends.count
        if let s = siteColumn, s < count { finding.siteID = fieldString(s) }
        if let p = patientColumn, p < count { finding.subjectID = fieldString(p) }
    }

    private func fieldString(_ i: Int) -> String {
        let bytes = state.pointee.bytes.buffer, ends = state.pointee.ends.buffer
        let start = i == 0 ? 0 : Int(ends[i - 1])
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<Int(ends[i])]), as: UTF8.self)
            .trimmingCharacters(in: .whitespaces)
    }

    private func reject(_ finding: Finding) {
        var finding = finding
        fillKey(&finding)
        rejectedRows += 1
        let key: PatientKey? = finding.subjectID.isEmpty ? nil
            : PatientKey(site: finding.siteID, patientID: finding.subjectID)
        log.reject(finding, key: key, table: table)
    }

    /// The file is in an encoding the reader does not take (UTF-16): one `ING-002` ERROR, and
    /// the file is not read (issue 18.5: not "missing columns" and NUL bytes everywhere).
    func refuseEncoding(_ encoding: String) {
        var finding = makeFinding(.ING002, line: 1, field: "", message:
            "\(fileName) is encoded as \(encoding), which mmpipe does not read; no row of the file was used — "
            + "export the table again as UTF-8 (or Windows-1252) CSV and upload it again.")
        finding.value = encoding
        finding.severity = .error
        log.add(finding)
        header = ColumnHeader(names: [])
        fileRejected = true
    }

    /// File-level findings raised at the end of the file.
    func finish() {
        if header == nil {
            log.add(makeFinding(.ING011, line: 1, field: "", message:
                "\(fileName) is empty: re-export the table with its header row and its data."))
        } else if rows == 0 && rejectedRows == 0 && !fileRejected {
            log.add(makeFinding(.ING014, line: 1, field: "", message:
                "\(fileName) has a header row but no data rows: no \(table) row was uploaded — nothing to do if the site has none yet, else re-export the table with its rows."))
        }
        let firstLine = state.pointee.firstWindows1252Line
        if firstLine != 0 {
            let field = columnName(state.pointee.firstWindows1252Field)
            log.add(makeFinding(.ING002, line: firstLine, field: field, message:
                "\(fileName) is not valid UTF-8 (first at line \(firstLine), field '\(field)') and "
                + "was read as Windows-1252; check that accented characters are right and export as UTF-8 next time."))
        }
    }
}
