import MMModel

/// The CSV dialect of SPEC 7: UTF-8, comma, RFC 4180 quoting, LF line endings, header row,
/// `Y`/`N` flags, empty = missing, ISO dates, numbers without locale or exponent.
///
/// Formula neutralisation: a *text* cell that starts with `=`, `+`, `-`, `@`, a tab or a
/// carriage return is written with a leading single quote (`'=HYPERLINK(…)`), so Excel and
/// LibreOffice show it as text instead of running it. Numbers, dates and flags are never
/// touched, so `-1.5` in a numeric column stays a number.
public enum CSVEncoder {
    /// The text of one cell in a column of `type` (before quoting).
    public static func text(_ cell: Cell, type: ColumnType) -> String {
        switch cell {
        case .missing: return ""
        case .text(let s): return neutralised(s)
        case .integer(let v): return String(v)
        case .real(let v):
            switch type {
            case .fixed(let d): return NumberFormat.fixed(v, decimals: d) ?? ""
            case .decimal(let d): return NumberFormat.trimmed(v, maxDecimals: d) ?? ""
            case .integer: return NumberFormat.fixed(v, decimals: 0) ?? ""
            default: return NumberFormat.trimmed(v, maxDecimals: 4) ?? ""
            }
        case .date(let d): return d.iso
        case .flag(let b): return yesNo(b)
        }
    }

    /// Appends one cell to `line` as `appendField(text(cell, type:))` would, without making a
    /// `String` for an integer, a date or a flag: the dataset writers' hot path (SPEC 8).
    public static func appendCell(_ cell: Cell, type: ColumnType, to line: inout [UInt8]) {
        switch cell {
        case .missing: return
        case .integer(let v): appendDecimal(v, width: 1, to: &line)
        case .date(let d):
            let c = d.components
            guard (0...9999).contains(c.year) else { return appendField(d.iso, to: &line) }
            appendDecimal(c.year, width: 4, to: &line)
            line.append(0x2D)
            appendDecimal(c.month, width: 2, to: &line)
            line.append(0x2D)
            appendDecimal(c.day, width: 2, to: &line)
        case .flag(let b): line.append(b ? 0x59 : 0x4E)
        case .text, .real: appendField(text(cell, type: type), to: &line)
        }
    }

    /// `String(v)` left-padded with zeros to `width` digits, as bytes (never quoted: digits and `-`).
    static func appendDecimal(_ v: Int, width: Int, to line: inout [UInt8]) {
        if v < 0 { line.append(0x2D) }
        var magnitude = v.magnitude
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 24) { digits in
            var n = 0
            repeat {
                digits[n] = UInt8(truncatingIfNeeded: magnitude % 10) + 0x30
                magnitude /= 10
                n += 1
            } while magnitude > 0
            while n < width {
                digits[n] = 0x30
                n += 1
            }
            while n > 0 {
                n -= 1
                line.append(digits[n])
            }
        }
    }

    /// A text value made safe for spreadsheets (see the type's documentation).
    public static func neutralised(_ s: String) -> String {
        guard let first = s.utf8.first else { return s }
        switch first {
        case UInt8(ascii: "="), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "@"), 0x09, 0x0D:
            return "'" + s
        default:
            return s
        }
    }

    /// Appends `field` to `line`, quoted when it holds a comma, a quote, CR or LF (RFC 4180),
    /// with quotes doubled. A NUL or another control character (tab, CR and LF aside) is
    /// written as `\u0000`-style text, as `audit.jsonl` writes it: R's `read.csv` stops a cell
    /// at a NUL (issue 18.5).
    public static func appendField(_ field: String, to line: inout [UInt8]) {
        var needsQuotes = false
        var control = false
        for b in field.utf8 {
            if b == 0x2C || b == 0x22 || b == 0x0A || b == 0x0D { needsQuotes = true }
            if b < 0x20 && b != 0x09 && b != 0x0A && b != 0x0D { control = true }
        }
        if control {
            appendField(Markup.escapingControls(field), to: &line)
            return
        }
        guard needsQuotes else {
            line.append(contentsOf: field.utf8)
            return
        }
        line.append(0x22)
        for b in field.utf8 {
            if b == 0x22 { line.append(0x22) }
            line.append(b)
        }
        line.append(0x22)
    }

    /// One CSV record (with its LF) from already formatted fields.
    public static func record(_ fields: [String]) -> [UInt8] {
        var line: [UInt8] = []
        for (i, f) in fields.enumerated() {
            if i > 0 { line.append(0x2C) }
            appendField(f, to: &line)
        }
        line.append(0x0A)
        return line
    }
}
