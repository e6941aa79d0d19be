import CSQLite
import Foundation
import MMModel
import MMPipeline
import MMSynth
import Testing
@testable import MMStore

let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

/// Every table of a `dataset.sqlite` (name → column names, rows), read with plain SQLite
/// calls — not through the store's own reader — each value as text (REAL: shortest decimal).
func sqliteTables(_ path: String) throws -> [String: (columns: [String], rows: [[String?]])] {
    var db: OpaquePointer?
    guard sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, nil) == SQLITE_OK else { throw StoreTestError.sqlite(path) }
    defer { sqlite3_close(db) }
    func query(_ sql: String) throws -> (columns: [String], rows: [[String?]]) {
        var stmt: OpaquePointer?
        guard sqlite3_prepare_v2(db, sql, -1, &stmt, nil) == SQLITE_OK else { throw StoreTestError.sqlite(sql) }
        defer { sqlite3_finalize(stmt) }
        let n = sqlite3_column_count(stmt)
        let columns = (0..<n).map { String(cString: sqlite3_column_name(stmt, $0)) }
        var rows: [[String?]] = []
        while sqlite3_step(stmt) == SQLITE_ROW {
            rows.append((0..<n).map { i -> String? in
                switch sqlite3_column_type(stmt, i) {
                case SQLITE_NULL: return nil
                case SQLITE_FLOAT: return "\(sqlite3_column_double(stmt, i))"
                default: return String(cString: sqlite3_column_text(stmt, i))
                }
            })
        }
        return (columns, rows)
    }
    var out: [String: (columns: [String], rows: [[String?]])] = [:]
    for row in try query("SELECT name FROM sqlite_master WHERE type = 'table'").rows {
        let name = row[0]!
        out[name] = try query("SELECT * FROM \"\(name)\"")
    }
    return out
}

enum StoreTestError: Error { case sqlite(String) }

/// Rows of a PostgreSQL query with the REAL columns written as Swift writes a Double, sorted.
func sortedRows(_ rows: [[String?]], realColumns: Set<Int>) -> [String] {
    rows.map { row in
        row.enumerated().map { i, v -> String in
            guard let v else { return "∅" }
            return realColumns.contains(i) ? (Double(v).map { "\($0)" } ?? v) : v
        }.joined(separator: "\u{1F}")
    }.sorted()
}

/// Runs the pipeline into `out`, loading the dataset into `store`.
@discardableResult
func run(_ inputs: [String], out: URL, store: String?) throws -> RunSummary {
    try PipelineRunner().run(PipelineRequest(
        inputs: inputs, pipelinePath: repositoryRoot.appendingPathComponent("pipelines/reference.yaml").path,
        outDirectory: out.path, mode: .dataset, sourceDateEpoch: 1_751_328_000, studyKey: Array("test-key".utf8),
        store: store))
}

func temporaryFolder() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("mmpipe-store-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

@Suite("--store postgresql://…: the network's store (SPEC 10)")
struct StoreTests {
    /// Every table of `dataset.sqlite` equals, row for row, the store's rows of `run` (or its
    /// `latest_` view when `latest`).
    func expectStoreEquals(_ folder: URL, db: PostgresConnection, schema: String, runID: String, latest: Bool) throws {
        let tables = try sqliteTables(folder.appendingPathComponent("dataset.sqlite").path)
        #expect(tables.count >= 7)
        for (name, table) in tables {
            let columns = table.columns.map { "\"\($0)\"" }.joined(separator: ", ")
            let types = try db.exec("""
                SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2
                """, [schema, name])
            let real = Set(table.columns.indices.filter { i in types.contains { $0[0] == table.columns[i] && $0[1] == "double precision" } })
            let stored = latest
                ? try db.exec("SELECT \(columns) FROM \(schema).\"latest_\(name)\"")
                : try db.exec("SELECT \(columns) FROM \(schema).\"\(name)\" WHERE run_id = $1", [runID])
            #expect(stored.count == table.rows.count, "\(name): \(stored.count) rows in the store, \(table.rows.count) in dataset.sqlite")
            #expect(sortedRows(stored, realColumns: real) == sortedRows(table.rows, realColumns: real), "\(name) differs")
        }
    }

    @Test("the samples and a synth cohort load side by side; every table equals dataset.sqlite row for row; a reload replaces",
          .enabled(if: PostgresServer.binaries != nil, PostgresServer.skipReason))
    func samplesAndSynthCohort() throws {
        let server = try PostgresServer()
        defer { server.stop() }
        let work = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: work) }

        let samples = work.appendingPathComponent("samples-out")
        let a = try run([repositoryRoot.appendingPathComponent("samples").path], out: samples, store: server.url)
        let cohort = work.appendingPathComponent("cohort")
        _ = try CohortGenerator().generate(SynthOptions(patients: 300, sites: 4, seed: 11, outDirectory: cohort.path))
        let synth = work.appendingPathComponent("synth-out")
        let b = try run([cohort.path], out: synth, store: server.url)

        let loadA = try #require(a.store), loadB = try #require(b.store)
        #expect(loadA.schema == "isapd" && loadB.schema == "isapd" && loadA.runID != loadB.runID)
        #expect(!loadA.replaced && !loadB.replaced)
        #expect(loadB.rows["adsl"] == b.analysisPopulation)

        let db = try PostgresConnection(url: server.url)
        #expect(try db.exec("SELECT run_id FROM isapd.runs ORDER BY load_seq").map { $0[0] } == [loadA.runID, loadB.runID])
        try expectStoreEquals(samples, db: db, schema: "isapd", runID: loadA.runID, latest: false)
        try expectStoreEquals(synth, db: db, schema: "isapd", runID: loadB.runID, latest: true)

        // The runs table: time, tool version, pipeline hash, input hashes, row counts.
        let runRow = try db.exec("""
            SELECT run_time, tool_version, pipeline_sha256, jsonb_array_length(inputs), row_counts->>'adsl.csv',
                   inputs->0->>'sha256', patients FROM isapd.runs WHERE run_id = $1
            """, [loadA.runID])
        #expect(runRow.first?[0] == "2025-07-01T00:00:00Z" && runRow.first?[1] == mmpipeVersion)
        #expect(runRow.first?[2]?.count == 64 && runRow.first?[3] == "19" && runRow.first?[4] == String(a.analysisPopulation))
        #expect(runRow.first?[5]?.count == 64 && runRow.first?[6] == String(a.patients))

        // The same run again replaces it: no duplicate, and it becomes the latest.
        let again = try run([repositoryRoot.appendingPathComponent("samples").path], out: work.appendingPathComponent("again"),
                            store: server.url)
        #expect(again.store?.runID == loadA.runID && again.store?.replaced == true)
        #expect(try db.exec("SELECT count(*) FROM isapd.runs")[0][0] == "2")
        #expect(try db.exec("SELECT count(*) FROM isapd.adsl")[0][0] == String(a.analysisPopulation + b.analysisPopulation))
        try expectStoreEquals(samples, db: db, schema: "isapd", runID: loadA.runID, latest: true)

        // Identifiers never reach the store (SPEC 7): no SUBJID, no birth date, no site's patient ID.
        let columns = try db.exec("SELECT DISTINCT column_name FROM information_schema.columns WHERE table_schema = 'isapd'")
            .compactMap { $0[0]?.uppercased() }
        #expect(!columns.contains("SUBJID") && !columns.contains { $0.contains("BIRTH") || $0 == "BRTHDT" })
        #expect(try db.exec("SELECT count(*) FROM isapd.findings WHERE \"MESSAGE\" LIKE '%P0001%' OR \"SOURCE\" LIKE '%P0001%'")[0][0] == "0")
    }

    @Test("a dataset changed after its run is refused, and nothing of it is loaded",
          .enabled(if: PostgresServer.binaries != nil, PostgresServer.skipReason))
    func alteredRunIsRefused() throws {
        let server = try PostgresServer()
        defer { server.stop() }
        let work = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: work) }
        let cohort = work.appendingPathComponent("cohort")
        _ = try CohortGenerator().generate(SynthOptions(patients: 20, sites: 2, seed: 3, outDirectory: cohort.path))
        let out = work.appendingPathComponent("out")
        try run([cohort.path], out: out, store: nil)
        let sqlite = out.appendingPathComponent("dataset.sqlite")
        var bytes = try Data(contentsOf: sqlite)
        bytes[bytes.count - 1] ^= 0xFF
        try bytes.write(to: sqlite)
        #expect {
            _ = try PostgresStore.load(runFolder: out.path, url: server.url)
        } throws: { error in
            guard case StoreError.altered = error else { return false }
            return true
        }
        let db = try PostgresConnection(url: server.url)
        #expect(try db.exec("SELECT count(*) FROM information_schema.schemata WHERE schema_name = 'isapd'")[0][0] == "0")
    }

    @Test("dataset.sqlite, what the store loads, masks the SubjectKey of an ODM path in findings (SPEC 7); findings.csv names the subject in SUBJID")
    func findingsInTheDatasetAreMasked() throws {
        let work = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: work) }
        let out = work.appendingPathComponent("out")
        try run([repositoryRoot.appendingPathComponent("samples").path], out: out, store: nil)
        let findings = try #require(try sqliteTables(out.appendingPathComponent("dataset.sqlite").path)["findings"])
        let source = try #require(findings.columns.firstIndex(of: "SOURCE")), message = try #require(findings.columns.firstIndex(of: "MESSAGE"))
        let odm = findings.rows.filter { $0[source]?.contains("SubjectData") == true }
        #expect(!odm.isEmpty)
        for row in odm {
            #expect(row[source]?.contains("SubjectKey='*'") == true && row[message]?.contains("SubjectKey='P") == false)
        }
        let csv = try String(contentsOf: out.appendingPathComponent("findings.csv"), encoding: .utf8)
        // The site's own file names its subjects in SUBJID; ODM paths are masked everywhere (issue 18.2).
        #expect(csv.contains(",P0001,") && !csv.contains("SubjectKey='P0001'"), "the site's own file names its subjects")
    }

    @Test("a validate output, a bad URL and an unreachable server are clear errors; a password is never shown")
    func clearErrors() throws {
        let work = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: work) }
        #expect(throws: StoreError.self) { _ = try PostgresStore.load(runFolder: work.path, url: "postgresql://x@127.0.0.1:1/db") }
        #expect(!PostgresStore.isStoreURL("mysql://db") && PostgresStore.isStoreURL("postgresql://u@h/d"))
        #expect(StoreError.redacted("postgresql://ann:s3cret@db.example.org:5432/mm") == "postgresql://ann:***@db.example.org:5432/mm")
        #expect(StoreError.redacted("postgresql://ann@db/mm") == "postgresql://ann@db/mm")
        do {
            _ = try PostgresConnection(url: "postgresql://ann:s3cret@127.0.0.1:1/mm?connect_timeout=2")
            Issue.record("connected to port 1")
        } catch {
            #expect(!error.description.contains("s3cret") && error.description.contains("Cannot connect"))
        }
        // A store that is not PostgreSQL fails the run before it starts.
        #expect(throws: PipelineError.self) {
            try run([repositoryRoot.appendingPathComponent("samples").path], out: work.appendingPathComponent("o"), store: "mysql://db")
        }
        #expect(!FileManager.default.fileExists(atPath: work.appendingPathComponent("o").path))
    }
}
