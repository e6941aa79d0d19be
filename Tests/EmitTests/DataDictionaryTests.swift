import Foundation
import Testing
@testable import MMEmit

@Suite("Data dictionary: define.json and docs/outputs.md (SPEC 7)")
struct DataDictionaryTests {
    @Test("define.json describes exactly the columns of every emitted CSV and SQLite table")
    func coversEveryColumn() throws {
        let out = Fixture.tempPath("define")
        defer { try? FileManager.default.removeItem(atPath: out) }
        try Fixture.writer(out).write(Fixture.output())
        let define = try JSONParser.parse(Fixture.read("\(out)/define.json"))
        let datasets = try #require(define["datasets"]?.arrayValue)
        var described: [String: [String]] = [:]
        for d in datasets {
            let file = try #require(d["file"]?.stringValue)
            let cols = try #require(d["columns"]?.arrayValue)
            for c in cols {
                let label = c["label"]?.stringValue ?? "", rule = c["rule"]?.stringValue ?? ""
                #expect(label.count >= 3)
                #expect(rule.count > 3)
                #expect(["text", "integer", "real", "date", "flag"].contains(c["type"]?.stringValue ?? ""))
                if c["type"]?.stringValue == "flag" {
                    #expect(c["codes"]?.arrayValue?.compactMap { $0["code"]?.stringValue } == ["Y", "N"])
                }
            }
            described[file] = cols.filter { $0["files"]?.arrayValue?.contains(.string("csv")) == true }
                .compactMap { $0["name"]?.stringValue }
        }
        let csvFiles = try FileManager.default.contentsOfDirectory(atPath: out).filter { $0.hasSuffix(".csv") }
        #expect(Set(csvFiles) == Set(described.keys))
        for file in csvFiles {
            #expect(Fixture.csv("\(out)/\(file)").first == described[file], "\(file) header vs define.json")
        }
        // The SQLite schema comes from the same definitions.
        for schema in Tables.datasetSchemas {
            let create = SQLiteStore.createStatement(schema)
            for c in schema.columns(for: .sqlite) { #expect(create.contains("\"\(c.name)\" \(c.type.sqliteType)")) }
            #expect(!schema.columns(for: .sqlite).contains { $0.name == "SUBJID" })
        }
    }

    @Test("Every table's columns are unique and the definitions are the only source of columns")
    func uniqueColumns() {
        for t in Tables.datasetSchemas {
            let names = t.columns.map(\.name)
            #expect(Set(names).count == names.count, "\(t.name)")
            for k in t.primaryKey { #expect(names.contains(k)) }
        }
    }

    /// docs/outputs.md is generated; regenerate with
    /// `MMPIPE_REGENERATE_DOCS=1 swift test --filter EmitTests.DataDictionaryTests`.
    @Test("docs/outputs.md is in sync with the definitions")
    func docsInSync() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let path = root.appendingPathComponent("docs/outputs.md").path
        let generated = DataDictionary.markdown()
        if ProcessInfo.processInfo.environment["MMPIPE_REGENERATE_DOCS"] == "1" {
            try FileManager.default.createDirectory(atPath: root.appendingPathComponent("docs").path, withIntermediateDirectories: true)
            try generated.write(toFile: path, atomically: true, encoding: .utf8)
        }
        let current = Fixture.text(path)
        #expect(current == generated, "docs/outputs.md is stale: run MMPIPE_REGENERATE_DOCS=1 swift test --filter EmitTests.DataDictionaryTests")
    }
}
