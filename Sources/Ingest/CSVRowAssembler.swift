import Foundation
import MMModel

/// Receives libcsv's field (cb1) and end-of-row (cb2) callbacks for one file and assembles
/// them into `RawRow`s (SPEC 4.1). This is the CSV hot path: each field's bytes are
/// appended to one reused per-row buffer — no `String` per field — and the buffer is handed
/// to the consumer without a copy (when the consumer does not keep the row, the next row
/// reuses the same storage). Only used on the reader's own thread; C reaches it through an
/// `Unmanaged` context pointer.
final class CSVRowAssembler {
    let fileName: String
    let table: String
    let limits: ReadLimits
    var log: StageLog
    /// The consumer of rows; set for the duration of `CSVFileReader.read`.
    var deliver: ((RawRow) -> Void)?

    // File-level state.
    private(set) var header: ColumnHeader?
    private var patientColumn: Int?
    private var siteColumn: Int?
    /// Set when the header itself is unusable (duplicate column, oversized): every data row
    /// is then counted as rejected under the single file-level finding.
    private(set) var fileRejected = false
    private(set) var rows = 0
    private(set) var rejectedRows = 0
    private(set) var usedWindows1252 = false
    private var firstWindows1252: (line: Int, field: Int)?

    // Row-level state.
    private var bytes: [UInt8] = []
    private var ends: [Int32] = []
    private var fieldCount = 0
    /// Physical line (1-based) of the line now being fed to libcsv.
    var currentLine = 1
    /// Line where the row in progress started; 0 when no row is in progress.
    var rowStartLine = 0
    /// The reason the row in progress will be rejected (first problem wins).
    private var pendingRejection: Finding?
    /// Set before `csv_fini` when the file ends inside a quoted field.
    var unterminatedQuoteAtEOF = false

    init(fileName: String, table: String, limits: ReadLimits, log: StageLog) {
        self.fileName = fileName
        self.table = table
        self.limits = limits
        self.log = log
        bytes.reserveCapacity(512)
        ends.reserveCapacity(32)
    }

    var rowInProgressLine: Int { rowStartLine != 0 ? rowStartLine : currentLine }

    // MARK: libcsv callbacks

    /// cb1: one field of the current row.
    @inline(__always)
    func field(_ ptr: UnsafeRawPointer?, _ len: Int) {
        let index = fieldCount
        fieldCount += 1
        if pendingRejection != nil { return }
        if len > limits.maxFieldBytes {
            rejectOversized(field: index, bytes: len)
            return
        }
        if bytes.count + len > limits.maxRowBytes {
            rejectOversizedRow(field: index)
            return
        }
        if let ptr, len > 0 {
            let buf = UnsafeRawBufferPointer(start: ptr, count: len)
            if TextEncoding.isASCII(buf) || TextEncoding.isValidUTF8(buf) {
                bytes.append(contentsOf: buf)
            } else {
                // Not UTF-8: read this field as Windows-1252 (SPEC 4.1), once noted per file.
                TextEncoding.appendCP1252(buf, to: &bytes)
                usedWindows1252 = true
                if firstWindows1252 == nil { firstWindows1252 = (rowInProgressLine, index) }
            }
        }
        ends.append(Int32(truncatingIfNeeded: bytes.count))
    }

    /// cb2: the end of the current row.
    func endRow() {
        let line = rowInProgressLine
        rowStartLine = 0
        defer {
            bytes.removeAll(keepingCapacity: true)
            ends.removeAll(keepingCapacity: true)
            fieldCount = 0
            pendingRejection = nil
        }
        // A line holding only spaces is a blank line (libcsv already skips empty ones).
        if pendingRejection == nil, fieldCount == 1, TextEncoding.isBlank(bytes[...]) { return }

        guard let header else {
            takeHeader(line: line)
            return
        }
        if fileRejected {
            rejectedRows += 1
            log.rejectedRows[table, default: 0] += 1
            return
        }
        if var finding = pendingRejection {
            fillKey(&finding)
            reject(finding)
            return
        }
        if fieldCount != header.names.count {
            var finding = makeFinding(.ING003, line: line, field: "", message:
                "Row at \(fileName):\(line) has \(fieldCount) fields but the header has \(header.names.count) columns; "
                + "check the delimiter and the quoting of this row and re-export (the row was not used).")
            fillKey(&finding)
            reject(finding)
            return
        }
        rows += 1
        let row = RawRow(table: table, header: header, bytes: bytes, ends: ends,
                         provenance: Provenance(file: fileName, line: line))
        deliver?(row)
    }

    // MARK: Oversized input (called by the reader between libcsv calls too)

    /// Marks the row in progress as rejected because field `field` exceeds the limit.
    func rejectOversized(field: Int, bytes len: Int) {
        guard pendingRejection == nil else { return }
        let line = rowInProgressLine
        let name = columnName(field)
        pendingRejection = makeFinding(.ING007, line: line, field: name, message:
            "Field '\(name)' of the row at \(fileName):\(line) is longer than \(limits.maxFieldBytes) bytes; "
            + "a quote is probably not closed — fix the quoting and re-export (the row was not used).")
    }

    /// Marks the row in progress as rejected because it exceeds the row limit.
    func rejectOversizedRow(field: Int) {
        guard pendingRejection == nil else { return }
        let line = rowInProgressLine
        let name = columnName(field)
        pendingRejection = makeFinding(.ING007, line: line, field: name, message:
            "The row at \(fileName):\(line) is longer than \(limits.maxRowBytes) bytes (at field '\(name)'); "
            + "a quote is probably not closed — fix the quoting and re-export (the row was not used).")
    }

    /// Bytes the row in progress already holds (for the row limit while libcsv buffers a field).
    var rowBytesSoFar: Int { bytes.count }
    var fieldsSoFar: Int { fieldCount }
    var rowAlreadyRejected: Bool { pendingRejection != nil }

    /// Called at end of file when a quoted field was never closed: the row is rejected with
    /// `ING-008` (or with its earlier `ING-007`, plus the `ING-008` naming the open quote).
    func noteUnterminatedQuote() {
        let line = rowInProgressLine
        let name = columnName(fieldCount)
        let finding = makeFinding(.ING008, line: line, field: name, message:
            "A quote opened in field '\(name)' of the row at \(fileName):\(line) is never closed, so the rest of the file "
            + "was read as one field; close the quote and re-export (the row was not used).")
        if pendingRejection == nil {
            pendingRejection = finding
        } else {
            log.add(finding)
        }
    }

    // MARK: Header and findings

    private func takeHeader(line: Int) {
        if var finding = pendingRejection {
            // An unusable header makes every row unusable: one finding, all rows counted.
            finding.message = "The header row of \(fileName) is unusable: " + finding.message
            log.add(finding)
            fileRejected = true
            header = ColumnHeader(names: [])
            return
        }
        var names: [String] = []
        names.reserveCapacity(fieldCount)
        for i in 0..<ends.count {
            let start = i == 0 ? 0 : Int(ends[i - 1])
            names.append(String(decoding: bytes[start..<Int(ends[i])], as: UTF8.self))
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
        Finding(siteID: "", subjectID: "", table: table, source: Provenance(file: fileName, line: line).source,
                field: field, value: "", ruleID: rule.id, severity: rule.severity, message: message)
    }

    /// Fills the finding's site and subject from the row's fields when they were read.
    private func fillKey(_ finding: inout Finding) {
        if let s = siteColumn, s < ends.count { finding.siteID = fieldString(s) }
        if let p = patientColumn, p < ends.count { finding.subjectID = fieldString(p) }
    }

    private func fieldString(_ i: Int) -> String {
        let start = i == 0 ? 0 : Int(ends[i - 1])
        return String(decoding: bytes[start..<Int(ends[i])], as: UTF8.self)
            .trimmingCharacters(in: .whitespaces)
    }

    private func reject(_ finding: Finding) {
        rejectedRows += 1
        let key: PatientKey? = finding.subjectID.isEmpty ? nil
            : PatientKey(site: finding.siteID, patientID: finding.subjectID)
        log.reject(finding, key: key, table: table, source: finding.source)
    }

    /// File-level findings raised at the end of the file.
    func finish() {
        if header == nil {
            log.add(makeFinding(.ING011, line: 1, field: "", message:
                "\(fileName) is empty: re-export the table with its header row and its data."))
        } else if rows == 0 && rejectedRows == 0 && !fileRejected {
            log.add(makeFinding(.ING011, line: 1, field: "", message:
                "\(fileName) has a header row but no data rows: re-export the table with its data."))
        }
        if let first = firstWindows1252 {
            log.add(makeFinding(.ING002, line: first.line, field: columnName(first.field), message:
                "\(fileName) is not valid UTF-8 (first at line \(first.line), field '\(columnName(first.field))') and "
                + "was read as Windows-1252; check that accented characters are right and export as UTF-8 next time."))
        }
    }
}
