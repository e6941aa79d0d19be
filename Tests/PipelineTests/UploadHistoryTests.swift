import Foundation
import MMIngest
import MMModel
import Testing
@testable import MMPipeline

/// Rows of an emitted CSV as dictionaries, read with the project's own CSV reader.
func csvRows(_ url: URL) -> [[String: String]] {
    var log = StageLog()
    var rows: [[String: String]] = []
    _ = CSVFileReader(path: url.path).read(log: &log) { row in
        var r: [String: String] = [:]
        for (i, name) in row.header.names.enumerated() { r[name] = row.string(i) }
        rows.append(r)
    }
    return rows
}

@Suite("Queries across uploads: --since (SPEC 10)")
struct UploadHistoryTests {
    static let patients = """
        patient_id,site_id,sex,birth_date,diagnosis_date,last_contact_date
        P1,S01,%@,1950-01-01,2020-01-01,2024-06-01
        P2,S01,F,1955-01-01,2020-02-01,2024-06-01
        P3,S02,M,1960-01-01,2021-01-01,2024-06-01
        """
    /// Lab rows by name; an upload lists some of them in its own order.
    static let labs: [String: String] = [
        "unitError": "P1,S01,2023-01-05,HGB,11.2,g/x",
        "valueError": "P2,S01,2023-02-05,ALB,abc,g/dL",
        "valueFixed": "P2,S01,2023-02-05,ALB,3.9,g/dL",
        "good1": "P1,S01,2023-03-05,HGB,12.1,g/dL",
        "good2": "P2,S01,2023-03-05,HGB,12.8,g/dL",
        "good3": "P3,S02,2023-03-05,HGB,13.0,g/dL",
        "newError": "P3,S02,2023-04-05,XYZ,1,g/dL",
    ]

    func upload(_ dir: URL, sex: String, labs: [String]) throws {
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try Data((Self.patients.replacingOccurrences(of: "%@", with: sex) + "\n").utf8)
            .write(to: dir.appendingPathComponent("patients.csv"))
        let text = (["patient_id,site_id,date,test,value,unit"] + labs.map { Self.labs[$0]! }).joined(separator: "\n") + "\n"
        try Data(text.utf8).write(to: dir.appendingPathComponent("labs.csv"))
    }

    func validate(_ input: URL, out: URL, since: URL?) throws -> RunSummary {
        try PipelineRunner().run(PipelineRequest(inputs: [input.path], pipelinePath: referencePipeline, outDirectory: out.path,
                                                 mode: .validationOnly, sourceDateEpoch: 1_751_328_000,
                                                 studyKey: Array("test-key".utf8), since: since?.path))
    }

    @Test("a second upload that fixes two errors, adds one and reorders the rows: 2 RESOLVED with their old values, 1 NEW, the rest OPEN")
    func fixTwoAddOneReorder() throws {
        let dir = try temporaryFolder()
        try upload(dir.appendingPathComponent("june"), sex: "X", labs: ["unitError", "valueError", "good1", "good2", "good3"])
        let june = dir.appendingPathComponent("june-out")
        _ = try validate(dir.appendingPathComponent("june"), out: june, since: nil)
        let first = csvRows(june.appendingPathComponent("findings.csv"))
        #expect(first.filter { $0["SEVERITY"] == "ERROR" }.map { $0["RULEID"]! }.sorted() == ["SCH-002", "SCH-004", "UNIT-001"])
        #expect(first.allSatisfy { $0["STATUS"] == "" }, "no status without --since")
        #expect(first.first { $0["RULEID"] == "UNIT-001" }?["ROWKEY"] == "2023-01-05 HGB")

        // July: sex and albumin fixed, the unit error still there but on another line, a new error.
        try upload(dir.appendingPathComponent("july"), sex: "M", labs: ["good3", "newError", "good2", "valueFixed", "good1", "unitError"])
        let july = dir.appendingPathComponent("july-out")
        let summary = try validate(dir.appendingPathComponent("july"), out: july, since: june)
        let rows = csvRows(july.appendingPathComponent("findings.csv"))
        func status(_ rule: String) -> [String] { rows.filter { $0["RULEID"] == rule }.map { $0["STATUS"]! } }
        #expect(status("UNIT-001") == ["OPEN"])
        #expect(rows.first { $0["RULEID"] == "UNIT-001" }?["SOURCE"] == "labs.csv:7", "same query, new line")
        #expect(status("SCH-008") == ["NEW"])
        #expect(status("SCH-004") == ["RESOLVED"] && status("SCH-002") == ["RESOLVED"])
        #expect(rows.first { $0["RULEID"] == "SCH-004" }?["VALUE"] == "X", "listed with its old value")
        #expect(rows.first { $0["RULEID"] == "SCH-002" }?["VALUE"] == "abc" && rows.first { $0["RULEID"] == "SCH-002" }?["SOURCE"] == "labs.csv:3")
        #expect(rows.allSatisfy { ["NEW", "OPEN", "RESOLVED"].contains($0["STATUS"] ?? "") })
        #expect(Array(rows.suffix(2)).allSatisfy { $0["STATUS"] == "RESOLVED" }, "resolved queries come last")
        #expect(summary.sinceLine?.hasPrefix("since the upload of 2025-07-01 (june-out): 2 resolved, 1 new") == true)

        // Per site in the report: S01 resolved two, S02 has one new.
        let report = try String(contentsOf: july.appendingPathComponent("report.html"), encoding: .utf8)
        #expect(report.contains("Since the upload of 2025-07-01 (june-out): <b>2 resolved</b>, <b>0 new</b>"))
        #expect(report.contains("Since the upload of 2025-07-01 (june-out): <b>0 resolved</b>, <b>1 new</b>"))
        #expect(report.contains("Resolved since the upload of 2025-07-01 (june-out)"))

        // Each site's package: its own resolved queries, nothing of the other site.
        let s01 = csvRows(july.appendingPathComponent("sites/S01/findings.csv"))
        #expect(s01.filter { $0["STATUS"] == "RESOLVED" }.map { $0["RULEID"]! }.sorted() == ["SCH-002", "SCH-004"])
        let s02 = csvRows(july.appendingPathComponent("sites/S02/findings.csv"))
        #expect(s02.allSatisfy { $0["SITEID"] == "S02" } && !s02.contains { $0["STATUS"] == "RESOLVED" })
        #expect(s02.contains { $0["RULEID"] == "SCH-008" && $0["STATUS"] == "NEW" })
        let s02Report = try String(contentsOf: july.appendingPathComponent("sites/S02/report.html"), encoding: .utf8)
        #expect(s02Report.contains("<b>0 resolved</b>, <b>1 new</b>") && !s02Report.contains("Resolved since"))
        #expect(!s02Report.contains("P1") && !s02Report.contains("P2"), "nothing of site S01")

        // A third upload against the second: the resolved ones are not resolved again.
        let august = dir.appendingPathComponent("august-out")
        _ = try validate(dir.appendingPathComponent("july"), out: august, since: july)
        let third = csvRows(august.appendingPathComponent("findings.csv"))
        #expect(!third.contains { $0["STATUS"] == "RESOLVED" || $0["STATUS"] == "NEW" })
    }

    @Test("--since a folder without findings.csv fails the run with a sentence naming it")
    func sinceNeedsFindings() throws {
        let dir = try temporaryFolder()
        try upload(dir.appendingPathComponent("in"), sex: "M", labs: ["good1"])
        #expect {
            _ = try validate(dir.appendingPathComponent("in"), out: dir.appendingPathComponent("out"), since: dir.appendingPathComponent("nowhere"))
        } throws: { error in
            (error as? PipelineError)?.description.contains("nowhere/findings.csv") == true
        }
    }

    /// A previous upload's findings are read back into typed findings: a rule this catalogue no
    /// longer has is kept by its ID, and each SOURCE is listed as it was written.
    @Test("--since keeps a previous finding of a rule the catalogue no longer has, and its SOURCE as written")
    func retiredRuleIsResolvedAsWritten() throws {
        let dir = try temporaryFolder()
        try upload(dir.appendingPathComponent("june"), sex: "M", labs: ["unitError", "good1"])
        let june = dir.appendingPathComponent("june-out")
        _ = try validate(dir.appendingPathComponent("june"), out: june, since: nil)
        let findings = june.appendingPathComponent("findings.csv")
        let text = try String(contentsOf: findings, encoding: .utf8)
        #expect(text.contains(",UNIT-001,"))
        try Data(text.replacingOccurrences(of: ",UNIT-001,", with: ",XYZ-009,").utf8).write(to: findings)
        let before = csvRows(findings).filter { $0["RULEID"] == "XYZ-009" }
        #expect(before.count == 1)

        try upload(dir.appendingPathComponent("july"), sex: "M", labs: ["good1"])
        let july = dir.appendingPathComponent("july-out")
        _ = try validate(dir.appendingPathComponent("july"), out: july, since: june)
        let resolved = csvRows(july.appendingPathComponent("findings.csv")).filter { $0["STATUS"] == "RESOLVED" }
        #expect(resolved.map { $0["RULEID"] } == ["XYZ-009"])
        for column in ["SITEID", "SUBJID", "TABLE", "SOURCE", "FIELD", "VALUE", "SEVERITY", "MESSAGE", "ROWKEY"] {
            #expect(resolved.first?[column] == before.first?[column], "\(column)")
        }
    }
}
