import Foundation
import MMModel
import Testing
@testable import MMPipeline

/// Whole runs on uploads with one defect each (issue 18; issue 12 "nothing misread silently").
@Suite("Malformed uploads: nothing lost silently")
struct MalformedUploadTests {
    /// The findings.csv lines of a run.
    static func findings(_ out: URL) throws -> [String] {
        try String(contentsOf: out.appendingPathComponent("findings.csv"), encoding: .utf8)
            .split(separator: "\n").dropFirst().map(String.init)
    }

    @Test("18.1: adverse-event and lab rows of a patient missing from patients are each rejected, counted, named and audited")
    func orphanRowsAreCounted() throws {
        let dir = try temporaryFolder()
        var fixture = UploadFixture.reference
        let ae = fixture.tables.firstIndex { $0.name == "adverse_events" }!
        let labs = fixture.tables.firstIndex { $0.name == "labs" }!
        for i in 0..<3 {
            fixture.tables[ae].rows.append(["P999", "S01", "Nausea \(i)", "1", "2021-05-0\(i + 1)", "", "N", "N"])
        }
        fixture.tables[labs].rows.append(["P999", "S01", "2021-02-20", "HGB", "10.1", "g/dL", "", ""])
        try fixture.writeCSV(to: dir.appendingPathComponent("in"))
        let clean = try runPipeline([try Self.referenceUpload(dir).path], out: dir.appendingPathComponent("clean"))
        let out = dir.appendingPathComponent("out")
        let summary = try runPipeline([dir.appendingPathComponent("in").path], out: out)
        #expect(summary.patients == clean.patients)
        #expect(summary.rowsRejected == clean.rowsRejected + 4)
        let orphans = try Self.findings(out).filter { $0.contains(",SCH-010,") }
        #expect(orphans.map { $0.split(separator: ",")[3] } == ["adverse_events.csv:3", "adverse_events.csv:4",
                                                                "adverse_events.csv:5", "labs.csv:14"])
        let audit = try String(contentsOf: out.appendingPathComponent("audit.jsonl"), encoding: .utf8)
        #expect(audit.split(separator: "\n").filter { $0.contains("\"reject\"") && $0.contains("SCH-010") }.count == 4)
        let manifest = try String(contentsOf: out.appendingPathComponent("manifest.json"), encoding: .utf8)
        #expect(manifest.contains("\"rejected\": 3") || manifest.contains("\"rejected\":3"))
    }

    static func referenceUpload(_ dir: URL) throws -> URL {
        let url = dir.appendingPathComponent("reference")
        try UploadFixture.reference.writeCSV(to: url)
        return url
    }

    @Test("18.5: a NUL in a field or a header reaches findings.csv and report.html escaped, never raw")
    func nulBytesAreEscaped() throws {
        let dir = try temporaryFolder()
        var fixture = UploadFixture.reference
        let labs = fixture.tables.firstIndex { $0.name == "labs" }!
        fixture.tables[labs].header.append("no\u{0}te")
        fixture.tables[labs].rows = fixture.tables[labs].rows.map { $0 + [""] }
        fixture.tables[labs].rows[0][4] = "2\u{0}4"
        try fixture.writeCSV(to: dir.appendingPathComponent("in"))
        let out = dir.appendingPathComponent("out")
        try runPipeline([dir.appendingPathComponent("in").path], out: out)
        for name in ["findings.csv", "report.html"] {
            let data = try Data(contentsOf: out.appendingPathComponent(name))
            #expect(!data.contains(0), "\(name) holds a NUL byte")
            #expect(String(decoding: data, as: UTF8.self).contains("2\\u00004"), "\(name)")
        }
        #expect(try Self.findings(out).contains { $0.contains("no\\u0000te") })
    }

    @Test("18.4: a renamed optional column is a WARNING naming both columns and the variables left empty")
    func renamedOptionalColumn() throws {
        let dir = try temporaryFolder()
        var fixture = UploadFixture.reference
        fixture.tables[0].header = fixture.tables[0].header.map { $0 == "death_date" ? "death date" : $0 }
        let ae = fixture.tables.firstIndex { $0.name == "adverse_events" }!
        fixture.tables[ae].header = fixture.tables[ae].header.map { $0 == "onset_date" ? "onset_dt" : $0 }
        // A removed column has no look-alike: the missing column is the WARNING.
        let cyto = fixture.tables.firstIndex { $0.name == "cytogenetics" }!
        fixture.tables[cyto].header.removeLast()
        fixture.tables[cyto].rows = fixture.tables[cyto].rows.map { Array($0.dropLast()) }
        try fixture.writeCSV(to: dir.appendingPathComponent("in"))
        let out = dir.appendingPathComponent("out")
        let summary = try runPipeline([dir.appendingPathComponent("in").path], out: out, mode: .validationOnly)
        let lines = try Self.findings(out)
        let death = try #require(lines.first { $0.contains("patients.csv:1,death date,") })
        #expect(death.contains(",ING-010,WARNING,") && death.contains("'death_date'") && death.contains("DTHFL"))
        let onset = try #require(lines.first { $0.contains("adverse_events.csv:1,onset_dt,") })
        #expect(onset.contains(",ING-010,WARNING,") && onset.contains("'onset_date'") && onset.contains("TRTEMFL"))
        let method = try #require(lines.first { $0.contains("cytogenetics.csv:1,method,") })
        #expect(method.contains(",ING-004,WARNING,") && method.contains("CYTORISK"))
        // Each renamed column is named once (no INFO "unknown column" beside the WARNING).
        #expect(lines.filter { $0.contains(",death date,") }.count == 1)
        #expect(summary.warnings >= 3)
    }

    @Test("Issue 12: a renamed required header gives one ING-004 per missing column naming the look-alike, and one SCH-010 per table")
    func renamedRequiredHeader() throws {
        let dir = try temporaryFolder()
        var fixture = UploadFixture.reference
        fixture.tables[0].header = fixture.tables[0].header.map {
            $0 == "patient_id" ? "Patient ID" : $0 == "birth_date" ? "birthdate" : $0
        }
        try fixture.writeCSV(to: dir.appendingPathComponent("in"))
        let out = dir.appendingPathComponent("out")
        let summary = try runPipeline([dir.appendingPathComponent("in").path], out: out, mode: .validationOnly)
        let lines = try Self.findings(out)
        let missing = lines.filter { $0.contains(",ING-004,ERROR,") }
        #expect(missing.count == 2)
        #expect(missing.contains { $0.contains(",patient_id,") && $0.contains("'Patient ID'") })
        #expect(missing.contains { $0.contains(",birth_date,") && $0.contains("'birthdate'") })
        #expect(!lines.contains { $0.contains(",ING-010,") })
        // One query per table of the site's other files, every row still counted as rejected.
        let orphans = lines.filter { $0.contains(",SCH-010,") }
        #expect(orphans.count == 5 && orphans.allSatisfy { $0.contains("no patient of site S01") })
        #expect(summary.rowsRejected == summary.rowsRead)
    }

    @Test("18.2 / issue 12: an unknown ODM item is named at its row (masked path), and a PHI item has PHI-001 alone")
    func odmUnknownItemAtItsRow() throws {
        let dir = try temporaryFolder()
        var fixture = UploadFixture.reference
        let labs = fixture.tables.firstIndex { $0.name == "labs" }!
        fixture.tables[labs].header += ["lab_note", "contact"]
        fixture.tables[labs].rows = fixture.tables[labs].rows.enumerated().map { i, row in
            row + [i == 3 ? "repeat" : "", i == 3 ? "mario.rossi@example.it" : ""]
        }
        let file = dir.appendingPathComponent("s04.xml")
        try fixture.writeODM(to: file)
        let out = dir.appendingPathComponent("out")
        try runPipeline([file.path], out: out, mode: .validationOnly)
        let lines = try Self.findings(out)
        let unknown = lines.filter { $0.contains(",ING-010,") }
        #expect(unknown.count == 1)
        let note = try #require(unknown.first)
        #expect(note.contains(",lab_note,") && note.contains("SubjectKey='*'") && !note.contains("s04.xml:1,"))
        #expect(!note.contains("P001']"))
        #expect(lines.filter { $0.contains(",contact,") }.map { $0.contains(",PHI-001,") } == [true])
        #expect(!lines.joined().contains("mario.rossi"))
    }
}
