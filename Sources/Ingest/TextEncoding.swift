/// Byte-level encoding checks for the ingest hot path (SPEC 4.1: UTF-8 with or without BOM,
/// or Windows-1252, detected). Every field passes through here, so these work on raw
/// buffers and never build a `String`: ASCII is checked eight bytes at a time, UTF-8 is
/// validated by hand (overlongs, surrogates and code points past U+10FFFF are invalid), and
/// a field that is not valid UTF-8 is transcoded from Windows-1252 byte by byte.
enum TextEncoding {
    /// The UTF-8 byte-order mark.
    static let bom: [UInt8] = [0xEF, 0xBB, 0xBF]

    /// True when every byte is below 0x80 (the common case for CRF exports).
    @inline(__always)
    static func isASCII(_ buf: UnsafeRawBufferPointer) -> Bool {
        var i = 0
        let n = buf.count
        // Eight bytes at a time: any high bit set means "not ASCII".
        while i + 8 <= n {
            if buf.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 != 0 { return false }
            i += 8
        }
        while i < n {
            if buf[i] & 0x80 != 0 { return false }
            i += 1
        }
        return true
    }

    /// True when `buf` is well-formed UTF-8 (Unicode 15, table 3-7).
    static func isValidUTF8(_ buf: UnsafeRawBufferPointer) -> Bool {
        var i = 0
        let n = buf.count
        while i < n {
            let b0 = buf[i]
            if b0 < 0x80 { i += 1; continue }
            let need: Int
            var lo: UInt8 = 0x80, hi: UInt8 = 0xBF
            switch b0 {
            case 0xC2...0xDF: need = 1
            case 0xE0: need = 2; lo = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: need = 2
            case 0xED: need = 2; hi = 0x9F  // no UTF-16 surrogates
            case 0xF0: need = 3; lo = 0x90
            case 0xF1...0xF3: need = 3
            case 0xF4: need = 3; hi = 0x8F  // nothing past U+10FFFF
            default: return false  // 0x80–0xC1 (continuation / overlong lead), 0xF5–0xFF
            }
            guard i + need < n else { return false }
            let b1 = buf[i + 1]
            guard b1 >= lo && b1 <= hi else { return false }
            var k = 2
            while k <= need {
                guard buf[i + k] & 0xC0 == 0x80 else { return false }
                k += 1
            }
            i += need + 1
        }
        return true
    }

    /// Code points of Windows-1252 bytes 0x80–0x9F (WHATWG encoding standard; the five
    /// unassigned bytes map to the C1 control of the same value, as Windows does).
    static let cp1252High: [UInt16] = [
        0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
        0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
        0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
        0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
    ]

    /// Appends `buf`, read as Windows-1252, to `out` as UTF-8.
    static func appendCP1252(_ buf: UnsafeRawBufferPointer, to out: inout [UInt8]) {
        for b in buf {
            if b < 0x80 {
                out.append(b)
                continue
            }
            let scalar: UInt32 = b < 0xA0 ? UInt32(cp1252High[Int(b) - 0x80]) : UInt32(b)
            if scalar < 0x800 {
                out.append(UInt8(0xC0 | (scalar >> 6)))
                out.append(UInt8(0x80 | (scalar & 0x3F)))
            } else {
                out.append(UInt8(0xE0 | (scalar >> 12)))
                out.append(UInt8(0x80 | ((scalar >> 6) & 0x3F)))
                out.append(UInt8(0x80 | (scalar & 0x3F)))
            }
        }
    }

    /// True when `bytes` holds only spaces and tabs (a blank line once the row is split).
    static func isBlank(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        bytes.allSatisfy { $0 == 0x20 || $0 == 0x09 }
    }

    /// `UTF-16LE` / `UTF-16BE` when the file's first bytes are UTF-16: its byte-order mark,
    /// or ASCII text with a NUL byte beside every character of the first two (a UTF-16
    /// export without BOM); nil otherwise.
    static func utf16(_ head: UnsafeRawBufferPointer) -> String? {
        guard head.count >= 2 else { return nil }
        if head[0] == 0xFF && head[1] == 0xFE { return "UTF-16LE" }
        if head[0] == 0xFE && head[1] == 0xFF { return "UTF-16BE" }
        guard head.count >= 4 else { return nil }
        if head[0] != 0 && head[1] == 0 && head[2] != 0 && head[3] == 0 { return "UTF-16LE" }
        if head[0] == 0 && head[1] != 0 && head[2] == 0 && head[3] != 0 { return "UTF-16BE" }
        return nil
    }
}
