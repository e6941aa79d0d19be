import CSQLite
import Foundation
import MMModel

/// `dataset.sqlite` (SPEC 7): the dataset tables with typed columns, written in one
/// transaction with prepared statements. Deterministic bytes: fixed page size, rollback
/// journal (`journal_mode=DELETE`, nothing persisted in the header), no timestamps, rows
/// inserted in output order, no VACUUM — the same rows always give the same file.
final class SQLiteStore {
    private var db: OpaquePointer?
    let path: String
    private(set) var rowCount = 0

    init(path: String) throws(EmitError) {
        self.path = path
        guard sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nil) == SQLITE_OK else {
            let reason = db.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open"
            sqlite3_close(db)
            db = nil
            throw .cannotWrite(path: path, reason: reason)
        }
        // synchronous=OFF: the file is fsynced by the writer before the folder swap.
        try exec("PRAGMA page_size=4096; PRAGMA journal_mode=DELETE; PRAGMA synchronous=OFF; PRAGMA encoding='UTF-8';")
    }

    deinit { sqlite3_close(db) }

    func exec(_ sql: String) throws(EmitError) {
        var message: UnsafeMutablePointer<CChar>?
        if sqlite3_exec(db, sql, nil, nil, &message) != SQLITE_OK {
            let reason = message.map { String(cString: $0) } ?? "SQLite error"
            sqlite3_free(message)
            throw .cannotWrite(path: path, reason: reason)
        }
    }

    static func quote(_ identifier: String) -> String {
        "\"" + identifier.replacingAll("\"", with: "\"\"") + "\""
    }

    /// `CREATE TABLE` from a table's definition (SQLite columns only).
    static func createStatement(_ schema: TableSchema) -> String {
        var parts = schema.columns(for: .sqlite).map { "\(quote($0.name)) \($0.type.sqliteType)" }
        if !schema.primaryKey.isEmpty {
            parts.append("PRIMARY KEY (" + schema.primaryKey.map(quote).joined(separator: ", ") + ")")
        }
        return "CREATE TABLE \(quote(schema.name)) (" + parts.joined(separator: ", ") + ");"
    }

    func begin() throws(EmitError) { try exec("BEGIN;") }
    func commit() throws(EmitError) { try exec("COMMIT;") }

    func close() throws(EmitError) {
        guard sqlite3_close(db) == SQLITE_OK else {
            throw .cannotWrite(path: path, reason: String(cString: sqlite3_errmsg(db)))
        }
        db = nil
    }

    /// A prepared `INSERT` for one table.
    final class Insert {
        private var stmt: OpaquePointer?
        private let store: SQLiteStore
        private let table: String
        private let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

        init(store: SQLiteStore, schema: TableSchema) throws(EmitError) {
            self.store = store
            table = schema.name
            let cols = schema.columns(for: .sqlite)
            let sql = "INSERT INTO \(SQLiteStore.quote(schema.name)) (" + cols.map { SQLiteStore.quote($0.name) }.joined(separator: ", ")
                + ") VALUES (" + Array(repeating: "?", count: cols.count).joined(separator: ", ") + ");"
            guard sqlite3_prepare_v2(store.db, sql, -1, &stmt, nil) == SQLITE_OK else {
                throw .cannotWrite(path: store.path, reason: String(cString: sqlite3_errmsg(store.db)))
            }
        }

        deinit { sqlite3_finalize(stmt) }

        /// Binds the value of parameter `index` (1-based).
        func bind(_ index: Int, _ cell: Cell, type: ColumnType) {
            let index = Int32(index)
            switch cell {
            case .missing: sqlite3_bind_null(stmt, index)
            case .text(let s): sqlite3_bind_text(stmt, index, s, -1, transient)
            case .integer(let v): sqlite3_bind_int64(stmt, index, Int64(v))
            case .real:
                // The stored value is the written one, so the CSV and the store agree.
                let text = CSVEncoder.text(cell, type: type)
                if let v = Double(text) { sqlite3_bind_double(stmt, index, v) } else { sqlite3_bind_null(stmt, index) }
            case .date(let d): sqlite3_bind_text(stmt, index, d.iso, -1, transient)
            case .flag(let b): sqlite3_bind_text(stmt, index, yesNo(b), -1, transient)
            }
        }

        /// Binds `count` UTF-8 bytes at `bytes` as text, up to a NUL as binding a `String` does;
        /// the bytes must stay put until `step` (no copy).
        func bindText(_ index: Int, _ bytes: UnsafeRawPointer, count: Int) {
            let length = memchr(bytes, 0, count).map { UnsafeRawPointer($0) - bytes } ?? count
            sqlite3_bind_text(stmt, Int32(index), bytes.assumingMemoryBound(to: CChar.self), Int32(length), nil)
        }

        /// Binds a date as its ISO text (`Day.iso`), made without a `String`.
        func bindDate(_ index: Int, _ day: Day) {
            var text: [UInt8] = []
            text.reserveCapacity(16)
            CSVEncoder.appendCell(.date(day), type: .date, to: &text)
            sqlite3_bind_text(stmt, Int32(index), text, Int32(text.count), transient)
        }

        /// Inserts the bound row.
        func step() throws(EmitError) {
            let rc = sqlite3_step(stmt)
            let reason = rc == SQLITE_DONE ? "" : String(cString: sqlite3_errmsg(store.db))
            sqlite3_reset(stmt)
            sqlite3_clear_bindings(stmt)
            if rc == SQLITE_CONSTRAINT { throw .duplicateKey(table: table, reason: reason) }
            guard rc == SQLITE_DONE else { throw .cannotWrite(path: store.path, reason: reason) }
            store.rowCount += 1
        }
    }
}
