import CSQLite
import Foundation
import Testing
@testable import MMEmit

@Suite("dataset.sqlite (SPEC 7)")
struct SQLiteStoreTests {
    /// Runs a query and returns its rows as text (NULL → nil) with the SQLite type of each value.
    func query(_ path: String, _ sql: String) throws -> [[(String?, Int32)]] {
        var db: OpaquePointer?
        guard sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, nil) == SQLITE_OK else { throw CancellationError() }
        defer { sqlite3_close(db) }
        var stmt: OpaquePointer?
        guard sqlite3_prepare_v2(db, sql, -1, &stmt, nil) == SQLITE_OK else { throw CancellationError() }
        defer { sqlite3_finalize(stmt) }
        var rows: [[(String?, Int32)]] = []
        while sqlite3_step(stmt) == SQLITE_ROW {
            rows.append((0..<sqlite3_column_count(stmt)).map { i in
                let type = sqlite3_column_type(stmt, i)
                return (sqlite3_column_text(stmt, i).map { String(cString: $0) }, type)
            })
        }
        return rows
    }

    @Test("Same tables and rows as the CSV files, typed columns, NULL for missing, raw text, no SUBJID")
    func content() throws {
        let out = Fixture.tempPath("sql")
        defer { try? FileManager.default.removeItem(atPath: out) }
        try Fixture.writer(out).write(Fixture.output())
        let db = "\(out)/dataset.sqlite"
        for t in ["adsl", "adlot", "adrs", "adtte", "adae", "adexp", "findings"] {
            let n = try query(db, "SELECT COUNT(*) FROM \"\(t)\"")[0][0].0
            #expect(n == String(Fixture.csv("\(out)/\(t).csv").count - 1), "\(t)")
        }
        let p1 = try query(db, "SELECT CRCL, HGB, AGE, T1416FL, DEL17PFL FROM adsl WHERE USUBJID = 'ISAPD-S01-d1ea23961d56'")
        #expect(p1.count == 1)
        #expect(p1[0][0].0 == "68.1" && p1[0][0].1 == SQLITE_FLOAT)
        #expect(p1[0][1].0 == "-1.5" && p1[0][1].1 == SQLITE_FLOAT)
        #expect(p1[0][2].1 == SQLITE_INTEGER)
        #expect(p1[0][3].1 == SQLITE_NULL)
        #expect(p1[0][4].0 == "Y")
        // Text is stored as written by the site, without the spreadsheet quote.
        let terms = try query(db, "SELECT AETERM FROM adae").compactMap { $0[0].0 }
        #expect(terms.contains("=HYPERLINK(\"http://x\")"))
        let cols = try query(db, "SELECT name FROM pragma_table_info('findings')").compactMap { $0[0].0 }
        #expect(!cols.contains("SUBJID") && cols.contains("USUBJID"))
        #expect(try query(db, "PRAGMA journal_mode")[0][0].0 == "delete")
        #expect(try query(db, "PRAGMA page_size")[0][0].0 == "4096")
    }

    @Test("define.json describes exactly the columns of every SQLite table")
    func defineCoversSQLite() throws {
        let out = Fixture.tempPath("sqldef")
        defer { try? FileManager.default.removeItem(atPath: out) }
        try Fixture.writer(out).write(Fixture.output())
        let define = try JSONParser.parse(Fixture.read("\(out)/define.json"))
        let datasets = try #require(define["datasets"]?.arrayValue)
        let tables = try query("\(out)/dataset.sqlite", "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
            .compactMap { $0[0].0 }
        #expect(tables == datasets.compactMap { $0["sqlite_table"]?.stringValue }.sorted())
        for d in datasets {
            let name = try #require(d["sqlite_table"]?.stringValue)
            let described = (d["columns"]?.arrayValue ?? [])
                .filter { $0["files"]?.arrayValue?.contains(.string("sqlite")) == true }
            let actual = try query("\(out)/dataset.sqlite", "SELECT name, type FROM pragma_table_info('\(name)')")
            #expect(actual.map { $0[0].0 ?? "" } == described.compactMap { $0["name"]?.stringValue }, "\(name)")
            #expect(actual.map { $0[1].0 ?? "" } == described.compactMap { $0["sqlite_type"]?.stringValue }, "\(name)")
        }
    }

    @Test("Primary keys: a duplicate line number is refused, so the write fails and nothing is replaced")
    func primaryKey() throws {
        let out = Fixture.tempPath("pk")
        defer { try? FileManager.default.removeItem(atPath: out) }
        var output = Fixture.output()
        output.derivations[0].lines.append(output.derivations[0].lines[0])
        do {
            try Fixture.writer(out).write(output)
            Issue.record("a duplicate key was written")
        } catch {
            guard case .duplicateKey(let table, _) = error else { Issue.record("\(error)"); return }
            #expect(table == "adlot")
        }
        #expect(!FileManager.default.fileExists(atPath: out))
    }
}
