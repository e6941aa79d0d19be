import CLibCSV
import Foundation

/// What a bare libcsv scan of one file found (SPEC 8: the baseline that `mmpipe run`
/// throughput is compared with).
public struct ScanResult: Sendable, Hashable {
    public var path: String
    /// Data rows (header excluded).
    public var rows: Int
    public var fields: Int
    public var bytes: Int
    public var seconds: Double
    /// False when the file could not be opened or read.
    public var readable: Bool

    public init(path: String, rows: Int, fields: Int, bytes: Int, seconds: Double, readable: Bool) {
        self.path = path
        self.rows = rows
        self.fields = fields
        self.bytes = bytes
        self.seconds = seconds
        self.readable = readable
    }

    /// Throughput in MB/s (10^6 bytes).
    public var megabytesPerSecond: Double { seconds > 0 ? Double(bytes) / 1e6 / seconds : 0 }
}

/// Counts fields and rows from libcsv's callbacks: nothing else (a plain struct behind the
/// context pointer, no reference counting), so that the scan measures libcsv and the I/O.
struct ScanCounter {
    var rows = 0
    var fields = 0
}

extension CSVFileReader {
    /// The "bare libcsv scan" of SPEC 8: reads the file in 1 MiB chunks through libcsv with
    /// counting callbacks (same delimiter sniffing and space handling as the full reader).
    public static func scan(path: String) -> ScanResult {
        let clock = ContinuousClock()
        let started = clock.now
        var result = ScanResult(path: path, rows: 0, fields: 0, bytes: 0, seconds: 0, readable: false)
        guard let file = RawFile(path: path) else { return result }
        defer { file.close() }
        var parser = csv_parser()
        guard csv_init(&parser, 0) == 0 else { return result }
        defer { csv_free(&parser) }
        csv_set_space_func(&parser) { _ in 0 }
        csv_set_blk_size(&parser, 4096)
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: chunkSize, alignment: 16)
        defer { buffer.deallocate() }
        let counter = UnsafeMutablePointer<ScanCounter>.allocate(capacity: 1)
        counter.initialize(to: ScanCounter())
        defer { counter.deallocate() }
        let context = UnsafeMutableRawPointer(counter)
        let onField: @convention(c) (UnsafeMutableRawPointer?, Int, UnsafeMutableRawPointer?) -> Void = { _, _, ctx in
            ctx?.assumingMemoryBound(to: ScanCounter.self).pointee.fields += 1
        }
        let onRow: @convention(c) (Int32, UnsafeMutableRawPointer?) -> Void = { _, ctx in
            ctx?.assumingMemoryBound(to: ScanCounter.self).pointee.rows += 1
        }
        var first = true
        result.readable = true
        while true {
            let n = file.read(into: buffer, count: chunkSize)
            if n < 0 { result.readable = false; break }
            if n == 0 { break }
            result.bytes += n
            if first {
                first = false
                csv_set_delim(&parser, sniffDelimiter(UnsafeRawBufferPointer(start: buffer, count: n)))
            }
            if csv_parse(&parser, buffer, n, onField, onRow, context) < n { result.readable = false; break }
        }
        csv_fini(&parser, onField, onRow, context)
        result.rows = max(0, counter.pointee.rows - 1)
        result.fields = counter.pointee.fields
        let elapsed = clock.now - started
        result.seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return result
    }
}
