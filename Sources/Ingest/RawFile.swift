import Foundation

/// A file opened for streaming with POSIX `open`/`read` (no Foundation buffering, no whole-
/// file reads): the readers pull fixed-size chunks from it. Directories are refused at open.
struct RawFile {
    let fd: Int32

    /// Opens `path` for reading; nil (with `errno` set) when it cannot be read as a file.
    init?(path: String) {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        var info = stat()
        if fstat(fd, &info) != 0 || (info.st_mode & S_IFMT) == S_IFDIR {
            if (info.st_mode & S_IFMT) == S_IFDIR { errno = EISDIR }
            Foundation.close(fd)
            return nil
        }
        self.fd = fd
    }

    /// Reads up to `count` bytes (fewer only at end of file); -1 on error.
    func read(into buffer: UnsafeMutableRawPointer, count: Int) -> Int {
        var total = 0
        while total < count {
            let n = Foundation.read(fd, buffer + total, count - total)
            if n < 0 {
                if errno == EINTR { continue }
                return -1
            }
            if n == 0 { break }
            total += n
        }
        return total
    }

    func close() { Foundation.close(fd) }
}
