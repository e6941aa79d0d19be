import CLibCSV
import Foundation
import MMModel

/// Streams a CSV table through libcsv's callback API (SPEC 4.1): the file is read in 1 MiB
/// chunks with POSIX `read`, never whole; libcsv calls back per field and per row into a
/// `CSVRowAssembler` reached through an `Unmanaged` context pointer.
///
/// - Delimiter `,` or `;`, sniffed from the header line (outside quotes).
/// - UTF-8 with or without BOM (stripped); a field that is not valid UTF-8 is read as
///   Windows-1252, the file is marked so and gets one `ING-002`. A UTF-16 file (by its BOM
///   or its NUL bytes) is refused with an `ING-002` ERROR.
/// - CRLF or LF (a lone CR in an LF file ends a line too, as in an editor); RFC 4180 quoting;
///   blank lines skipped; spaces kept as written (Map trims).
/// - `Provenance.line` is the physical line where the row starts: the chunk is fed to libcsv
///   one line at a time (split at `\n`, at most 64 KiB per call), so the reader always knows
///   which line libcsv is on, including lines inside quoted fields.
/// - Safety: a field over `maxFieldBytes` or a row over `maxRowBytes` rejects the row with
///   `ING-007`. libcsv buffers a field until it ends, so between calls the reader watches
///   libcsv's buffer and, once a field is over the limit, discards what it holds: memory
///   stays bounded even for a quote that is never closed (`ING-008` at end of file).
/// - Ragged rows (`ING-003`), unreadable files (`ING-001`), empty files (`ING-011`),
///   duplicate header columns (`ING-006`).
public struct CSVFileReader: SourceReader {
    public var path: String
    public var limits: ReadLimits

    public init(path: String, limits: ReadLimits = ReadLimits()) {
        self.path = path
        self.limits = limits
    }

    /// Bytes read from the file per `read` call.
    static let chunkSize = 1 << 20
    /// Most bytes handed to libcsv per call, so that a runaway field is noticed in time.
    static let maxSegment = 64 << 10

    // libcsv parser states (libcsv.c): a row is in progress unless ROW_NOT_BEGUN.
    static let rowNotBegun: Int32 = 0
    static let fieldBegun: Int32 = 2

    public func read(log: inout StageLog, _ body: (RawRow) -> Void) -> InputFileSummary {
        let name = (path as NSString).lastPathComponent
        let table = TableNaming.table(forFile: path)
        var summary = InputFileSummary(path: path, name: name, format: "csv", tables: [table], encoding: "UTF-8",
                                       delimiter: ",", bytes: 0, rows: 0, rejectedRows: 0)
        guard let file = RawFile(path: path) else {
            log.add(Self.unreadable(name: name, table: table, reason: RawFile.whyUnreadable(path)))
            return summary
        }
        defer { file.close() }

        let assembler = CSVRowAssembler(fileName: name, table: table, limits: limits, log: log)
        log = StageLog()  // handed over to the assembler; taken back below (no copy of its arrays)
        withoutActuallyEscaping(body) { escapable in
            assembler.deliver = escapable
            parse(file, into: assembler, summary: &summary)
            assembler.deliver = { _ in }
        }
        assembler.finish()
        log = assembler.log
        summary.rows = assembler.rows
        summary.rejectedRows = assembler.rejectedRows
        if assembler.usedWindows1252 { summary.encoding = "Windows-1252" }
        return summary
    }

    /// The read loop: chunks from the file, lines to libcsv.
    private func parse(_ file: RawFile, into assembler: CSVRowAssembler, summary: inout InputFileSummary) {
        let parser = UnsafeMutablePointer<csv_parser>.allocate(capacity: 1)
        guard csv_init(parser, 0) == 0 else { parser.deallocate(); return }
        defer {
            csv_free(parser)
            parser.deallocate()
        }
        // Keep leading and trailing spaces as written (SPEC: Map trims), libcsv trims by default.
        csv_set_space_func(parser) { _ in 0 }
        csv_set_blk_size(parser, 4096)
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: Self.chunkSize, alignment: 16)
        defer { buffer.deallocate() }
        let context = UnsafeMutableRawPointer(assembler.state)
        let state = assembler.state

        var first = true
        // Lines end at LF (LF or CRLF files); a file with CRs and no LF uses old Mac CR endings.
        var terminator: Int32 = 0x0A
        var previousChunkASCII = true
        // The last chunk ended in a CR whose next byte was not read yet.
        var pendingCR = false
        while true {
            let n = file.read(into: buffer, count: Self.chunkSize)
            if n < 0 {
                assembler.log.add(Self.unreadable(name: assembler.fileName, table: assembler.table,
                                                  reason: String(cString: strerror(errno))))
                break
            }
            if n == 0 { break }
            summary.bytes += n
            var pos = 0
            if first {
                first = false
                let head = UnsafeRawBufferPointer(start: buffer, count: n)
                if n >= 3, head[0] == 0xEF, head[1] == 0xBB, head[2] == 0xBF {
                    pos = 3
                    summary.encoding = "UTF-8 (BOM)"
                }
                if let utf16 = TextEncoding.utf16(head) {
                    // Not a text encoding the reader takes: refuse the file, not "missing columns".
                    summary.encoding = utf16
                    assembler.refuseEncoding(utf16)
                    return
                }
                let delimiter = Self.sniffDelimiter(UnsafeRawBufferPointer(rebasing: head[pos...]))
                csv_set_delim(parser, delimiter)
                summary.delimiter = String(UnicodeScalar(delimiter))
                if memchr(buffer, 0x0A, n) == nil, memchr(buffer, 0x0D, n) != nil { terminator = 0x0D }
            }
            let chunkASCII = TextEncoding.isASCII(UnsafeRawBufferPointer(start: buffer, count: n))
            state.pointee.inputIsASCII = chunkASCII && previousChunkASCII
            previousChunkASCII = chunkASCII
            if pendingCR {
                // The chunk before ended in a CR: a lone one unless this chunk goes on with LF.
                pendingCR = false
                if buffer.load(as: UInt8.self) != 0x0A { state.pointee.currentLine += 1 }
            }
            while pos < n {
                let limit = min(n - pos, Self.maxSegment)
                let start = buffer + pos
                var newline = memchr(start, terminator, limit).map(UnsafeMutableRawPointer.init)
                var length = newline.map { $0 - start + 1 } ?? limit
                if terminator == 0x0A, let cr = Self.loneCR(start, length: length, available: n - pos) {
                    // A CR alone ends a line for libcsv (and for an editor): count it as one.
                    length = cr.offset + 1
                    newline = cr.known ? start + cr.offset : nil
                    pendingCR = !cr.known
                }
                let parsed = csv_parse(parser, start, length, Self.fieldCallback, Self.rowCallback, context)
                if parsed < length {
                    // Only an allocation failure stops libcsv in non-strict mode.
                    assembler.log.add(Self.malformed(name: assembler.fileName, table: assembler.table,
                                                     line: state.pointee.currentLine,
                                                     reason: String(cString: csv_strerror(csv_error(parser)))))
                    return
                }
                watch(parser, state)
                if newline != nil { state.pointee.currentLine += 1 }
                pos += length
            }
        }
        if parser.pointee.pstate == Self.fieldBegun && parser.pointee.quoted != 0 {
            assembler.noteUnterminatedQuote()
        }
        csv_fini(parser, Self.fieldCallback, Self.rowCallback, context)
    }

    /// Between libcsv calls: note where a row starts, and bound libcsv's field buffer.
    @inline(__always)
    private func watch(_ parser: UnsafeMutablePointer<csv_parser>, _ state: UnsafeMutablePointer<CSVRowState>) {
        let parse = parser.pointee.pstate
        if parse != Self.rowNotBegun && state.pointee.rowStartLine == 0 {
            state.pointee.rowStartLine = state.pointee.currentLine
        }
        // Only in FIELD_BEGUN may the buffer be emptied: libcsv later subtracts from
        // entry_pos in FIELD_MIGHT_HAVE_ENDED, which lasts one byte (no space skipping here).
        guard parse == Self.fieldBegun else { return }
        let pending = parser.pointee.entry_pos
        let overField = pending > limits.maxFieldBytes
        if overField || state.pointee.bytes.count + pending > limits.maxRowBytes {
            if state.pointee.overflow == .none {
                state.pointee.overflow = overField ? .field : .row
                state.pointee.overflowField = state.pointee.fieldCount
            }
            // The row is rejected: what libcsv holds of this field is no longer needed.
            parser.pointee.entry_pos = 0
        }
    }

    /// The first CR of `start[0..<length]` not followed by LF (`offset`), in an LF file; `known`
    /// is false when the CR is the last byte read so far (the next chunk decides).
    @inline(__always)
    static func loneCR(_ start: UnsafeMutableRawPointer, length: Int, available: Int) -> (offset: Int, known: Bool)? {
        var from = 0
        while from < length, let p = memchr(start + from, 0x0D, length - from) {
            let offset = UnsafeMutableRawPointer(p) - start
            if offset + 1 >= available { return (offset, false) }
            if start.load(fromByteOffset: offset + 1, as: UInt8.self) != 0x0A { return (offset, true) }
            from = offset + 2
        }
        return nil
    }

    /// `;` when the header line has more semicolons than commas outside quotes, else `,`.
    static func sniffDelimiter(_ head: UnsafeRawBufferPointer) -> UInt8 {
        var commas = 0, semicolons = 0, inQuotes = false, content = false
        for b in head {
            switch b {
            case 0x22: inQuotes.toggle(); content = true
            case 0x0A where !inQuotes, 0x0D where !inQuotes:
                if content { return semicolons > commas ? 0x3B : 0x2C }
            case 0x2C where !inQuotes: commas += 1; content = true
            case 0x3B where !inQuotes: semicolons += 1; content = true
            default: content = true
            }
        }
        return semicolons > commas ? 0x3B : 0x2C
    }

    static let fieldCallback: @convention(c) (UnsafeMutableRawPointer?, Int, UnsafeMutableRawPointer?) -> Void = {
        field, length, context in
        context?.assumingMemoryBound(to: CSVRowState.self).pointee.field(UnsafeRawPointer(field), length)
    }

    static let rowCallback: @convention(c) (Int32, UnsafeMutableRawPointer?) -> Void = { _, context in
        guard let state = context?.assumingMemoryBound(to: CSVRowState.self) else { return }
        state.pointee.assembler.takeUnretainedValue().endRow()
    }

    static func unreadable(name: String, table: String, reason: String) -> Finding {
        Finding(.ING001, table: TableName(rawValue: table), location: .file(name),
                message: "\(name) cannot be read (\(reason)); re-export the file and upload it again.")
    }

    static func malformed(name: String, table: String, line: Int, reason: String) -> Finding {
        Finding(.ING008, table: TableName(rawValue: table), location: .row(Provenance(file: name, line: line)),
                message: "\(name) could not be read past line \(line) (\(reason)); re-export the file, do not edit it by hand.")
    }
}
