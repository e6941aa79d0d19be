import Foundation
import Testing

/// A PostgreSQL server of the test's own: `initdb` in a temporary folder, `pg_ctl start` on a
/// free loopback port (trust authentication, no fsync), stopped and removed by `stop()`. As
/// root (PostgreSQL refuses to run as root) it runs as the `postgres` user through `runuser`.
final class PostgresServer {
    /// The folder of `initdb` and `pg_ctl`: `PG_BIN`, then the newest
    /// `/usr/lib/postgresql/<version>/bin`, then `PATH`; nil when PostgreSQL is not installed.
    static let binaries: String? = {
        let fm = FileManager.default
        if let dir = ProcessInfo.processInfo.environment["PG_BIN"], fm.isExecutableFile(atPath: dir + "/initdb") { return dir }
        let versions = ((try? fm.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? [])
            .compactMap(Int.init).sorted(by: >)
        for v in versions where fm.isExecutableFile(atPath: "/usr/lib/postgresql/\(v)/bin/initdb") {
            return "/usr/lib/postgresql/\(v)/bin"
        }
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":")
        where fm.isExecutableFile(atPath: "\(dir)/initdb") && fm.isExecutableFile(atPath: "\(dir)/pg_ctl") {
            return String(dir)
        }
        return nil
    }()

    static let skipReason: Comment = "PostgreSQL server binaries (initdb, pg_ctl) not found: install the Debian package postgresql (scripts/setup.sh does) or set PG_BIN"

    let folder: URL
    let port: Int
    private let bin: String
    private let runAs: [String]

    /// `postgresql://mmpipe@127.0.0.1:<port>/postgres`
    var url: String { "postgresql://mmpipe@127.0.0.1:\(port)/postgres" }

    init() throws {
        guard let bin = Self.binaries else { throw ServerError.failed("no PostgreSQL binaries") }
        self.bin = bin
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("mmpipe-pg-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        if getuid() == 0 {
            guard let runuser = ["/usr/sbin/runuser", "/sbin/runuser", "/usr/bin/runuser"].first(where: FileManager.default.isExecutableFile)
            else { throw ServerError.failed("running as root without runuser") }
            runAs = [runuser, "-u", "postgres", "--"]
            try Self.run(["/bin/chown", "postgres", folder.path])
        } else {
            runAs = []
        }
        port = try Self.freePort()
        let data = folder.appendingPathComponent("data").path
        try Self.run(runAs + [bin + "/initdb", "-D", data, "-A", "trust", "-U", "mmpipe", "-E", "UTF8", "--no-sync"])
        try Self.run(runAs + [bin + "/pg_ctl", "-D", data, "-l", folder.appendingPathComponent("server.log").path, "-w",
                              "-o", "-p \(port) -k \(folder.path) -c listen_addresses=127.0.0.1 -c fsync=off", "start"])
    }

    func stop() {
        _ = try? Self.run(runAs + [bin + "/pg_ctl", "-D", folder.appendingPathComponent("data").path, "-m", "immediate", "-w", "stop"])
        try? FileManager.default.removeItem(at: folder)
    }

    enum ServerError: Error, CustomStringConvertible {
        case failed(String)
        var description: String { switch self { case .failed(let s): return "PostgreSQL test server: \(s)" } }
    }

    /// A loopback port nobody listens on now (bound to port 0, then released).
    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw ServerError.failed("socket()") }
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = 0
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { p in
                bind(fd, p, length) == 0 && getsockname(fd, p, &length) == 0
            }
        }
        guard bound else { throw ServerError.failed("bind()") }
        return Int(UInt16(bigEndian: addr.sin_port))
    }

    /// Runs a program to its end, its output into a file (posix_spawn + waitpid: no pipe for a
    /// daemon to hold open, no run loop needed to see the child exit).
    @discardableResult
    static func run(_ arguments: [String]) throws -> String {
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("mmpipe-pg-\(UUID().uuidString).out").path
        defer { try? FileManager.default.removeItem(atPath: log) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, log, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { for a in argv { free(a) } }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, arguments[0], &actions, nil, &argv, environ)
        guard rc == 0 else { throw ServerError.failed("cannot start \(arguments[0]): error \(rc)") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        // WIFEXITED && WEXITSTATUS == 0
        guard status & 0x7F == 0, (status >> 8) & 0xFF == 0 else {
            throw ServerError.failed("\(arguments.joined(separator: " ")) failed (status \(status)): \(text)")
        }
        return text
    }
}
