import Testing
import MMModel
@testable import MMEmit

@Suite("CSV dialect (SPEC 7)")
struct CSVEncoderTests {
    @Test("RFC 4180: quote fields with comma, quote, CR or LF; double the quotes", arguments: [
        ("plain", "plain"),
        ("a,b", "\"a,b\""),
        ("say \"hi\"", "\"say \"\"hi\"\"\""),
        ("two\nlines", "\"two\nlines\""),
        ("cr\rhere", "\"cr\rhere\""),
        ("", ""),
        // 18.5: a NUL or another control byte is written as \u0000-style text (R stops a cell at NUL).
        ("a\u{0}b", "a\\u0000b"),
        ("x\u{1}, y", "\"x\\u0001, y\""),
        ("tab\tkept", "tab\tkept"),
    ])
    func quoting(_ raw: String, _ expected: String) {
        var line: [UInt8] = []
        CSVEncoder.appendField(raw, to: &line)
        #expect(String(decoding: line, as: UTF8.self) == expected)
    }

    /// The dataset writers' byte path (SPEC 8, issue 13) must write what the String path wrote.
    @Test("appendCell writes every cell as appendField(text(cell)) does: integers, dates, flags, text, reals, missing")
    func appendCellMatchesText() {
        var cells: [(Cell, ColumnType)] = [(.missing, .text), (.flag(true), .flag), (.flag(false), .flag),
                                           (.text("=SUM(A1)"), .text), (.text("a,\"b\""), .text), (.text("x\u{0}y"), .text),
                                           (.real(2.5), .fixed(decimals: 1)), (.real(-0.125), .decimal(maxDecimals: 2)),
                                           (.real(1e12), .integer)]
        for v in [0, 7, -7, 10, 99, 100, -1_000, 123_456_789, Int.max, Int.min] { cells.append((.integer(v), .integer)) }
        // Day 0 is 1970-01-01; years before 1000 are zero-padded, years past 9999 and before 0 as Day.iso writes them.
        for raw: Int32 in [0, -1, 1, 19_000, -719_000, -719_468, -719_469, -800_000, 2_932_896, 2_932_897, 3_000_000] {
            cells.append((.date(Day(rawValue: raw)), .date))
        }
        for (cell, type) in cells {
            var fast: [UInt8] = [0x41]
            CSVEncoder.appendCell(cell, type: type, to: &fast)
            var slow: [UInt8] = [0x41]
            CSVEncoder.appendField(CSVEncoder.text(cell, type: type), to: &slow)
            #expect(fast == slow, "\(cell)")
        }
    }

    @Test("18.5: a NUL or another control character is \\u0000-style text in HTML too, as in audit.jsonl")
    func controlCharactersInHTML() {
        #expect(Markup.escape("<\u{0}>") == "&lt;\\u0000&gt;")
    }

    @Test("Text cells that a spreadsheet would run are neutralised with a leading quote", arguments: [
        ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),
        ("+1", "'+1"), ("-1.5", "'-1.5"), ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\tx"), ("\rx", "'\rx"),
        ("IgG kappa", "IgG kappa"), ("<70", "<70"), ("a=b", "a=b"),
    ])
    func neutralisation(_ raw: String, _ expected: String) {
        #expect(CSVEncoder.text(.text(raw), type: .text) == expected)
    }

    @Test("Numbers, dates and flags are never neutralised: -1.5 in a numeric column stays numeric")
    func numericNotNeutralised() {
        #expect(CSVEncoder.text(.real(-1.5), type: .decimal(maxDecimals: 4)) == "-1.5")
        #expect(CSVEncoder.text(.integer(-3), type: .integer) == "-3")
        #expect(CSVEncoder.text(.real(-1.25), type: .fixed(decimals: 1)) == "-1.3")
    }

    @Test("Flags Y/N, missing is empty, dates ISO")
    func flagsAndMissing() {
        #expect(CSVEncoder.text(.flag(true), type: .flag) == "Y")
        #expect(CSVEncoder.text(.flag(false), type: .flag) == "N")
        #expect(CSVEncoder.text(.missing, type: .flag) == "")
        #expect(CSVEncoder.text(.missing, type: .integer) == "")
        #expect(CSVEncoder.text(.date(Day(iso: "2024-02-29")!), type: .date) == "2024-02-29")
    }

    @Test("CRCL: one decimal, rounded half away from zero on the decimal value (SPEC 7)", arguments: [
        (68.05, "68.1"), (68.04999, "68.0"), (68.0555, "68.1"), (57.85, "57.9"), (57.84, "57.8"),
        (-0.04, "0.0"), (-0.05, "-0.1"), (0.0, "0.0"), (99.95, "100.0"), (60.0, "60.0"), (1234567.0, "1234567.0"),
    ])
    func crclRounding(_ value: Double, _ expected: String) {
        #expect(NumberFormat.fixed(value, decimals: 1) == expected)
    }

    @Test("Decimals: up to 4 places, no trailing zeros, no exponent", arguments: [
        (11.10, "11.1"), (3.0, "3"), (0.1 + 0.2, "0.3"), (1e-05, "0"), (0.00005, "0.0001"), (1e20, "100000000000000000000"),
        (4.25, "4.25"), (0.92, "0.92"), (12.34567, "12.3457"), (-0.00004, "0"), (250.0, "250"),
    ])
    func decimals(_ value: Double, _ expected: String) {
        #expect(NumberFormat.trimmed(value, maxDecimals: 4) == expected)
    }

    @Test("AVALM: months with 4 decimals (AVAL / 30.4375)")
    func avalm() {
        #expect(NumberFormat.fixed(365.0 / 30.4375, decimals: 4) == "11.9918")
        #expect(NumberFormat.fixed(0, decimals: 4) == "0.0000")
        #expect(NumberFormat.fixed(Double.nan, decimals: 4) == nil)
    }
}
