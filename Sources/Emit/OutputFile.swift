import Foundation

/// A file being written into the temporary output folder: buffered, hashed as it goes
/// (SHA-256 for the manifest and the audit log), fsynced and closed by `finish()`.
final class OutputFile {
    let path: String
    let name: String
    private let fd: Int32
    private var buffer: [UInt8] = []
    private let hasher = SHA256Stream()
    private(set) var byteCount = 0
    private static let flushThreshold = 1 << 20

    convenience init(directory: String, name: String) throws(EmitError) {
        try self.init(path: directory + "/" + name)
    }

    init(path: String) throws(EmitError) {
        self.path = path
        name = (path as NSString).lastPathComponent
        fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .cannotWrite(path: path, reason: String(cString: strerror(errno))) }
        buffer.reserveCapacity(Self.flushThreshold + 4096)
    }

    deinit { if fd >= 0 { close(fd) } }

    func write(_ bytes: [UInt8]) throws(EmitError) {
        buffer.append(contentsOf: bytes)
        if buffer.count >= Self.flushThreshold { try flush() }
    }

    func write(_ text: String) throws(EmitError) {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= Self.flushThreshold { try flush() }
    }

    private func flush() throws(EmitError) {
        guard !buffer.isEmpty else { return }
        hasher.update(buffer)
        var offset = 0
        while offset < buffer.count {
            let n = buffer.withUnsafeBytes { Foundation.write(fd, $0.baseAddress! + offset, $0.count - offset) }
            if n < 0 {
                if errno == EINTR { continue }
                throw .cannotWrite(path: path, reason: String(cString: strerror(errno)))
            }
            offset += n
        }
        byteCount += buffer.count
        buffer.removeAll(keepingCapacity: true)
    }

    /// Flushes, fsyncs and returns the file's SHA-256 (lower-case hex).
    func finish() throws(EmitError) -> String {
        try flush()
        guard fsync(fd) == 0 else { throw .cannotWrite(path: path, reason: String(cString: strerror(errno))) }
        return hasher.finalize()
    }
}
