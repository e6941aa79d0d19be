import CSQLite
import Foundation
import MMEmit

/// The network's store (SPEC 10): an emitted run — the tables of its `dataset.sqlite`, as they
/// are — loaded into PostgreSQL through libpq.
///
/// - one schema per study (the study ID, lower case: `isapd`);
/// - a `runs` table: run ID, load sequence and time, the run's time, tool version, pipeline
///   hash, input files with their SHA-256 and rows, output row counts, patient counts;
/// - every dataset table with a leading `run_id` column (part of its key), so that successive
///   uploads stay side by side, and a view `latest_<table>` with the last loaded run, column
///   for column as in `dataset.sqlite`;
/// - one transaction per load, the rows sent with `COPY`; loads of one study are serialised
///   by an advisory lock;
/// - the run ID is the SHA-256 of the run's study, tool version, pipeline hash and input
///   hashes: loading the same run again replaces it, never duplicates it.
///
/// What is loaded is what `dataset.sqlite` holds: no `SUBJID`, no birth date (SPEC 7). The
/// folder's `dataset.sqlite` must still have the SHA-256 its manifest records.
public enum PostgresStore {
    /// True for a `postgresql://` (or `postgres://`) connection URL.
    public static func isStoreURL(_ s: String) -> Bool {
        s.hasPrefix("postgresql://") || s.hasPrefix("postgres://")
    }

    /// Loads the run written in `runFolder` (by `mmpipe run`) into the server at `url`.
    public static func load(runFolder: String, url: String) throws(StoreError) -> StoreLoad {
        let manifest = try RunManifest.read(folder: runFolder)
        let sqlitePath = (runFolder as NSString).appendingPathComponent("dataset.sqlite")
        try manifest.checkHash(of: sqlitePath, named: "dataset.sqlite")
        let tables = try SQLiteTables(path: sqlitePath)

        let db = try PostgresConnection(url: url)
        let schema = manifest.studyID.lowercased()
        let s = quote(schema)
        try db.exec("BEGIN")
        do {
            try db.exec("SELECT pg_advisory_xact_lock(hashtext($1))", [schema])
            try db.exec("""
                CREATE SCHEMA IF NOT EXISTS \(s);
                CREATE TABLE IF NOT EXISTS \(s).runs (
                  run_id text PRIMARY KEY, load_seq bigint NOT NULL UNIQUE, loaded_at timestamptz NOT NULL,
                  run_time text, study_id text NOT NULL, tool_version text, pipeline_sha256 text,
                  inputs jsonb NOT NULL, row_counts jsonb NOT NULL, patients bigint, analysis_population bigint)
                """)
            let replaced = try !db.exec("DELETE FROM \(s).runs WHERE run_id = $1 RETURNING run_id", [manifest.runID]).isEmpty
            try db.exec("""
                INSERT INTO \(s).runs (run_id, load_seq, loaded_at, run_time, study_id, tool_version, pipeline_sha256,
                                      inputs, row_counts, patients, analysis_population)
                SELECT $1, coalesce(max(load_seq), 0) + 1, now(), $2, $3, $4, $5, $6::jsonb, $7::jsonb, $8::bigint, $9::bigint
                FROM \(s).runs
                """, [manifest.runID, manifest.time, manifest.studyID, manifest.toolVersion, manifest.pipelineSHA256,
                      manifest.inputsJSON, manifest.rowCountsJSON, manifest.patients.map(String.init),
                      manifest.analysisPopulation.map(String.init)])
            var counts: [String: Int] = [:]
            for table in tables.tables {
                counts[table.name] = try load(table, from: tables, into: db, schema: s, runID: manifest.runID)
            }
            try db.exec("COMMIT")
            return StoreLoad(schema: schema, runID: manifest.runID, rows: counts, replaced: replaced)
        } catch {
            _ = try? db.exec("ROLLBACK")
            throw error
        }
    }

    /// Creates (or widens) one table, replaces its view, and copies the run's rows.
    static func load(_ table: SQLiteTables.Table, from source: SQLiteTables, into db: PostgresConnection, schema s: String,
                     runID: String) throws(StoreError) -> Int {
        let t = "\(s).\(quote(table.name))"
        var definition = ["run_id text NOT NULL REFERENCES \(s).runs(run_id) ON DELETE CASCADE"]
        definition += table.columns.map { "\(quote($0.name)) \($0.postgresType)" }
        let key = table.columns.filter { $0.primaryKeyPosition > 0 }.sorted { $0.primaryKeyPosition < $1.primaryKeyPosition }
        if !key.isEmpty { definition.append("PRIMARY KEY (run_id, " + key.map { quote($0.name) }.joined(separator: ", ") + ")") }
        try db.exec("CREATE TABLE IF NOT EXISTS \(t) (\(definition.joined(separator: ", ")))")
        // A newer mmpipe may add columns: older runs keep them empty.
        for c in table.columns {
            try db.exec("ALTER TABLE \(t) ADD COLUMN IF NOT EXISTS \(quote(c.name)) \(c.postgresType)")
        }
        if key.isEmpty { try db.exec("CREATE INDEX IF NOT EXISTS \(quote(table.name + "_run")) ON \(t) (run_id)") }
        let columns = table.columns.map { quote($0.name) }.joined(separator: ", ")
        try db.exec("DROP VIEW IF EXISTS \(s).\(quote("latest_" + table.name))")
        try db.exec("""
            CREATE VIEW \(s).\(quote("latest_" + table.name)) AS SELECT \(columns) FROM \(t)
            WHERE run_id = (SELECT run_id FROM \(s).runs ORDER BY load_seq DESC LIMIT 1)
            """)
        var count = 0
        try db.copy("COPY \(t) (run_id, \(columns)) FROM STDIN") { (sink: inout CopySink) throws(StoreError) in
            try source.forEachRow(of: table) { (cells: [String?]) throws(StoreError) in
                try sink.row([runID] + cells)
                count += 1
            }
        }
        return count
    }

    /// A double-quoted SQL identifier.
    static func quote(_ identifier: String) -> String {
        "\"" + identifier.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

/// What a load did.
public struct StoreLoad: Sendable {
    /// The study's schema.
    public let schema: String
    public let runID: String
    /// Rows loaded per table.
    public let rows: [String: Int]
    /// True when the run was already in the store and has been replaced.
    public let replaced: Bool
}

/// Why a run could not be loaded: one sentence a person can act on. Nothing of the run is
/// left in the store (one transaction).
public enum StoreError: Error, CustomStringConvertible, Sendable {
    case notAStoreURL(String)
    case notARun(folder: String, reason: String)
    case altered(path: String)
    case sqlite(path: String, reason: String)
    case cannotConnect(url: String, reason: String)
    case failed(statement: String, reason: String)

    public var description: String {
        switch self {
        case .notAStoreURL(let s):
            return "'\(Self.redacted(s))' is not a PostgreSQL connection URL: give postgresql://user@host[:port]/database (the password in ~/.pgpass or PGPASSWORD)."
        case .notARun(let f, let reason):
            return "'\(f)' is not the output of mmpipe run (\(reason)): give the --out folder of a run, not of a validate."
        case .altered(let p):
            return "'\(p)' no longer has the SHA-256 recorded in manifest.json: it was changed after the run; run mmpipe again instead of loading it."
        case .sqlite(let p, let reason): return "Cannot read '\(p)': \(reason)."
        case .cannotConnect(let url, let reason):
            return "Cannot connect to the store \(url): \(reason) Check the server, the database and the credentials (~/.pgpass or PGPASSWORD)."
        case .failed(let statement, let reason):
            return "The store refused the load (\(reason)) at: \(statement). Nothing of this run was loaded."
        }
    }

    /// The URL without its password (`postgresql://user:***@host/db`).
    static func redacted(_ url: String) -> String {
        guard let scheme = url.range(of: "://"), let at = url.range(of: "@", range: scheme.upperBound..<url.endIndex),
              let colon = url.range(of: ":", range: scheme.upperBound..<at.lowerBound) else { return url }
        return String(url[..<colon.upperBound]) + "***" + String(url[at.lowerBound...])
    }
}

/// The parts of a run's `manifest.json` the store records.
struct RunManifest {
    var studyID: String
    var time: String?
    var toolVersion: String?
    var pipelineSHA256: String?
    var patients: Int?
    var analysisPopulation: Int?
    /// `[{name, sha256, rows}]`, in the manifest's order (no paths: they may name people's folders).
    var inputsJSON: String
    /// `{output name: rows}` for the outputs that are tables.
    var rowCountsJSON: String
    var outputHashes: [String: String]
    var runID: String

    static func read(folder: String) throws(StoreError) -> RunManifest {
        let path = (folder as NSString).appendingPathComponent("manifest.json")
        guard let data = FileManager.default.contents(atPath: path),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw .notARun(folder: folder, reason: "no readable manifest.json")
        }
        guard object["mode"] as? String == "dataset" else { throw .notARun(folder: folder, reason: "its manifest has no dataset") }
        guard let study = object["study_id"] as? String, !study.isEmpty else {
            throw .notARun(folder: folder, reason: "manifest.json names no study_id")
        }
        let tool = object["tool"] as? [String: Any]
        let pipeline = object["pipeline"] as? [String: Any]
        let inputs = (object["inputs"] as? [[String: Any]] ?? []).map { input -> [String: Any] in
            ["name": input["name"] ?? "", "sha256": input["sha256"] ?? "", "rows": input["rows"] ?? NSNull()]
        }
        var counts: [String: Any] = [:]
        var hashes: [String: String] = [:]
        for output in object["outputs"] as? [[String: Any]] ?? [] {
            guard let name = output["name"] as? String else { continue }
            if let rows = output["rows"] as? Int { counts[name] = rows }
            if let sha = output["sha256"] as? String { hashes[name] = sha }
        }
        func json(_ value: Any) -> String {
            let d = (try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys])) ?? Data("null".utf8)
            return String(decoding: d, as: UTF8.self)
        }
        let toolVersion = tool?["version"] as? String
        let pipelineSHA = pipeline?["sha256"] as? String
        let identity = ([study, toolVersion ?? "", pipelineSHA ?? ""]
            + inputs.map { "\($0["sha256"] ?? "")" }.sorted()).joined(separator: "\n")
        return RunManifest(studyID: study, time: object["time"] as? String, toolVersion: toolVersion,
                           pipelineSHA256: pipelineSHA, patients: object["patients"] as? Int,
                           analysisPopulation: object["analysis_population"] as? Int, inputsJSON: json(inputs),
                           rowCountsJSON: json(counts), outputHashes: hashes,
                           runID: String(Digest.sha256Hex(Array(identity.utf8)).prefix(16)))
    }

    /// The file must still have the SHA-256 the manifest records for it.
    func checkHash(of path: String, named name: String) throws(StoreError) {
        guard let expected = outputHashes[name] else { throw .notARun(folder: path, reason: "manifest.json lists no \(name)") }
        guard let handle = FileHandle(forReadingAtPath: path) else { throw .sqlite(path: path, reason: "the file is missing") }
        defer { try? handle.close() }
        let stream = SHA256Stream()
        while let chunk = try? handle.read(upToCount: 1 << 20), !chunk.isEmpty {
            chunk.withUnsafeBytes { stream.update($0) }
        }
        guard stream.finalize() == expected else { throw .altered(path: path) }
    }
}

/// The tables of a `dataset.sqlite`, read as they are: names, columns, types and keys from
/// the file itself, so that the store holds exactly what the file holds.
final class SQLiteTables {
    struct Column {
        var name: String
        var declaredType: String
        /// 1-based position in the primary key; 0 when not part of it.
        var primaryKeyPosition: Int

        var postgresType: String {
            switch declaredType.uppercased() {
            case "INTEGER": return "bigint"
            case "REAL": return "double precision"
            default: return "text"
            }
        }
    }

    struct Table {
        var name: String
        var columns: [Column]
    }

    private var db: OpaquePointer?
    let path: String
    private(set) var tables: [Table] = []

    init(path: String) throws(StoreError) {
        self.path = path
        guard sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, nil) == SQLITE_OK else {
            let reason = db.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open"
            sqlite3_close(db)
            db = nil
            throw .sqlite(path: path, reason: reason)
        }
        let names = try query("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
        for row in names {
            guard let name = row[0] else { continue }
            let info = try query("PRAGMA table_info(\(PostgresStore.quote(name)))")
            tables.append(Table(name: name, columns: info.map {
                Column(name: $0[1] ?? "", declaredType: $0[2] ?? "", primaryKeyPosition: Int($0[5] ?? "0") ?? 0)
            }))
        }
    }

    deinit { sqlite3_close(db) }

    private func query(_ sql: String) throws(StoreError) -> [[String?]] {
        var rows: [[String?]] = []
        try forEach(sql) { (cells: [String?]) throws(StoreError) in rows.append(cells) }
        return rows
    }

    /// Every row of a table in its stored order, each value as PostgreSQL reads it in text
    /// form (a REAL in its shortest exact decimal form).
    func forEachRow(of table: Table, _ body: ([String?]) throws(StoreError) -> Void) throws(StoreError) {
        let columns = table.columns.map { PostgresStore.quote($0.name) }.joined(separator: ", ")
        try forEach("SELECT \(columns) FROM \(PostgresStore.quote(table.name)) ORDER BY rowid", body)
    }

    private func forEach(_ sql: String, _ body: ([String?]) throws(StoreError) -> Void) throws(StoreError) {
        var stmt: OpaquePointer?
        guard sqlite3_prepare_v2(db, sql, -1, &stmt, nil) == SQLITE_OK else {
            throw .sqlite(path: path, reason: String(cString: sqlite3_errmsg(db)))
        }
        defer { sqlite3_finalize(stmt) }
        let n = sqlite3_column_count(stmt)
        while true {
            let rc = sqlite3_step(stmt)
            if rc == SQLITE_DONE { break }
            guard rc == SQLITE_ROW else { throw .sqlite(path: path, reason: String(cString: sqlite3_errmsg(db))) }
            var cells: [String?] = []
            cells.reserveCapacity(Int(n))
            for i in 0..<n {
                switch sqlite3_column_type(stmt, i) {
                case SQLITE_NULL: cells.append(nil)
                case SQLITE_INTEGER: cells.append(String(sqlite3_column_int64(stmt, i)))
                case SQLITE_FLOAT: cells.append("\(sqlite3_column_double(stmt, i))")
                default: cells.append(sqlite3_column_text(stmt, i).map { String(cString: $0) } ?? "")
                }
            }
            try body(cells)
        }
    }
}
