import Foundation

/// A file opened for streaming with POSIX `open`/`read` (no Foundation buffering, no whole-
/// file reads): the readers pull fixed-size chunks from it. Only regular files are read: a
/// directory, a FIFO, a socket or a device (or a link to one) is refused at open, so that a
/// FIFO with no writer or an endless device never hangs the run (issue 18.7).
struct RawFile {
    let fd: Int32

    /// Opens `path` for reading; nil (with `errno` set) when it cannot be read as a file.
    /// `O_NONBLOCK` keeps `open` itself from waiting for a FIFO's writer; it is cleared once
    /// the file is known to be regular.
    init?(path: String) {
        let fd = open(path, O_RDONLY | O_NONBLOCK)
        guard fd >= 0 else { return nil }
        var info = stat()
        let kind = fstat(fd, &info) == 0 ? info.st_mode & S_IFMT : 0
        guard kind == S_IFREG else {
            errno = kind == S_IFDIR ? EISDIR : EINVAL
            Foundation.close(fd)
            return nil
        }
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)
        self.fd = fd
    }

    /// Why `path` could not be opened, in words for a finding (call right after `init` failed).
    static func whyUnreadable(_ path: String) -> String {
        let reason = String(cString: strerror(errno))
        return notRegular(path).map { "\($0); only regular files are read" } ?? reason
    }

    /// Why `path` is not a regular file, in words; nil when it is one (or cannot be examined).
    static func notRegular(_ path: String) -> String? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        switch info.st_mode & S_IFMT {
        case S_IFREG: return nil
        case S_IFDIR: return "it is a folder"
        case S_IFIFO: return "it is a FIFO (named pipe), not a regular file"
        case S_IFCHR, S_IFBLK: return "it is a device, not a regular file"
        case S_IFSOCK: return "it is a socket, not a regular file"
        default: return "it is not a regular file"
        }
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
