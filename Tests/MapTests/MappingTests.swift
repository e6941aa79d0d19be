import MMIngest
import MMModel
import Testing
@testable import MMMap

let patientColumns = ["patient_id", "site_id", "sex", "birth_date", "diagnosis_date", "heavy_chain", "light_chain", "ecog",
                      "weight_kg", "height_cm", "death_date", "last_contact_date"]
let therapyColumns = ["patient_id", "site_id", "drug", "regimen", "start_date", "end_date", "stop_reason", "setting",
                      "cycles", "site_line"]

@Suite("Mapping raw rows onto canonical records (SPEC 4.1)")
struct MappingTests {
    // MARK: Headers

    @Test("a missing required column is ING-004 naming the column and the file; every row is rejected")
    func missingColumn() throws {
        let out = try Harness().map("labs", ["patient_id", "site_id", "date", "value", "unit"],
                                    [["P1", "S1", "2024-01-01", "1", "g/dL"]], file: InputFile(path: "site3_labs.csv", format: .csv))
        #expect(!out.mapped)
        let f = try #require(out.log.findings.first)
        #expect(f.rule.id == "ING-004" && f.field == "test" && f.message.contains("site3_labs.csv"))
        #expect(out.log.rejected == 1)
    }

    @Test("therapies need drug or regimen")
    func therapyNeedsDrugOrRegimen() throws {
        let out = try Harness().map("therapies", ["patient_id", "site_id", "start_date"], [])
        #expect(!out.mapped && out.log.findings.filter { $0.severity == .error }.map(\.rule.id) == ["ING-004"])
    }

    @Test("a duplicated column name is ING-006 and the file is refused")
    func duplicateHeader() throws {
        let out = try Harness().map("labs", ["patient_id", "site_id", "date", "test", "value", "Value", "unit"], [])
        #expect(!out.mapped)
        #expect(out.log.rules() == ["ING-006"])
        #expect(out.log.findings.first?.field == "Value")
    }

    @Test("an unknown column is one ING-010 naming the column, never its values")
    func unknownColumn() throws {
        let out = try Harness().map("labs", ["patient_id", "site_id", "date", "test", "value", "unit", "nurse_note", "lab_name"],
                                    [["P1", "S1", "2024-01-01", "HGB", "11", "g/dL", "Mario Rossi called", "Lab X"]])
        #expect(out.mapped)
        #expect(out.log.rules() == ["ING-010", "ING-010"])
        #expect(out.log.findings.map(\.field) == ["nurse_note", "lab_name"])
        #expect(!out.log.findings.contains { $0.message.contains("Mario") || $0.value.contains("Mario") })
        #expect(out.batch.labs.count == 1)
    }

    @Test("an unknown table is ING-005")
    func unknownTable() throws {
        let out = try Harness().map("medications", ["patient_id"], [["P1"]])
        #expect(!out.mapped && out.log.rules() == ["ING-005"] && out.log.rejected == 1)
    }

    /// SPEC 4.2: in an ODM file the table is an ItemGroupOID; the finding names it as the site
    /// wrote it and lists the accepted ItemGroupOIDs (renaming the file would not help).
    @Test("an unknown ODM ItemGroupOID is ING-005 naming the OID, once per file")
    func unknownODMItemGroup() throws {
        let h = try Harness()
        let header = ColumnHeaderFactory.make(["date", "test"])
        var log = StageLog()
        for _ in 0..<2 {
            #expect(RecordMapper(pipeline: h.pipeline).tableMapper(table: "lab_result", header: header, file: InputFile(path: "s04.xml", format: .odm), log: &log) == nil)
        }
        #expect(log.rules() == ["ING-005"])
        let f = try #require(log.findings.first)
        #expect(f.value == "IG.LAB_RESULT")
        #expect(f.message.contains("ItemGroupOID 'IG.LAB_RESULT'") && f.message.contains("IG.LABS"))
        #expect(!f.message.contains("name the file"))
    }

    @Test("ODM tables and columns: IG.LABS, SubjectKey/LocationOID when the columns are absent")
    func odmNames() throws {
        let h = try Harness()
        let header = ColumnHeaderFactory.make(["date", "test", "value", "unit"])
        var log = StageLog(), batch = RecordBatch()
        let tm = try #require(RecordMapper(pipeline: h.pipeline).tableMapper(table: "IG.LABS", header: header, file: InputFile(path: "s.xml", format: .odm), log: &log))
        var row = rawRow("IG.LABS", header, ["2024-01-01", "HGB", "11", "g/dL"], file: "s.xml")
        row.site = "S9"
        row.subject = "P9"
        tm.map(row, into: &batch, log: &log)
        #expect(batch.labs.first?.key == PatientKey(site: "S9", patientID: "P9"))
        #expect(log.findings.filter { $0.rule.id != "ING-004" }.isEmpty)
    }

    // MARK: Rows

    @Test("a full patient row maps with its codes and synonyms")
    func patientRow() throws {
        let out = try Harness().map("patients", patientColumns + ["iss"],
                                    [["P1", "S1", "femmina", "1950-06-12", "15/01/2020", "IgG", "k", "1", "70,5", "165", "",
                                      "2024-05-01", "ISS II"]])
        let p = try #require(out.batch.patients.first)
        #expect(out.log.findings.isEmpty)
        #expect(p.key == PatientKey(site: "S1", patientID: "P1"))
        #expect(p.sex == .female && p.heavyChain == .igG && p.lightChain == .kappa && p.ecog == 1)
        #expect(p.weightKg == 70.5 && p.heightCm == 165)
        #expect(p.birthDate == Day(iso: "1950-06-12") && p.diagnosisDate == Day(iso: "2020-01-15"))
        #expect(p.deathDate == nil && p.lastContactDate == Day(iso: "2024-05-01"))
        #expect(p.reportedISS == "II")
    }

    @Test("the optional extramedullary column (SPEC 4.1, issue 17): Y/N and their synonyms; an unknown code is a finding, the patient kept",
          arguments: [("Y", true as Bool?, false), ("n", false, false), ("1", true, false), ("0", false, false),
                      ("sì", true, false), ("", nil, false), ("maybe", nil, true)])
    func extramedullary(_ value: String, _ expected: Bool?, _ finding: Bool) throws {
        // ODM item IT.EXTRAMEDULLARY names the same column.
        #expect(TableNaming.column(forItemOID: "IT.EXTRAMEDULLARY") == "extramedullary")
        let out = try Harness().map("patients", patientColumns + ["extramedullary"],
                                    [["P1", "S1", "M", "1950-06-12", "2020-01-15", "", "", "", "", "", "", "2024-05-01", value]])
        let p = try #require(out.batch.patients.first)
        #expect(p.extramedullary == expected)
        #expect(out.log.rules() == (finding ? ["SCH-004"] : []))
        #expect(out.log.findings.allSatisfy { $0.field == "extramedullary" })
    }

    @Test("code synonyms", arguments: [("M", Sex.male), ("male", .male), ("Maschio", .male), ("F", .female),
                                       ("FEMALE", .female), ("f", .female)])
    func sexCodes(_ code: String, _ sex: Sex) throws {
        let out = try Harness().map("patients", patientColumns,
                                    [["P1", "S1", code, "1950-06-12", "2020-01-15", "", "", "", "", "", "", "2024-05-01"]])
        #expect(out.batch.patients.first?.sex == sex)
    }

    @Test("ranges: ECOG 0–4, weight 20–300, height 100–230 — out of range is SCH-005, value empty, row kept",
          arguments: [("ecog", "5", true), ("ecog", "4", false), ("ecog", "0", false), ("ecog", "-1", true),
                      ("weight_kg", "19.9", true), ("weight_kg", "20", false), ("weight_kg", "300", false),
                      ("weight_kg", "300.1", true), ("height_cm", "99", true), ("height_cm", "230", false),
                      ("height_cm", "231", true)])
    func patientRanges(_ column: String, _ value: String, _ outOfRange: Bool) throws {
        var row = ["P1", "S1", "M", "1950-06-12", "2020-01-15", "", "", "", "", "", "", "2024-05-01"]
        row[patientColumns.firstIndex(of: column)!] = value
        let out = try Harness().map("patients", patientColumns, [row])
        #expect(out.batch.patients.count == 1)
        #expect(out.log.rules() == (outOfRange ? ["SCH-005"] : []))
    }

    @Test("patients: a missing sex or an invalid date is an ERROR, the patient kept without it")
    func patientKeptOnBadRequiredValue() throws {
        let out = try Harness().map("patients", patientColumns,
                                    [["P1", "S1", "X", "1950-06-12", "2020-13-45", "", "", "", "", "", "", ""]])
        let p = try #require(out.batch.patients.first)
        #expect(p.sex == nil && p.diagnosisDate == nil && p.lastContactDate == nil)
        #expect(out.log.rules() == ["SCH-004", "SCH-003", "SCH-001"])
        #expect(out.log.rejected == 0)
    }

    @Test("a row without patient_id is rejected (SCH-001) and counted")
    func missingPatientID() throws {
        let out = try Harness().map("labs", ["patient_id", "site_id", "date", "test", "value", "unit"],
                                    [["", "S1", "2024-01-01", "HGB", "11", "g/dL"], ["P1", "S1", "2024-01-01", "HGB", "11", "g/dL"]])
        #expect(out.batch.labs.count == 1)
        #expect(out.log.rules() == ["SCH-001"])
        #expect(out.log.rejected == 1)
        #expect(out.log.audit.filter { $0.action == .reject }.count == 1)
    }

    @Test("rejected lab rows are counted once each, whatever the number of problems")
    func rejectedCounted() throws {
        let out = try Harness().map("labs", ["patient_id", "site_id", "date", "test", "value", "unit"], [
            ["P1", "S1", "2024-02-30", "HGB", "11", "g/dL"],   // SCH-003
            ["P1", "S1", "2024-01-01", "XYZ", "11", "g/dL"],   // SCH-008
            ["P1", "S1", "2024-01-01", "HGB", "eleven", "g/dL"], // SCH-002
            ["P1", "S1", "2024-01-01", "HGB", "", "g/dL"],     // SCH-001
            ["P1", "S1", "bad", "XYZ", "", ""],                // three problems, one rejection
            ["P1", "S1", "2024-01-01", "BMPC", "101", "%"],    // SCH-005
            ["P1", "S1", "2024-01-01", "HGB", "11", "g/dL"],
        ])
        #expect(out.batch.labs.count == 1)
        #expect(out.log.rejected == 6)
        #expect(Set(out.log.rules()) == ["SCH-003", "SCH-008", "SCH-002", "SCH-001", "SCH-005"])
        let f = try #require(out.log.findings.first { $0.rule.id == "SCH-002" })
        #expect(f.source == "labs.csv:4" && f.field == "value" && f.value == "eleven" && f.subjectID == "P1" && f.siteID == "S1")
        #expect(f.message.contains("labs.csv:4") && f.message.contains("eleven"))
    }

    @Test("a semicolon/decimal-comma row gives the same record as the decimal-point row")
    func decimalComma() throws {
        let h = try Harness()
        let cols = ["patient_id", "site_id", "date", "test", "value", "unit", "lln", "uln"]
        let a = h.map("labs", cols, [["P1", "S1", "2024-01-01", "CREAT", "0.92", "mg/dL", "0.5", "1.2"]])
        let b = h.map("labs", cols, [["P1", "S1", "01/01/2024", "creatinine", "0,92", "mg/dl", "0,5", "1,2"]])
        #expect(a.batch.labs == b.batch.labs)
        #expect(a.batch.labs.first?.value == .number(0.92))
    }

    // MARK: Dates

    @Test("partial dates: imputed by input.partial_dates, SCH-006 INFO and a normalize audit entry", arguments: [
        (PartialDateImputation.first, "2019-05", "2019-05-01"), (.middle, "2019-05", "2019-05-15"),
        (.last, "2019-05", "2019-05-31"), (.first, "2019", "2019-01-01"), (.middle, "2019", "2019-07-01"),
        (.last, "2019", "2019-12-31"),
    ])
    func partialDates(_ rule: PartialDateImputation, _ partial: String, _ imputed: String) throws {
        let out = try Harness(partialDates: rule).map("therapies", therapyColumns,
                                                      [["P1", "S1", "lenalidomide", "", partial, "", "", "", "", ""]])
        #expect(out.batch.therapies.first?.start == Day(iso: imputed))
        let f = try #require(out.log.findings.first)
        #expect(f.rule.id == "SCH-006" && f.severity == .info && f.value == partial && f.field == "start_date")
        let entry = try #require(out.log.audit.first)
        #expect(entry.action == .normalize && entry.before == partial && entry.after == imputed)
    }

    @Test("partial_dates: reject makes a partial date an error (SCH-003); the therapy row is rejected")
    func partialRejected() throws {
        let out = try Harness(partialDates: .reject).map("therapies", therapyColumns,
                                                         [["P1", "S1", "lenalidomide", "", "2019-05", "", "", "", "", ""]])
        #expect(out.batch.therapies.isEmpty && out.log.rules() == ["SCH-003"] && out.log.rejected == 1)
    }

    @Test("lab dates need the day: a partial lab date is SCH-003")
    func partialLabDate() throws {
        let out = try Harness().map("labs", ["patient_id", "site_id", "date", "test", "value", "unit"],
                                    [["P1", "S1", "2024-01", "HGB", "11", "g/dL"]])
        #expect(out.batch.labs.isEmpty && out.log.rules() == ["SCH-003"])
    }

    @Test("MM/DD/YYYY only when declared")
    func usDates() throws {
        let row = [["P1", "S1", "03/25/2024", "HGB", "11", "g/dL"]]
        let cols = ["patient_id", "site_id", "date", "test", "value", "unit"]
        #expect(try Harness().map("labs", cols, row).log.rules() == ["SCH-003"])
        let us = try Harness(dateFormats: [.ymd, .mdy]).map("labs", cols, row)
        #expect(us.batch.labs.first?.date == Day(iso: "2024-03-25"))
    }

    @Test("birth dates never reach a finding's value or message, nor the audit log", arguments: [
        "1950-06", "1950", "12/06/1950x", "1950-02-30",
    ])
    func birthDatesWithheld(_ birth: String) throws {
        let out = try Harness().map("patients", patientColumns,
                                    [["P1", "S1", "M", birth, "2020-01-15", "", "", "", "", "", "", "2024-05-01"]])
        #expect(!out.log.findings.isEmpty)
        for f in out.log.findings {
            #expect(!f.value.contains("1950") && !f.message.contains("1950"))
        }
        for a in out.log.audit {
            #expect(!a.before.contains("1950") && !a.after.contains("1950"))
        }
        #expect(out.log.findings.allSatisfy { $0.field == "birth_date" && $0.value == "[birth date withheld]" })
    }

    // MARK: Therapies

    @Test("a drug synonym maps to its ingredient and classes")
    func drugRow() throws {
        let out = try Harness().map("therapies", therapyColumns,
                                    [["P1", "S1", "Darzalex SC", "", "2022-01-10", "2022-06-01", "progression", "salvage", "6", "2"]])
        let t = try #require(out.batch.therapies.first)
        #expect(t.drug == "daratumumab" && t.classes == [.antiCD38] && t.regimenLabel == nil)
        #expect(t.end == Day(iso: "2022-06-01") && t.stopReason == .progression && t.setting == .salvage)
        #expect(t.cycles == 6 && t.siteLine == 2)
        #expect(out.log.findings.isEmpty)
    }

    @Test("a regimen without drug expands to one exposure per drug (IsaPd → isatuximab, pomalidomide, dexamethasone)")
    func regimenExpansion() throws {
        let out = try Harness().map("therapies", therapyColumns,
                                    [["P1", "S1", "", "Isa-Pd", "2023-03-01", "", "ONGOING", "", "", "3"]])
        #expect(out.batch.therapies.map(\.drug) == ["isatuximab", "pomalidomide", "dexamethasone"])
        #expect(out.batch.therapies.allSatisfy { $0.regimenLabel == "IsaPd" && $0.start == Day(iso: "2023-03-01") })
        #expect(out.batch.therapies.map(\.classes) == [[.antiCD38], [.imid], [.steroid]])
    }

    @Test("drug and regimen both given: the drug must belong to the regimen, else LOT-002 (row kept)")
    func labelMismatch() throws {
        let out = try Harness().map("therapies", therapyColumns, [
            ["P1", "S1", "Revlimid", "IsaPd", "2023-03-01", "", "", "", "", ""],
            ["P1", "S1", "Imnovid", "IsaPd", "2023-03-01", "", "", "", "", ""],
        ])
        #expect(out.batch.therapies.map(\.drug) == ["lenalidomide", "pomalidomide"])
        #expect(out.log.rules() == ["LOT-002"])
        #expect(out.log.findings.first?.severity == .warning && out.log.findings.first?.source == "therapies.csv:2")
    }

    @Test("transplants, unknown drugs, empty drug and regimen")
    func transplantsAndUnknowns() throws {
        let out = try Harness().map("therapies", therapyColumns, [
            ["P1", "S1", "auto-SCT", "", "2021-05-01", "", "", "CONDITIONING", "", ""],
            ["P1", "S1", "aspirin", "", "2021-05-01", "", "", "", "", ""],
            ["P1", "S1", "", "", "2021-05-01", "", "", "", "", ""],
            ["P1", "S1", "", "XYZd", "2021-05-01", "", "", "", "", ""],
            ["P1", "S1", "lenalidomide", "XYZd", "2021-05-01", "", "", "", "", ""],
        ])
        #expect(out.batch.therapies.map(\.drug) == ["ASCT", "lenalidomide"])
        #expect(out.batch.therapies.first?.isTransplant == true)
        #expect(out.log.rules() == ["SCH-007", "SCH-009", "SCH-007", "SCH-007"])
        #expect(out.log.rejected == 3)
    }

    // MARK: Other tables

    @Test("assessments: response codes, Y/N, CRAB lists")
    func assessments() throws {
        let cols = ["patient_id", "site_id", "date", "response", "progression_type", "new_lesion", "plasmacytoma", "crab"]
        let out = try Harness().map("assessments", cols, [
            ["P1", "S1", "2024-01-01", "sCR", "", "N", "no", ""],
            ["P1", "S1", "2024-02-01", "PD", "clinical", "sì", "0", "C;R;A;B"],
            ["P1", "S1", "2024-03-01", "vgpr", "", "", "", "c, b"],
            ["P1", "S1", "2024-04-01", "great", "", "maybe", "", "C;Z"],
        ])
        let a = out.batch.assessments
        #expect(a.count == 4)
        #expect(a[0].response == .scr && a[0].newLesion == false && a[0].plasmacytoma == false && a[0].crab.isEmpty)
        #expect(a[1].response == .pd && a[1].progressionType == .clinical && a[1].newLesion == true && a[1].crab == Set(CRABFeature.allCases))
        #expect(a[2].response == .vgpr && a[2].crab == [.calcium, .bone])
        #expect(a[3].response == nil && a[3].newLesion == nil && a[3].crab == [.calcium])
        #expect(out.log.rules() == ["SCH-004", "SCH-004", "SCH-004"])
        #expect(out.log.rejected == 0)
    }

    @Test("cytogenetics codes and synonyms")
    func cytogenetics() throws {
        let out = try Harness().map("cytogenetics", ["patient_id", "site_id", "date", "abnormality", "result", "method"], [
            ["P1", "S1", "2020-01-10", "del(17p)", "detected", "FISH"],
            ["P1", "S1", "2020-01-10", "t(4;14)", "not detected", "fish"],
            ["P1", "S1", "2020-01-10", "1q gain", "FAILED", "NGS"],
            ["P1", "S1", "2020-01-10", "trisomy 9", "DETECTED", "FISH"],
        ])
        #expect(out.batch.cytogenetics.map(\.abnormality) == [.del17p, .t4_14, .gain1q])
        #expect(out.batch.cytogenetics.map(\.result) == [.detected, .notDetected, .failed])
        #expect(out.log.rules() == ["SCH-004"] && out.log.rejected == 1)
    }

    @Test("adverse events: grade 1–5 (SCH-005 beyond), serious, related")
    func adverseEvents() throws {
        let cols = ["patient_id", "site_id", "term", "grade", "onset_date", "end_date", "serious", "related"]
        let out = try Harness().map("adverse_events", cols, [
            ["P1", "S1", "Neutropenia", "4", "2023-04-01", "2023-04-10", "Y", "Y"],
            ["P1", "S1", "Pneumonia", "6", "2023-05-01", "", "N", "U"],
            ["P1", "S1", "Fatigue", "0", "2023-05", "", "", ""],
        ])
        let ae = out.batch.adverseEvents
        #expect(ae.map(\.grade) == [4, nil, nil])
        #expect(ae[0].serious == true && ae[0].related == .yes && ae[1].related == .unknown)
        #expect(ae[2].onsetDate == Day(iso: "2023-05-15"))
        #expect(out.log.rules() == ["SCH-005", "SCH-005", "SCH-006"])
    }
}

/// Headers for tests that call the mapper directly.
enum ColumnHeaderFactory {
    static func make(_ names: [String]) -> ColumnHeader { ColumnHeader(names: names + ["patient_id", "site_id"]) }
}

@Suite("Grouping records by patient")
struct RecordStoreTests {
    @Test("DUP-001 for a second patients row; every row of an unknown patient rejected with SCH-010 (issue 18.1)")
    func grouping() throws {
        let h = try Harness()
        var batch = h.map("patients", patientColumns, [
            ["P2", "S1", "M", "1950-01-01", "2020-01-01", "", "", "", "", "", "", "2024-01-01"],
            ["P1", "S1", "F", "1950-01-01", "2020-01-01", "", "", "", "", "", "", "2024-01-01"],
            ["P1", "S1", "F", "1950-01-01", "2020-01-01", "", "", "", "", "", "", "2024-01-01"],
        ]).batch
        batch.append(h.map("therapies", therapyColumns, [
            ["P1", "S1", "", "IsaPd", "2023-01-01", "", "", "", "", ""],
            ["P9", "S1", "", "IsaPd", "2023-01-01", "", "", "", "", ""],
            ["P9", "S1", "", "DRd", "2021-01-01", "", "", "", "", ""],
        ]).batch)
        var log = StageLog()
        let records = RecordStore.group(batch, log: &log)
        // The unknown patient is not a patient of the upload: not in the records, not counted.
        #expect(records.map(\.key.patientID) == ["P1", "P2"])
        #expect(records[0].therapies.count == 3)
        #expect(log.rules() == ["DUP-001", "SCH-010", "SCH-010"])
        let dup = try #require(log.findings.first)
        #expect(dup.source == "patients.csv:4" && dup.message.contains("patients.csv:3"))
        // Each orphan row (a regimen row counts once) is rejected, counted, named and audited.
        #expect(log.rejected == 3)
        #expect(log.rejectedRows["therapies"] == 2)
        let orphans = log.findings.filter { $0.rule.id == "SCH-010" }
        #expect(orphans.map(\.source) == ["therapies.csv:3", "therapies.csv:4"])
        #expect(orphans.allSatisfy { $0.subjectID == "P9" && $0.table == .therapies && $0.message.contains("not used") })
        #expect(orphans.map(\.rowKey) == ["2023-01-01 IsaPd", "2021-01-01 DRd"])
        #expect(log.audit.filter { $0.action == .reject && $0.rule == "SCH-010" }.map(\.source)
                == ["therapies.csv:3", "therapies.csv:4"])
    }

    @Test("A site without any usable patients row: one SCH-010 per table, every row still counted and audited")
    func siteWithoutPatientsFile() throws {
        let h = try Harness()
        let batch = h.map("labs", ["patient_id", "site_id", "date", "test", "value", "unit"], [
            ["P1", "S2", "2023-01-01", "HGB", "11", "g/dL"],
            ["P1", "S2", "2023-02-01", "HGB", "12", "g/dL"],
            ["P2", "S2", "2023-01-01", "HGB", "10", "g/dL"],
        ]).batch
        var log = StageLog()
        let records = RecordStore.group(batch, log: &log)
        #expect(records.isEmpty)
        #expect(log.findings.map(\.source) == ["labs.csv:2"])
        #expect(log.findings[0].message.contains("3 labs row(s) of its 2 patient(s)"))
        #expect(log.rejectedRows["labs"] == 3)
        #expect(log.audit.filter { $0.action == .reject }.count == 3)
    }
}
