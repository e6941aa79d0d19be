/// How a site's CSV export is written: the reference dialect (UTF-8, `,`, decimal point,
/// LF) or a spreadsheet export from an Italian Windows machine (Windows-1252, `;`, decimal
/// comma, CRLF) — both readable per SPEC 4.1.
struct CSVDialect {
    var delimiter: UInt8
    var decimalSeparator: UInt8
    var crlf: Bool
    var windows1252: Bool

    static let reference = CSVDialect(delimiter: UInt8(ascii: ","), decimalSeparator: UInt8(ascii: "."), crlf: false,
                                      windows1252: false)
    static let windowsItalian = CSVDialect(delimiter: UInt8(ascii: ";"), decimalSeparator: UInt8(ascii: ","),
                                           crlf: true, windows1252: true)
}

/// One CSV table file: RFC 4180 quoting (a field holding the delimiter, a quote or a line
/// break is quoted, quotes doubled), header row first.
final class CSVTableWriter {
    let sink: ByteSink
    let dialect: CSVDialect
    private(set) var rows = 0

    init(path: String, dialect: CSVDialect, columns: [String]) throws(SynthError) {
        sink = try ByteSink(path: path, windows1252: dialect.windows1252)
        self.dialect = dialect
        for (i, c) in columns.enumerated() {
            if i > 0 { sink.byte(dialect.delimiter) }
            field(.text(c))
        }
        sink.newline(crlf: dialect.crlf)
    }

    /// Writes every row of `table`; `lines[i]` receives the physical line of row i.
    func write(_ table: CellTable, lines: inout [Int]) {
        lines.removeAll(keepingCapacity: true)
        for r in 0..<table.rowCount {
            lines.append(sink.line)
            var first = true
            for i in table.range(ofRow: r) {
                if !first { sink.byte(dialect.delimiter) }
                first = false
                field(table.cells[i])
            }
            sink.newline(crlf: dialect.crlf)
            rows += 1
        }
    }

    private func field(_ c: Cell) {
        switch c {
        case .empty: break
        case .int(let v): sink.int(v)
        case .decimal(let v, let p): sink.decimal(v, places: p, separator: dialect.decimalSeparator)
        case .day(let d): sink.day(d)
        case .text(let s):
            var quote = false
            for b in s.utf8 where b == dialect.delimiter || b == 34 || b == 10 || b == 13 { quote = true; break }
            guard quote else { sink.text(s); return }
            sink.byte(34)
            for part in s.split(separator: "\"", omittingEmptySubsequences: false).enumerated() {
                if part.offset > 0 { sink.byte(34); sink.byte(34) }
                sink.text(String(part.element))
            }
            for b in s.utf8 where b == 10 { sink.countEmbeddedNewline() }
            sink.byte(34)
        }
    }

    func close() throws(SynthError) { try sink.close() }
}
