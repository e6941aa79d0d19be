import Foundation
import MMEmit
import MMIngest
import MMModel
import MMSynth
import Testing
@testable import MMPipeline

/// Issue 12 on whole runs: no site subject ID in the analyst's files, what goes back to each
/// site holds nothing of the others, nothing destroyed, nothing misread silently (SPEC 3, 4,
/// 4.3, 7).
@Suite("Trust: privacy, site packages, nothing destroyed, nothing misread (SPEC 3, 4, 7)")
struct TrustTests {
    static let samples = repositoryRoot.appendingPathComponent("samples").path
    /// 2025-07-01, as the other end-to-end tests.
    static let epoch = 1_751_328_000

    static func request(_ inputs: [String], out: URL, mode: EmitMode = .dataset, pipeline: String = referencePipeline,
                        key: [UInt8]? = Array("test-key".utf8), epoch: Int? = TrustTests.epoch,
                        runDate: Day? = Day(rawValue: Int32(TrustTests.epoch / 86_400))) -> PipelineRequest {
        PipelineRequest(inputs: inputs, pipelinePath: pipeline, outDirectory: out.path, mode: mode,
                        sourceDateEpoch: epoch, runDate: runDate, studyKey: key)
    }

    /// Every site subject ID of the samples: `patient_id` of the CSV patients files and every
    /// `SubjectKey` of the ODM file, as (site, ID).
    static func sampleSubjects() throws -> Set<String> {
        var ids = Set<String>()
        for site in ["s01", "s02", "s03"] {
            let text = String(decoding: try Data(contentsOf: URL(fileURLWithPath: "\(samples)/\(site)_patients.csv")), as: UTF8.self)
            for line in text.split(whereSeparator: \.isNewline).dropFirst() {
                let sep: Character = line.contains(";") ? ";" : ","
                if let id = line.split(separator: sep).first { ids.insert(String(id)) }
            }
        }
        let xml = String(decoding: try Data(contentsOf: URL(fileURLWithPath: "\(samples)/s04.xml")), as: UTF8.self)
        for part in xml.components(separatedBy: "SubjectKey=\"").dropFirst() {
            if let id = part.split(separator: "\"").first { ids.insert(String(id)) }
        }
        return ids
    }

    /// The reference fixture written to `<test folder>/in`, and the folder's `out`, after one
    /// dataset run with the default request.
    static func referenceRun(_ name: String = #function) throws -> (dir: URL, input: String, out: URL) {
        let dir = try temporaryFolder(name)
        try UploadFixture.reference.writeCSV(to: dir.appendingPathComponent("in"))
        let out = dir.appendingPathComponent("out")
        _ = try PipelineRunner().run(request([dir.appendingPathComponent("in").path], out: out))
        return (dir, dir.appendingPathComponent("in").path, out)
    }

    static func text(_ url: URL) -> String {
        String(decoding: (try? Data(contentsOf: url)) ?? Data(), as: UTF8.self)
    }

    static func csvRows(_ url: URL) -> [[String]] {
        // The site findings have no embedded newline in these runs; quoted commas are kept whole.
        text(url).split(separator: "\n").map { line in
            var fields: [String] = [], field = "", quoted = false
            for c in line {
                if c == "\"" { quoted.toggle() } else if c == ",", !quoted { fields.append(field); field = "" } else { field.append(c) }
            }
            fields.append(field)
            return fields
        }
    }

    // MARK: Privacy

    @Test("run on CSV and ODM inputs: no site subject ID in any analyst file (SPEC 7)")
    func noSubjectIDInAnalystFiles() throws {
        let dir = try temporaryFolder()
        let out = dir.appendingPathComponent("out")
        _ = try PipelineRunner().run(Self.request([Self.samples], out: out))
        let ids = try Self.sampleSubjects()
        #expect(ids.count >= 15)
        let analystFiles = ["adsl.csv", "adlot.csv", "adrs.csv", "adtte.csv", "adae.csv", "adexp.csv", "dataset.sqlite",
                            "define.json", "audit.jsonl", "manifest.json"]
        for name in analystFiles {
            // SQLite stores text as UTF-8 bytes: a byte search finds any ID in any table.
            let content = String(decoding: try Data(contentsOf: out.appendingPathComponent(name)), as: UTF8.self)
            for id in ids { #expect(!content.contains(id), "site subject ID \(id) in \(name)") }
        }
        // The ODM paths are kept, with their keys masked. (The audit log names no derived value
        // since SPEC 7's compact log, so it holds an ODM path only for a rejected or changed row:
        // none in the samples; any it holds is masked.)
        #expect(!Self.text(out.appendingPathComponent("audit.jsonl")).contains("SubjectKey='P"))
        #expect(String(decoding: try Data(contentsOf: out.appendingPathComponent("dataset.sqlite")), as: UTF8.self)
            .contains("[@SubjectKey='*']"))
        // findings.csv goes back to the sites: it keeps the subject in SUBJID; its ODM paths are
        // masked at the source like every other (SPEC 7, issue 18.2).
        let findings = Self.text(out.appendingPathComponent("findings.csv"))
        #expect(findings.contains(",P0009,") && findings.contains("SubjectKey='*'") && !findings.contains("SubjectKey='P0009'"))
    }

    @Test("A run without a study key says so in manifest.json and report.html (SPEC 7)")
    func noKeyIsRecorded() throws {
        let dir = try temporaryFolder()
        try UploadFixture.reference.writeCSV(to: dir.appendingPathComponent("in"))
        let out = dir.appendingPathComponent("out")
        _ = try PipelineRunner().run(Self.request([dir.appendingPathComponent("in").path], out: out, key: nil))
        let manifest = Self.text(out.appendingPathComponent("manifest.json"))
        #expect(manifest.contains("\"source\": \"random\""))
        #expect(manifest.contains("No study key"))
        #expect(Self.text(out.appendingPathComponent("report.html")).contains("No study key"))
        let keyed = dir.appendingPathComponent("keyed")
        _ = try PipelineRunner().run(Self.request([dir.appendingPathComponent("in").path], out: keyed))
        #expect(Self.text(keyed.appendingPathComponent("manifest.json")).contains("\"source\": \"MMPIPE_STUDY_KEY\""))
        #expect(!Self.text(keyed.appendingPathComponent("report.html")).contains("No study key"))
    }

    @Test("Outputs name RULES.md version 2 and the data cutoff (audit log, manifest)")
    func rulesVersionNamed() throws {
        let (_, _, out) = try Self.referenceRun()
        let manifest = Self.text(out.appendingPathComponent("manifest.json"))
        #expect(manifest.contains("\"file\": \"RULES.md\""))
        #expect(manifest.contains("\"version\": 2"))
        #expect(manifest.contains("\"data_cutoff\": \"2025-07-01\""))
        let audit = Self.text(out.appendingPathComponent("audit.jsonl")).split(separator: "\n")
        #expect(audit[1].contains("\"after\":\"RULES.md version 2; pipeline sha256 "))
    }

    // MARK: Site packages

    @Test("sites/<SITEID>/: one site's queries, ERRORs first, nothing of other sites; file-level findings go to their file's site")
    func sitePackages() throws {
        let dir = try temporaryFolder()
        let out = dir.appendingPathComponent("out")
        _ = try PipelineRunner().run(Self.request([Self.samples], out: out))
        let all = Self.csvRows(out.appendingPathComponent("findings.csv")).dropFirst()
        let sites = ["S01", "S02", "S03", "S04"]
        let fileOfSite = ["S01": "s01_", "S02": "s02_", "S03": "s03_", "S04": "s04.xml"]
        for site in sites {
            let folder = out.appendingPathComponent("sites/\(site)")
            let rows = Self.csvRows(folder.appendingPathComponent("findings.csv"))
            #expect(rows.first == ["SITEID", "SUBJID", "TABLE", "SOURCE", "FIELD", "VALUE", "RULEID", "SEVERITY", "MESSAGE",
                                   "ROWKEY", "STATUS"])
            let body = Array(rows.dropFirst())
            #expect(body.count == all.filter { $0[0] == site }.count, "\(site): every query of the site")
            #expect(body.allSatisfy { $0[0] == site })
            let ranks = body.map { ["ERROR": 0, "WARNING": 1, "INFO": 2][$0[7]] ?? 9 }
            #expect(ranks == ranks.sorted(), "\(site): ERRORs first, then WARNINGs, then INFO")
            let page = Self.text(folder.appendingPathComponent("report.html"))
            let csv = Self.text(folder.appendingPathComponent("findings.csv"))
            for other in sites where other != site {
                for text in [page, csv] {
                    #expect(!text.contains(other), "\(other) named in \(site)'s package")
                    #expect(!text.contains(fileOfSite[other]!), "\(other)'s file names in \(site)'s package")
                }
            }
        }
        let s01 = Self.csvRows(out.appendingPathComponent("sites/S01/findings.csv"))
        #expect(s01.contains { $0[6] == "PHI-001" && $0[3].hasPrefix("s01_patients.csv") })
        let s04 = Self.csvRows(out.appendingPathComponent("sites/S04/findings.csv"))
        #expect(s04.contains { $0[6] == "ING-005" && $0[3].hasPrefix("s04.xml") })
        // The site's card counts its file-level errors (it said "0 errors" for S01's PHI columns).
        let page = Self.text(out.appendingPathComponent("sites/S01/report.html"))
        #expect(page.contains("s01_patients.csv"))
        #expect(page.contains("cognome"))
    }

    @Test("Reports list queries ERROR → WARNING → INFO; an ODM path wraps in its cell")
    func reportOrderAndWrapping() throws {
        let dir = try temporaryFolder()
        let out = dir.appendingPathComponent("out")
        _ = try PipelineRunner().run(Self.request([Self.samples], out: out))
        for page in ["report.html", "sites/S04/report.html"] {
            let html = Self.text(out.appendingPathComponent(page))
            for section in html.components(separatedBy: "<h3>Queries to answer</h3>").dropFirst() {
                let table = section.components(separatedBy: "</table>")[0]
                let severities = table.components(separatedBy: "<span class=\"sev ").dropFirst().map { String($0.prefix { $0 != "\"" }) }
                let ranks = severities.map { ["ERROR": 0, "WARNING": 1, "INFO": 2][$0] ?? 9 }
                #expect(!ranks.isEmpty)
                #expect(ranks == ranks.sorted(), "\(page): queries not sorted by severity")
            }
            #expect(html.contains("<td class=\"code src\">s04.xml:"), "\(page): ODM path without its wrapping class")
            #expect(html.contains("td.code.src { white-space:normal; overflow-wrap:anywhere;"))
        }
    }

    // MARK: Nothing destroyed

    @Test("validate never replaces a dataset; an --out folder holding a user's files is refused and left intact (SPEC 3)")
    func outFolderSafety() throws {
        let (dir, input, out) = try Self.referenceRun()
        // validate into the dataset's folder: refused, the dataset stays.
        #expect(throws: PipelineError.self) { try PipelineRunner().run(Self.request([input], out: out, mode: .validationOnly)) }
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("adsl.csv").path))
        // summarize's own files beside the dataset, and compare's compare/ folder, do not block a re-run.
        try Data("x".utf8).write(to: out.appendingPathComponent("km.csv"))
        try FileManager.default.createDirectory(at: out.appendingPathComponent("compare"), withIntermediateDirectories: true)
        for f in ["balance.csv", "weights.csv", "models.csv", "km.csv", "compare.html"] {
            try Data("x".utf8).write(to: out.appendingPathComponent("compare/" + f))
        }
        _ = try PipelineRunner().run(Self.request([input], out: out))
        // A user's R script and by-dara/ folder: refused, never deleted.
        try Data("library(survival)\n".utf8).write(to: out.appendingPathComponent("analysis.R"))
        try FileManager.default.createDirectory(at: out.appendingPathComponent("by-dara"), withIntermediateDirectories: true)
        try Data("x".utf8).write(to: out.appendingPathComponent("by-dara/summary.html"))
        do {
            _ = try PipelineRunner().run(Self.request([input], out: out))
            Issue.record("a folder holding the user's files was replaced")
        } catch {
            #expect("\(error)".contains("analysis.R"))
            #expect("\(error)".contains("by-dara/"))
        }
        #expect(Self.text(out.appendingPathComponent("analysis.R")) == "library(survival)\n")
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("by-dara/summary.html").path))
        // A file slipped into a site package is the user's too.
        let other = dir.appendingPathComponent("other")
        _ = try PipelineRunner().run(Self.request([input], out: other))
        try Data("notes".utf8).write(to: other.appendingPathComponent("sites/S01/notes.txt"))
        #expect(throws: PipelineError.self) { try PipelineRunner().run(Self.request([input], out: other)) }
        #expect(FileManager.default.fileExists(atPath: other.appendingPathComponent("sites/S01/notes.txt").path))
    }

    @Test("--key-map replaces an earlier key map, never another file")
    func keyMapSafety() throws {
        let (dir, input, _) = try Self.referenceRun()
        let keys = dir.appendingPathComponent("keys.csv")
        var request = Self.request([input], out: dir.appendingPathComponent("o1"))
        request.keyMapPath = keys.path
        _ = try PipelineRunner().run(request)
        #expect(Self.text(keys).hasPrefix("SITEID,SUBJID,USUBJID\n"))
        request.outDirectory = dir.appendingPathComponent("o2").path
        _ = try PipelineRunner().run(request)   // an earlier key map: replaced
        let notes = dir.appendingPathComponent("notes.csv")
        try Data("my,own\nnotes,here\n".utf8).write(to: notes)
        request.keyMapPath = notes.path
        request.outDirectory = dir.appendingPathComponent("o3").path
        #expect(throws: PipelineError.self) { try PipelineRunner().run(request) }
        #expect(Self.text(notes) == "my,own\nnotes,here\n")
    }

    @Test("audit verify: a log cut at a line boundary is truncated, even given alone (SPEC 3)")
    func truncatedAuditLog() throws {
        let (_, _, out) = try Self.referenceRun()
        let log = out.appendingPathComponent("audit.jsonl")
        var lines = Self.text(log).split(separator: "\n", omittingEmptySubsequences: false)
        #expect(AuditVerifier.verify(path: log.path).exitCode == 0)
        lines.removeLast(2)  // the emit line and the empty string after the last newline
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: log)
        let alone = AuditVerifier.verify(path: log.path)
        #expect(alone.exitCode == 1)
        #expect(alone.message.contains("truncated"))
        #expect(AuditVerifier.verify(path: out.path).exitCode == 1)
    }

    @Test("synth refuses a non-empty folder; its injected-error list is not read by the next run")
    func synthSafety() throws {
        let dir = try temporaryFolder()
        let real = dir.appendingPathComponent("realsite")
        try FileManager.default.createDirectory(at: real, withIntermediateDirectories: true)
        try Data("patient_id,site_id\nREAL1,S01\n".utf8).write(to: real.appendingPathComponent("patients.csv"))
        #expect(throws: SynthError.self) {
            try CohortGenerator().generate(SynthOptions(patients: 5, sites: 1, seed: 1, outDirectory: real.path))
        }
        #expect(Self.text(real.appendingPathComponent("patients.csv")) == "patient_id,site_id\nREAL1,S01\n")

        let cohort = dir.appendingPathComponent("cohort")
        _ = try CohortGenerator().generate(SynthOptions(patients: 20, sites: 2, seed: 3, errorRate: 0.3, outDirectory: cohort.path))
        #expect(FileManager.default.fileExists(atPath: cohort.appendingPathComponent("expected/injected.csv").path))
        let out = dir.appendingPathComponent("out")
        _ = try PipelineRunner().run(Self.request([cohort.path], out: out))
        let findings = Self.text(out.appendingPathComponent("findings.csv"))
        #expect(!findings.contains("injected.csv"))
    }

    // MARK: Nothing misread

    @Test("Slash dates that prove another format: one ING-013 naming input.date_formats, none of the file's slash dates used (SPEC 4.3)")
    func slashDatesNeverGuessed() throws {
        let dir = try temporaryFolder()
        var fixture = UploadFixture.reference
        // labs written M/D/YYYY (2/20/2021): read as DD/MM they would be misread or rejected one by one.
        let labs = fixture.tables.firstIndex { $0.name == "labs" }!
        for i in fixture.tables[labs].rows.indices {
            let iso = fixture.tables[labs].rows[i][2].split(separator: "-").map { Int($0)! }
            fixture.tables[labs].rows[i][2] = "\(iso[1])/\(iso[2])/\(iso[0])"
        }
        try fixture.writeCSV(to: dir.appendingPathComponent("in"))
        let out = dir.appendingPathComponent("out")
        _ = try PipelineRunner().run(Self.request([dir.appendingPathComponent("in").path], out: out, mode: .validationOnly))
        let rows = Self.csvRows(out.appendingPathComponent("findings.csv"))
        let ing = rows.filter { $0[6] == "ING-013" }
        #expect(ing.count == 1)
        #expect(ing.first?[7] == "ERROR")
        #expect(ing.first?[8].contains("input.date_formats") == true)
        #expect(ing.first?[3] == "labs.csv:2")  // 2/20/2021: the second part proves month first
        // Every slash-dated lab row is a value not used (not one read as 6 February).
        let labRows = fixture.tables[labs].rows.count
        #expect(rows.filter { $0[3].hasPrefix("labs.csv:") && $0[6] == "SCH-003" }.count == labRows)
        #expect(!Self.text(out.appendingPathComponent("audit.jsonl")).contains("2021-02-20"))
    }

    @Test("SlashDateEvidence: the first value above 12 on each side, with its line")
    func slashDateScan() {
        let text = Array("a,1/2/2020\nb,3/6/2015,x\nc,13/1/2019\nd,2/25/2018\ne,2024-03-01,12/12/2012x\n".utf8)
        let e = text.withUnsafeBufferPointer { SlashDateEvidence.scan($0) }
        #expect(e.firstPartAbove12?.value == "13/1/2019")
        #expect(e.firstPartAbove12?.line == 3)
        #expect(e.secondPartAbove12?.value == "2/25/2018")
        #expect(e.secondPartAbove12?.line == 4)
        let ambiguous = Array("3/6/2015,12/11/2010,111/2/2000,1/2/20201".utf8).withUnsafeBufferPointer { SlashDateEvidence.scan($0) }
        #expect(ambiguous.firstPartAbove12 == nil && ambiguous.secondPartAbove12 == nil)
    }

    @Test("SlashDateEvidence from a file read in blocks (memory flat, SPEC 8) equals the whole-buffer scan, whatever the block size")
    func slashDateScanInBlocks() throws {
        var rng = SystemRandomNumberGenerator()
        let pieces = ["1/2/2020", "13/1/2019", "2/25/2018", "111/2/2000", "1/2/20201", "12/12/2012x", "\n", ",", "7", "/",
                      "31/12/1999", "05/13/2001", "2024-03-01", "\r\n", "x/1/2/2020"]
        let dir = try temporaryFolder()
        for trial in 0..<40 {
            let text = Array((0..<60).map { _ in pieces.randomElement(using: &rng)! }.joined().utf8)
            let path = dir.appendingPathComponent("t\(trial).csv").path
            try Data(text).write(to: URL(fileURLWithPath: path))
            let whole = text.withUnsafeBufferPointer { SlashDateEvidence.scan($0) }
            for block in [1, 2, 3, 5, 11, 12, 13, 17, 64, 1 << 20] {
                let e = try #require(SlashDateEvidence.scan(path: path, blockSize: block))
                #expect(e.firstPartAbove12?.value == whole.firstPartAbove12?.value, "block \(block): \(String(decoding: text, as: UTF8.self))")
                #expect(e.firstPartAbove12?.line == whole.firstPartAbove12?.line)
                #expect(e.secondPartAbove12?.value == whole.secondPartAbove12?.value)
                #expect(e.secondPartAbove12?.line == whole.secondPartAbove12?.line)
            }
        }
        #expect(SlashDateEvidence.scan(path: dir.appendingPathComponent("missing.csv").path) == nil)
    }

    @Test("SOURCE_DATE_EPOCH fixes timestamps only: it never rejects data as future (SPEC 4.3)")
    func epochIsNotToday() throws {
        let dir = try temporaryFolder()
        try UploadFixture.reference.writeCSV(to: dir.appendingPathComponent("in"))
        let input = dir.appendingPathComponent("in").path
        let a = dir.appendingPathComponent("a"), b = dir.appendingPathComponent("b")
        // 2019-01-01: before most of the fixture's data; the run's date is the real today.
        _ = try PipelineRunner().run(Self.request([input], out: a, epoch: 1_546_300_800, runDate: nil))
        _ = try PipelineRunner().run(Self.request([input], out: b, epoch: Self.epoch, runDate: nil))
        #expect(!Self.text(a.appendingPathComponent("findings.csv")).contains("CHR-006"))
        for file in ["adsl.csv", "adlot.csv", "adrs.csv", "adtte.csv", "findings.csv"] {
            #expect(Self.text(a.appendingPathComponent(file)) == Self.text(b.appendingPathComponent(file)), "\(file)")
        }
        #expect(Self.text(a.appendingPathComponent("audit.jsonl")).contains("\"time\":\"2019-01-01T00:00:00Z\""))
    }

    @Test("data_cutoff drives the future-date checks; nothing after it enters a derivation (SPEC 4.3)")
    func dataCutoff() throws {
        let dir = try temporaryFolder()
        try UploadFixture.reference.writeCSV(to: dir.appendingPathComponent("in"))
        let reference = try String(contentsOfFile: referencePipeline, encoding: .utf8)
        let pipeline = dir.appendingPathComponent("cutoff.yaml")
        try (reference.replacingOccurrences(of: "../schemas/", with: repositoryRoot.appendingPathComponent("schemas").path + "/")
            + "\ndata_cutoff: 2021-04-30\n").write(to: pipeline, atomically: true, encoding: .utf8)
        let out = dir.appendingPathComponent("out")
        _ = try PipelineRunner().run(Self.request([dir.appendingPathComponent("in").path], out: out, pipeline: pipeline.path))
        let rows = Self.csvRows(out.appendingPathComponent("findings.csv"))
        // After the study's cutoff but not in the future: information, the row not used.
        #expect(!rows.contains { $0[6] == "CHR-006" })
        let late = rows.filter { $0[6] == "CHR-011" }
        #expect(!late.isEmpty)
        #expect(late.allSatisfy { $0[7] == "INFO" && $0[8].contains("after the study's data cutoff (data_cutoff: 2021-04-30)") })
        // The lab of 2021-05-25 is not used: no response assessment after the cutoff.
        for line in Self.text(out.appendingPathComponent("adrs.csv")).split(separator: "\n").dropFirst() {
            let date = line.split(separator: ",", omittingEmptySubsequences: false)[2]
            #expect(date.isEmpty || date <= "2021-04-30", "\(line)")
        }
        #expect(Self.text(out.appendingPathComponent("manifest.json")).contains("\"data_cutoff\": \"2021-04-30\""))
        // A bad value fails the run with the key.
        try (reference.replacingOccurrences(of: "../schemas/", with: repositoryRoot.appendingPathComponent("schemas").path + "/")
            + "\ndata_cutoff: 30/04/2021\n").write(to: pipeline, atomically: true, encoding: .utf8)
        do {
            _ = try PipelineRunner().run(Self.request([dir.appendingPathComponent("in").path], out: dir.appendingPathComponent("bad"), pipeline: pipeline.path))
            Issue.record("a bad data_cutoff was accepted")
        } catch {
            #expect("\(error)".contains("data_cutoff"))
        }
    }

    @Test("An empty analysis population gives the reason (SPEC 3: run exits 1)")
    func emptyPopulation() throws {
        let dir = try temporaryFolder()
        let unrelated = dir.appendingPathComponent("unrelated")
        try FileManager.default.createDirectory(at: unrelated, withIntermediateDirectories: true)
        try Data("city,population\nPavia,71000\n".utf8).write(to: unrelated.appendingPathComponent("cities.csv"))
        let a = try PipelineRunner().run(Self.request([unrelated.path], out: dir.appendingPathComponent("a")))
        #expect(a.emptyPopulationReason?.contains("nothing was mapped") == true)
        var fixture = UploadFixture.reference
        let therapies = fixture.tables.firstIndex { $0.name == "therapies" }!
        fixture.tables[therapies].rows.removeAll { $0.contains("IsaPd") }
        try fixture.writeCSV(to: dir.appendingPathComponent("noindex"))
        let b = try PipelineRunner().run(Self.request([dir.appendingPathComponent("noindex").path], out: dir.appendingPathComponent("b")))
        #expect(b.emptyPopulationReason?.contains("index_regimen.all_of: isatuximab + pomalidomide") == true)
        try UploadFixture.reference.writeCSV(to: dir.appendingPathComponent("ok"))
        let c = try PipelineRunner().run(Self.request([dir.appendingPathComponent("ok").path], out: dir.appendingPathComponent("c")))
        #expect(c.emptyPopulationReason == nil)
    }

    @Test("Input folders with one sub-folder per site; file-level findings take the sub-folder's site (SPEC 4)")
    func siteSubfolders() throws {
        let dir = try temporaryFolder()
        let uploads = dir.appendingPathComponent("uploads")
        try UploadFixture.reference.writeCSV(to: uploads.appendingPathComponent("S01"))
        var second = UploadFixture.reference
        for t in second.tables.indices {
            for r in second.tables[t].rows.indices { second.tables[t].rows[r][1] = "S02" }
        }
        second.tables[0].header += ["cognome"]
        for r in second.tables[0].rows.indices { second.tables[0].rows[r] += ["Verdolinisca"] }
        try second.writeCSV(to: uploads.appendingPathComponent("S02"))
        // A header-only cytogenetics table (no FISH yet): information only.
        try Data("patient_id,site_id,date,abnormality,result,method\n".utf8)
            .write(to: uploads.appendingPathComponent("S02/cytogenetics.csv"))
        let out = dir.appendingPathComponent("out")
        let summary = try PipelineRunner().run(Self.request([uploads.path], out: out))
        #expect(summary.patients == 4)
        let rows = Self.csvRows(out.appendingPathComponent("sites/S02/findings.csv"))
        #expect(rows.contains { $0[6] == "PHI-001" && $0[0] == "S02" })
        #expect(rows.contains { $0[6] == "ING-014" && $0[7] == "INFO" })
        #expect(!Self.text(out.appendingPathComponent("findings.csv")).contains(",ERROR,\"cytogenetics.csv"))
        #expect(!Self.text(out.appendingPathComponent("sites/S01/findings.csv")).contains("PHI-001"))
    }

    @Test("The same file given twice is read once, with one ING-012 (SPEC 4)")
    func sameFileTwice() throws {
        let dir = try temporaryFolder()
        try UploadFixture.reference.writeCSV(to: dir.appendingPathComponent("in"))
        let labs = dir.appendingPathComponent("in/labs.csv").path
        let once = try PipelineRunner().run(Self.request([dir.appendingPathComponent("in").path], out: dir.appendingPathComponent("once")))
        let twice = try PipelineRunner().run(Self.request([dir.appendingPathComponent("in").path, labs], out: dir.appendingPathComponent("twice")))
        #expect(twice.rowsRead == once.rowsRead)
        #expect(twice.rowsRejected == once.rowsRejected)
        let rows = Self.csvRows(dir.appendingPathComponent("twice/findings.csv"))
        #expect(rows.filter { $0[6] == "ING-012" }.count == 1)
        #expect(!rows.contains { $0[6].hasPrefix("DUP-") })
    }
}
