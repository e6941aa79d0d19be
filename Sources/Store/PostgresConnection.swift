import CLibPQ
import Foundation

/// One connection to a PostgreSQL server through libpq. Every failure is a `StoreError` with
/// the server's message; the password of the connection string never appears in one.
final class PostgresConnection {
    private var conn: OpaquePointer?
    let url: String

    /// Connects with a `postgresql://` URL; libpq also reads `PGPASSWORD`, `~/.pgpass`,
    /// `PGSERVICE` and `PGSSLMODE`, so the URL need not carry a password.
    init(url: String) throws(StoreError) {
        self.url = url
        conn = PQconnectdb(url)
        guard let conn, PQstatus(conn) == CONNECTION_OK else {
            let reason = conn.map { String(cString: PQerrorMessage($0)) } ?? "out of memory"
            PQfinish(conn)
            self.conn = nil
            throw .cannotConnect(url: StoreError.redacted(url), reason: Self.oneLine(reason))
        }
        // Notices (e.g. "schema already exists, skipping") are not for the user.
        _ = try? exec("SET client_min_messages = warning")
    }

    deinit { PQfinish(conn) }

    /// Runs SQL without parameters (several statements allowed); returns the first column of
    /// the result's rows as text, nil for NULL.
    @discardableResult
    func exec(_ sql: String) throws(StoreError) -> [[String?]] {
        try rows(PQexec(conn, sql), sql: sql)
    }

    /// Runs one statement with text parameters (`$1`, `$2` …).
    @discardableResult
    func exec(_ sql: String, _ parameters: [String?]) throws(StoreError) -> [[String?]] {
        let cStrings: [UnsafeMutablePointer<CChar>?] = parameters.map { $0.map { strdup($0) } ?? nil }
        defer { for p in cStrings { free(p) } }
        let values: [UnsafePointer<CChar>?] = cStrings.map { $0.map { UnsafePointer($0) } }
        let result = PQexecParams(conn, sql, Int32(parameters.count), nil, values, nil, nil, 0)
        return try rows(result, sql: sql)
    }

    private func rows(_ result: OpaquePointer?, sql: String) throws(StoreError) -> [[String?]] {
        defer { PQclear(result) }
        let status = PQresultStatus(result)
        guard status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK else {
            throw .failed(statement: Self.oneLine(String(sql.prefix(120))), reason: Self.oneLine(errorMessage(result)))
        }
        var out: [[String?]] = []
        let n = PQntuples(result), m = PQnfields(result)
        out.reserveCapacity(Int(n))
        for i in 0..<n {
            var row: [String?] = []
            row.reserveCapacity(Int(m))
            for j in 0..<m {
                row.append(PQgetisnull(result, i, j) == 1 ? nil : String(cString: PQgetvalue(result, i, j)))
            }
            out.append(row)
        }
        return out
    }

    /// `COPY … FROM STDIN` (text format): `body` is called with a sink that takes encoded
    /// lines; the data goes to the server in chunks.
    func copy(_ sql: String, body: (inout CopySink) throws(StoreError) -> Void) throws(StoreError) {
        let start = PQexec(conn, sql)
        let status = PQresultStatus(start)
        let startError = errorMessage(start)
        PQclear(start)
        guard status == PGRES_COPY_IN else { throw .failed(statement: sql, reason: Self.oneLine(startError)) }
        var sink = CopySink(connection: self)
        do {
            try body(&sink)
            try sink.flush()
        } catch {
            _ = PQputCopyEnd(conn, "mmpipe: load aborted")
            drainResults()
            throw error
        }
        guard PQputCopyEnd(conn, nil) == 1 else { throw .failed(statement: sql, reason: Self.oneLine(lastError)) }
        var failure: String?
        while let result = PQgetResult(conn) {
            if PQresultStatus(result) != PGRES_COMMAND_OK { failure = errorMessage(result) }
            PQclear(result)
        }
        if let failure { throw .failed(statement: sql, reason: Self.oneLine(failure)) }
    }

    fileprivate func putCopyData(_ bytes: [UInt8]) throws(StoreError) {
        let ok = bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                PQputCopyData(conn, $0, Int32(buffer.count))
            }
        }
        guard ok == 1 else { throw .failed(statement: "COPY", reason: Self.oneLine(lastError)) }
    }

    private func drainResults() {
        while let result = PQgetResult(conn) { PQclear(result) }
    }

    private var lastError: String { String(cString: PQerrorMessage(conn)) }

    private func errorMessage(_ result: OpaquePointer?) -> String {
        guard let result else { return lastError }
        let message = String(cString: PQresultErrorMessage(result))
        return message.isEmpty ? lastError : message
    }

    static func oneLine(_ s: String) -> String {
        s.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
    }
}

/// Encodes rows for `COPY … FROM STDIN` in text format (tab-separated, `\N` = NULL,
/// backslash escapes) and sends them in chunks of about 1 MB.
struct CopySink {
    fileprivate let connection: PostgresConnection
    private var buffer: [UInt8] = []

    fileprivate init(connection: PostgresConnection) {
        self.connection = connection
        buffer.reserveCapacity(1 << 20)
    }

    mutating func row(_ cells: [String?]) throws(StoreError) {
        for (i, cell) in cells.enumerated() {
            if i > 0 { buffer.append(0x09) }
            guard let cell else { buffer += [0x5C, 0x4E]; continue }  // \N
            for b in cell.utf8 {
                switch b {
                case 0x5C: buffer += [0x5C, 0x5C]
                case 0x09: buffer += [0x5C, 0x74]
                case 0x0A: buffer += [0x5C, 0x6E]
                case 0x0D: buffer += [0x5C, 0x72]
                default: buffer.append(b)
                }
            }
        }
        buffer.append(0x0A)
        if buffer.count >= 1 << 20 { try flush() }
    }

    mutating func flush() throws(StoreError) {
        guard !buffer.isEmpty else { return }
        try connection.putCopyData(buffer)
        buffer.removeAll(keepingCapacity: true)
    }
}
