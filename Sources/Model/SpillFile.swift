#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An append-only temporary file for what a streaming run cannot hold in memory (SPEC 8:
/// "spilling to disk where it must"): patient partitions, spooled table cells, sorted runs of
/// findings. It is unlinked as soon as it is created, so it never appears in any folder and
/// goes away with the process, whatever happens to the run. Not thread-safe: one owner, or
/// the owner's lock.
public final class SpillFile {
    private let fd: Int32
    /// Bytes appended so far (the offset of the next append).
    public private(set) var size = 0

    /// Creates the file in `directory` (the output's folder: the same disk as the outputs,
    /// never a memory-backed `/tmp`); nil when it cannot be created.
    public init?(directory: String) {
        var template = Array((directory.isEmpty ? "." : directory).utf8CString.dropLast())
        template += Array("/.mmpipe-spill-XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { return nil }
        template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
        self.fd = fd
    }

    deinit { close(fd) }

    /// Appends `bytes`; returns their offset, or nil when the disk refused them (full, I/O error).
    public func append(_ bytes: UnsafeRawBufferPointer) -> Int? {
        let start = size
        var done = 0
        while done < bytes.count {
            let n = pwrite(fd, bytes.baseAddress! + done, bytes.count - done, off_t(start + done))
            if n < 0 {
                if errno == EINTR { continue }
                return nil
            }
            done += n
        }
        size += bytes.count
        return start
    }

    public func append(_ bytes: [UInt8]) -> Int? { bytes.withUnsafeBytes { append($0) } }

    /// Reads `count` bytes at `offset` into `buffer` (replacing its contents); false on an I/O error.
    public func read(offset: Int, count: Int, into buffer: inout [UInt8]) -> Bool {
        var done = 0
        var ok = true
        buffer = [UInt8](unsafeUninitializedCapacity: count) { raw, initialized in
            while done < count {
                let n = pread(fd, raw.baseAddress! + done, count - done, off_t(offset + done))
                if n < 0, errno == EINTR { continue }
                if n <= 0 { ok = false; break }
                done += n
            }
            initialized = done
        }
        return ok
    }
}
