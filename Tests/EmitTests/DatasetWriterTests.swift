import Foundation
import Testing
import MMModel
@testable import MMEmit

@Suite("Dataset writer (SPEC 7)")
struct DatasetWriterTests {
    static let datasetFiles = ["adsl.csv", "adlot.csv", "adrs.csv", "adtte.csv", "adae.csv", "adexp.csv", "dataset.sqlite", "define.json"]

    /// Every file under `dir`, as a relative path (site packages are one folder down).
    func files(_ dir: String) -> [String] {
        ((FileManager.default.subpaths(atPath: dir)) ?? []).filter { path in
            var isDir: ObjCBool = false
            return FileManager.default.fileExists(atPath: dir + "/" + path, isDirectory: &isDir) && !isDir.boolValue
        }.sorted()
    }

    /// The site packages of the fixture's two sites (SPEC 7).
    static let sitePackages = ["sites/S01/findings.csv", "sites/S01/report.html", "sites/S02/findings.csv", "sites/S02/report.html"]

    @Test("A dataset run writes every file of SPEC 7 and nothing else")
    func writesAllFiles() throws {
        let out = Fixture.tempPath("all")
        defer { try? FileManager.default.removeItem(atPath: out) }
        try Fixture.writer(out).write(Fixture.output())
        #expect(files(out) == (DatasetWriter.outputNames(.dataset) + Self.sitePackages).sorted())
    }

    @Test("Validation only: findings.csv, report.html, audit.jsonl, manifest.json")
    func validationOnly() throws {
        let out = Fixture.tempPath("val")
        defer { try? FileManager.default.removeItem(atPath: out) }
        try Fixture.writer(out, mode: .validationOnly).write(Fixture.output())
        #expect(files(out) == (["audit.jsonl", "findings.csv", "manifest.json", "report.html"] + Self.sitePackages).sorted())
        #expect(AuditVerifier.verify(path: out) == .intact(lines: 15, files: 7))
    }

    @Test("Same RunOutput, key and SOURCE_DATE_EPOCH → byte-identical files, SQLite included")
    func deterministic() throws {
        let a = Fixture.tempPath("det-a"), b = Fixture.tempPath("det-b")
        defer { try? FileManager.default.removeItem(atPath: a); try? FileManager.default.removeItem(atPath: b) }
        try Fixture.writer(a).write(Fixture.output())
        try Fixture.writer(b).write(Fixture.output())
        #expect(files(a) == files(b))
        for name in files(a) {
            let x = Fixture.read("\(a)/\(name)"), y = Fixture.read("\(b)/\(name)")
            #expect(!x.isEmpty, "\(name) is empty")
            #expect(x == y, "\(name) differs between two writes")
        }
        // Rewriting the same folder gives the same bytes too.
        let before = Fixture.read("\(a)/dataset.sqlite")
        try Fixture.writer(a).write(Fixture.output())
        #expect(Fixture.read("\(a)/dataset.sqlite") == before)
    }

    /// The disk refuses one output file (a folder stands where it goes: EISDIR): the tables are
    /// complete (`findings.csv` is the first file written after them), then each later file.
    @Test("A failure midway leaves the previous output untouched and no temporary folder",
          arguments: ["findings.csv", "dataset.sqlite", "define.json", "report.html", "sites/S01/findings.csv",
                      "audit.jsonl", "manifest.json"])
    func failureKeepsPrevious(_ refused: String) throws {
        let out = Fixture.tempPath("fail")
        defer { try? FileManager.default.removeItem(atPath: out) }
        try Fixture.writer(out).write(Fixture.output())
        let snapshot = Dictionary(uniqueKeysWithValues: files(out).map { ($0, Fixture.read("\(out)/\($0)")) })

        var changed = Fixture.output()
        changed.derivations.removeLast()
        let session = try Fixture.writer(out).begin(studyID: changed.options.studyID)
        for p in EmitRun.order(changed.derivations.map(\.key), pseudonyms: session.pseudonyms) {
            try session.write(changed.derivations[p.index], usubjid: p.context.usubjid)
        }
        try FileManager.default.createDirectory(atPath: session.scratchDirectory + "/" + refused,
                                                withIntermediateDirectories: true)
        #expect(throws: EmitError.self) { try session.finish(changed) }

        #expect(files(out) == snapshot.keys.sorted())
        for (name, bytes) in snapshot { #expect(Fixture.read("\(out)/\(name)") == bytes, "\(name) changed") }
        let parent = (out as NSString).deletingLastPathComponent
        let leftovers = files(parent).filter { $0.hasPrefix((out as NSString).lastPathComponent + ".") }
        #expect(leftovers.isEmpty, "temporary folders left: \(leftovers)")
        #expect(AuditVerifier.verify(path: out).exitCode == 0)
    }

    @Test("A folder that is not an earlier mmpipe output is never replaced")
    func refusesForeignFolder() throws {
        let out = Fixture.tempPath("foreign")
        defer { try? FileManager.default.removeItem(atPath: out) }
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: "\(out)/thesis.docx", contents: Data("precious".utf8))
        #expect(throws: EmitError.self) { try Fixture.writer(out).write(Fixture.output()) }
        #expect(files(out) == ["thesis.docx"])
    }

    @Test("Column order of every CSV header is the SPEC 7 order")
    func headers() throws {
        let out = Fixture.tempPath("hdr")
        defer { try? FileManager.default.removeItem(atPath: out) }
        try Fixture.writer(out).write(Fixture.output())
        let spec: [String: String] = [
            "adsl.csv": "STUDYID SITEID USUBJID SEX AGE AGEGR1 DIAGDT INDEXDT INDEXREG INDEXLOT PRIORLOT PRASCTFL ISOTYPE ECOG ISS RISS R2ISS B2M ALB LDH LDHHIFL CREAT CRCL CRCL60FL HGB CYTORISK DEL17PFL T414FL T1416FL GAIN1QFL DISSTAT LENEXFL LENRFL POMEXFL POMRFL BOREXFL BORRFL CAREXFL CARRFL DARAEXFL DARARFL ISAEXFL ISARFL CD38EXFL CD38RFL IMIDEXFL IMIDRFL PIEXFL PIRFL TCEFL TCRFL QUADRFL PENTARFL CD38GAP CD38LSTFL MEASDIS BOR BORSRC RESPFL VGPRFL CRFL DTHFL DTHDT LSTALVDT DBLRFL EMDFL",
            "adtte.csv": "STUDYID USUBJID SITEID PARAMCD PARAM STARTDT ADT AVAL AVALM CNSR EVNTDESC CNSDTDSC",
            "adlot.csv": "USUBJID LOT LOTSTDT LOTENDT REGIMEN REGLBL CLASSES ASCTFL ENDRSN BOR PDFL PDDT INDEXFL STARTRSN",
            "adrs.csv": "USUBJID LOT ADT PARAMCD AVALC RPTRESP CONFFL AGREEFL",
            "adae.csv": "USUBJID AETERM AETOXGR ASTDT AENDT AESER AEREL TRTEMFL",
            "adexp.csv": "USUBJID DRUG CLASSES EXPFL REFRFL LSTDOSDT",
            "findings.csv": "SITEID SUBJID TABLE SOURCE FIELD VALUE RULEID SEVERITY MESSAGE ROWKEY STATUS",
        ]
        for (file, columns) in spec {
            #expect(Fixture.csv("\(out)/\(file)").first == columns.split(separator: " ").map(String.init), "\(file)")
        }
    }

    @Test("Values: flags Y/N/empty, CRCL one decimal, negative numbers numeric, formulas neutralised, LF only")
    func values() throws {
        let out = Fixture.tempPath("val")
        defer { try? FileManager.default.removeItem(atPath: out) }
        try Fixture.writer(out).write(Fixture.output())
        let adsl = Fixture.csv("\(out)/adsl.csv")
        let h = adsl[0]
        func col(_ row: [String], _ name: String) -> String { row[h.firstIndex(of: name)!] }
        let p1 = try #require(adsl.first { col($0, "USUBJID") == "ISAPD-S01-d1ea23961d56" })
        #expect(col(p1, "CRCL") == "68.1")
        #expect(col(p1, "CRCL60FL") == "N")
        #expect(col(p1, "DEL17PFL") == "Y")
        #expect(col(p1, "T414FL") == "N")
        #expect(col(p1, "T1416FL") == "")
        #expect(col(p1, "HGB") == "-1.5")
        #expect(col(p1, "B2M") == "4.25")
        #expect(col(p1, "STUDYID") == "ISAPD")
        #expect(adsl.count == 4)
        // Sorted by USUBJID.
        let ids = adsl.dropFirst().map { col($0, "USUBJID") }
        #expect(ids == ids.sorted())
        let crcl = adsl.dropFirst().map { col($0, "CRCL") }.sorted()
        #expect(crcl == ["", "60.0", "68.1"])

        let raw = Fixture.text("\(out)/adae.csv")
        #expect(raw.contains(",\"'=HYPERLINK(\"\"http://x\"\")\","))
        #expect(!raw.contains("\r"))
        let adlot = Fixture.csv("\(out)/adlot.csv")
        #expect(adlot[1][1] == "1" && adlot[2][1] == "2", "lines sorted by LOT")
        #expect(adlot[1][5] == "Vd, \"short\"")
        let adtte = Fixture.csv("\(out)/adtte.csv")
        let pfs = try #require(adtte.first { $0[1] == "ISAPD-S01-d1ea23961d56" && $0[3] == "PFS" })
        #expect(pfs[7] == "300" && pfs[8] == "9.8563" && pfs[9] == "0")
        let findings = Fixture.csv("\(out)/findings.csv")
        #expect(findings.contains { $0[5] == "'@SUM(A1)" })
    }

    @Test("No SUBJID and no birth date in the dataset files; no patient_id in the audit log")
    func privacy() throws {
        let out = Fixture.tempPath("priv"), keys = Fixture.tempPath("keys") + ".csv"
        defer { try? FileManager.default.removeItem(atPath: out); try? FileManager.default.removeItem(atPath: keys) }
        try Fixture.writer(out, keyMap: keys).write(Fixture.output())
        for name in files(out) {
            let text = String(decoding: Fixture.read("\(out)/\(name)"), as: UTF8.self)
            #expect(!text.contains(Fixture.birthDate), "birth date in \(name)")
            // findings.csv, report.html and the site packages go back to the sites (SPEC 7).
            if name != "findings.csv" && name != "report.html" && !name.hasPrefix("sites/") {
                for id in ["P001", "P002", "CMD001"] { #expect(!text.contains(id), "SUBJID \(id) in \(name)") }
            }
        }
        let findings = Fixture.csv("\(out)/findings.csv")
        #expect(findings.contains { $0[1] == "P001" && $0[4] == "birth_date" && $0[5] == "" })
        let audit = Fixture.text("\(out)/audit.jsonl")
        #expect(audit.contains("ISAPD-S01-d1ea23961d56"))
        #expect(audit.contains("SubjectKey='*'"))
        #expect(audit.contains("(withheld)"))
        // The key map: outside the folder, every patient.
        let map = Fixture.csv(keys)
        #expect(map[0] == ["SITEID", "SUBJID", "USUBJID"])
        #expect(map.contains(["S01", "P001", "ISAPD-S01-d1ea23961d56"]))
        #expect(map.contains { $0[1] == "'=CMD001" })
        #expect(map.count == 4) // header + the three patients (P002 also in findings and the audit log)
    }

    @Test("A key map inside the output folder is refused")
    func keyMapInside() throws {
        let out = Fixture.tempPath("kmi")
        defer { try? FileManager.default.removeItem(atPath: out) }
        #expect(throws: EmitError.self) { try Fixture.writer(out, keyMap: "\(out)/keys.csv").write(Fixture.output()) }
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test("ADAE: two events of one term on one day come out in the same order whatever the input order (SPEC 8, shuffled uploads)")
    func adverseEventOrderIgnoresInput() throws {
        func adae(_ reversed: Bool) throws -> String {
            let out = Fixture.tempPath("aeo\(reversed)")
            defer { try? FileManager.default.removeItem(atPath: out) }
            var output = Fixture.output()
            let key = output.derivations[0].key
            let day = Day(year: 2023, month: 9, day: 28)
            var events = [
                ADAERow(key: key, AETERM: "Pneumonia", AETOXGR: 5, ASTDT: day, AENDT: Day(year: 2023, month: 10, day: 12),
                        AESER: true, AEREL: "U", TRTEMFL: false),
                ADAERow(key: key, AETERM: "Pneumonia", AETOXGR: 1, ASTDT: day, AENDT: nil, AESER: false, AEREL: "Y", TRTEMFL: false),
                ADAERow(key: key, AETERM: "Pneumonia", AETOXGR: 1, ASTDT: day, AENDT: nil, AESER: false, AEREL: nil, TRTEMFL: false),
                ADAERow(key: key, AETERM: "Anaemia", AETOXGR: 3, ASTDT: nil, AENDT: nil, AESER: nil, AEREL: nil, TRTEMFL: nil),
            ]
            if reversed { events.reverse() }
            output.derivations[0].adverseEvents = events
            try Fixture.writer(out).write(output)
            return Fixture.text("\(out)/adae.csv")
        }
        let forward = try adae(false)
        #expect(forward == (try adae(true)))
        let rows = forward.split(separator: "\n").filter { $0.contains("Pneumonia") || $0.contains("Anaemia") }
        // Grade 1 before 5; AEREL missing last; a missing onset after every dated event.
        #expect(rows.map { $0.split(separator: ",", omittingEmptySubsequences: false)[2] } == ["1", "1", "5", "3"])
        #expect(rows[0].hasSuffix(",N,Y,N") && rows[1].hasSuffix(",N,,N") && rows[3].contains("Anaemia"))
    }

    @Test("Patients outside the analysis population have no dataset rows (every USUBJID is in adsl)")
    func analysisPopulationOnly() throws {
        let out = Fixture.tempPath("pop")
        defer { try? FileManager.default.removeItem(atPath: out) }
        var output = Fixture.output()
        output.derivations[1].adsl = nil
        try Fixture.writer(out).write(output)
        let inADSL = Set(Fixture.csv("\(out)/adsl.csv").dropFirst().map { $0[2] })
        #expect(inADSL.count == 2)
        for file in ["adlot.csv", "adrs.csv", "adae.csv", "adexp.csv"] {
            let ids = Set(Fixture.csv("\(out)/\(file)").dropFirst().map { $0[0] })
            #expect(ids == inADSL, "\(file)")
        }
        #expect(Set(Fixture.csv("\(out)/adtte.csv").dropFirst().map { $0[1] }) == inADSL)
    }

    @Test("Audit log: ingest first (pipeline hash, tool), entries in order, emit last with every output")
    func auditShape() throws {
        let out = Fixture.tempPath("aud")
        defer { try? FileManager.default.removeItem(atPath: out) }
        try Fixture.writer(out).write(Fixture.output())
        let lines = Fixture.text("\(out)/audit.jsonl").split(separator: "\n").map { try! JSONParser.parse(Array($0.utf8)) }
        #expect(lines.count == 1 + 1 + 3 + 3 * 3 + 1)
        // The run-level derive line names the rule set once (RULES.md version 2, the pipeline
        // file's hash: SPEC 7); no derived value has a line of its own.
        #expect(lines[1]["action"]?.stringValue == "derive" && lines[1]["usubjid"]?.stringValue == "")
        #expect(lines[1]["after"]?.stringValue?.hasPrefix("RULES.md version 2; pipeline sha256 ") == true)
        #expect(lines[1]["rules"]?["rules_md_version"]?.intValue == rulesVersion)
        #expect(lines[1]["rules"]?["pipeline_sha256"]?.stringValue == Digest.sha256Hex(Array("study_id: ISAPD\n".utf8)))
        #expect(lines.filter { $0["action"]?.stringValue == "derive" && $0["usubjid"]?.stringValue == "" }.count == 1)
        #expect(lines.first?["action"]?.stringValue == "ingest")
        #expect(lines.first?["prev"]?.stringValue == String(repeating: "0", count: 64))
        #expect(lines.first?["tool"]?.stringValue == "mmpipe 0.1.0-test")
        #expect(lines.first?["pipeline"]?["sha256"]?.stringValue == Digest.sha256Hex(Array("study_id: ISAPD\n".utf8)))
        #expect(lines.allSatisfy { $0["time"]?.stringValue == "2024-05-01T00:00:00Z" })
        #expect(lines.map { $0["seq"]?.intValue ?? 0 } == Array(1...lines.count))
        let emit = try #require(lines.last)
        #expect(emit["action"]?.stringValue == "emit")
        let names = emit["outputs"]?.arrayValue?.compactMap { $0["name"]?.stringValue } ?? []
        #expect(names == ["adsl.csv", "adlot.csv", "adrs.csv", "adtte.csv", "adae.csv", "adexp.csv", "findings.csv",
                          "attrition.csv", "dataset.sqlite", "define.json", "report.html"] + Self.sitePackages)
        let adsl = emit["outputs"]?.arrayValue?.first
        #expect(adsl?["rows"]?.intValue == 3)
        #expect(adsl?["sha256"]?.stringValue == Digest.sha256Hex(Fixture.read("\(out)/adsl.csv")))
        // Manifest lists audit.jsonl with its hash.
        let manifest = try JSONParser.parse(Fixture.read("\(out)/manifest.json"))
        let audit = manifest["outputs"]?.arrayValue?.first { $0["name"]?.stringValue == "audit.jsonl" }
        #expect(audit?["sha256"]?.stringValue == Digest.sha256Hex(Fixture.read("\(out)/audit.jsonl")))
        #expect(manifest["pipeline"]?["path"]?.stringValue == "pipelines/reference.yaml")
    }

    @Test("Audit time without SOURCE_DATE_EPOCH is ISO 8601 UTC; epoch conversion", arguments: [
        (0, "1970-01-01T00:00:00Z"), (1_714_521_600, "2024-05-01T00:00:00Z"), (86_399, "1970-01-01T23:59:59Z"),
        (-1, "1969-12-31T23:59:59Z"), (951_782_400 + 3_723, "2000-02-29T01:02:03Z"),
    ])
    func isoTime(_ t: Int, _ expected: String) {
        #expect(AuditLog.isoTime(epochSeconds: t) == expected)
    }
}
