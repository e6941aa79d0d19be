#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import MMModel

/// A buffered output file written as bytes (hot path: every field of millions of rows goes
/// through here, so numbers and dates are formatted into the buffer directly, no Strings).
/// Tracks the physical line number for `injected.csv`.
final class ByteSink {
    let path: String
    private let fd: Int32
    private var buffer: [UInt8] = []
    private static let capacity = 1 << 20
    /// The physical line the next byte belongs to (1-based).
    private(set) var line = 1
    private(set) var bytesWritten = 0
    /// Write text as Windows-1252 instead of UTF-8.
    let windows1252: Bool
    /// Whether a non-ASCII byte was written (the encoding is detectable).
    private(set) var wroteNonASCII = false
    /// The physical line of the first non-ASCII byte, if any.
    private(set) var firstNonASCIILine: Int?
    private var failed = false

    init(path: String, windows1252: Bool = false) throws(SynthError) {
        self.path = path
        self.windows1252 = windows1252
        fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        if fd < 0 { throw .cannotWrite(path: path, reason: String(cString: strerror(errno))) }
        buffer.reserveCapacity(ByteSink.capacity + 4096)
    }

    @inline(__always) func byte(_ b: UInt8) { buffer.append(b) }

    /// A line break (`\n` or `\r\n`).
    func newline(crlf: Bool) {
        if crlf { buffer.append(13) }
        buffer.append(10)
        line += 1
        if buffer.count >= ByteSink.capacity { flush() }
    }

    /// Counts a line break written inside a quoted field.
    func countEmbeddedNewline() { line += 1 }

    /// Text in the sink's encoding (unmappable characters become `?` in Windows-1252).
    func text(_ s: String) {
        if !windows1252 {
            for b in s.utf8 where b >= 0x80 { noteNonASCII(); break }
            buffer.append(contentsOf: s.utf8)
            return
        }
        for u in s.unicodeScalars {
            let v = u.value
            if v < 0x80 {
                buffer.append(UInt8(v))
            } else {
                noteNonASCII()
                buffer.append(v >= 0xA0 && v <= 0xFF ? UInt8(v) : (v == 0x20AC ? 0x80 : 0x3F))
            }
        }
    }

    private func noteNonASCII() {
        if !wroteNonASCII { wroteNonASCII = true; firstNonASCIILine = line }
    }

    func ascii(_ s: StaticString) {
        s.withUTF8Buffer { buffer.append(contentsOf: $0) }
    }

    func int(_ value: Int) {
        var v = value
        if v < 0 { buffer.append(45); v = -v }
        if v < 10 { buffer.append(48 + UInt8(v)); return }
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var n = 0
        withUnsafeMutableBytes(of: &digits) { p in
            while v > 0 { p[n] = 48 + UInt8(v % 10); v /= 10; n += 1 }
            while n > 0 { n -= 1; buffer.append(p[n]) }
        }
    }

    /// A number with `places` decimals, rounded half away from zero, with `separator`.
    func decimal(_ value: Double, places: Int, separator: UInt8) {
        guard value.isFinite else { buffer.append(48); return }
        var scale = 1
        for _ in 0..<places { scale *= 10 }
        let scaled = Int((abs(value) * Double(scale)).rounded())
        if value < 0 && scaled != 0 { buffer.append(45) }
        int(scaled / scale)
        if places > 0 {
            buffer.append(separator)
            var frac = scaled % scale
            var div = scale / 10
            while div > 0 { buffer.append(48 + UInt8(frac / div)); frac %= div; div /= 10 }
        }
    }

    /// `YYYY-MM-DD`.
    func day(_ d: Day) {
        let c = d.components
        let y = c.year
        buffer.append(48 + UInt8((y / 1000) % 10)); buffer.append(48 + UInt8((y / 100) % 10))
        buffer.append(48 + UInt8((y / 10) % 10)); buffer.append(48 + UInt8(y % 10))
        buffer.append(45)
        buffer.append(48 + UInt8(c.month / 10)); buffer.append(48 + UInt8(c.month % 10))
        buffer.append(45)
        buffer.append(48 + UInt8(c.day / 10)); buffer.append(48 + UInt8(c.day % 10))
    }

    func flush() {
        var off = 0
        buffer.withUnsafeBytes { p in
            while off < p.count {
                let n = write(fd, p.baseAddress! + off, p.count - off)
                if n <= 0 { failed = true; break }
                off += n
            }
        }
        bytesWritten += buffer.count
        buffer.removeAll(keepingCapacity: true)
    }

    func close() throws(SynthError) {
        flush()
        #if canImport(Glibc)
        _ = Glibc.close(fd)
        #else
        _ = Darwin.close(fd)
        #endif
        if failed { throw .cannotWrite(path: path, reason: "write failed (disk full?)") }
    }
}
