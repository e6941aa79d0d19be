import Foundation
import MMIngest
import MMModel
import Testing
@testable import MMMap

/// Canonical records with provenance blanked, per patient, for comparing two layouts.
struct Canonical: Equatable {
    var patients: [Patient] = []
    var labs: [LabResult] = []
    var therapies: [TherapyExposure] = []
    var assessments: [Assessment] = []

    init(_ records: [PatientRecord]) {
        let blank = Provenance(file: "", line: 0)
        for r in records {
            if var p = r.patient { p.provenance = blank; patients.append(p) }
            labs += r.labs.map { var x = $0; x.provenance = blank; return x }
            therapies += r.therapies.map { var x = $0; x.provenance = blank; return x }
            assessments += r.assessments.map { var x = $0; x.provenance = blank; return x }
        }
    }
}

@Suite("Other layouts through their pipeline file: REDCap flat export (SPEC 4)")
struct REDCapLayoutTests {
    /// Maps CSV files (one table each, named after the file) through a pipeline file.
    func mapFiles(_ urls: [URL], pipeline: PipelineFile) throws -> (records: [PatientRecord], log: StageLog) {
        let mapper = RecordMapper(pipeline: pipeline)
        var log = StageLog()
        var batch = RecordBatch()
        for url in urls {
            let (names, rows) = try readFixtureCSV(url)
            let header = ColumnHeader(names: names)
            let table = url.deletingPathExtension().lastPathComponent
            guard let tm = mapper.tableMapper(table: table, header: header, file: InputFile(path: url.path, format: .csv), log: &log) else { continue }
            for (i, r) in rows.enumerated() {
                tm.map(rawRow(table, header, r, line: i + 2, file: url.lastPathComponent), into: &batch, log: &log)
            }
        }
        return (RecordStore.group(batch, log: &log), log)
    }

    @Test("the REDCap export maps to the same canonical records as the same patients in the reference layout")
    func redcapEqualsReference() throws {
        let reference = try mapFiles(["patients", "labs", "therapies", "assessments"].map {
            fixturesFolder.appendingPathComponent("reference/\($0).csv")
        }, pipeline: try referencePipeline())
        let redcapPipeline = try PipelineFile.load(path: repositoryRoot.appendingPathComponent("pipelines/redcap-example.yaml").path)
        let redcap = try mapFiles([fixturesFolder.appendingPathComponent("redcap/MMRWE_DATA_2024-07-01.csv")], pipeline: redcapPipeline)

        let a = Canonical(reference.records), b = Canonical(redcap.records)
        #expect(a.patients.count == 5)
        #expect(a.labs.count == 11 && a.therapies.count == 24 && a.assessments.count == 5)
        #expect(a.patients == b.patients)
        // The optional extramedullary column: Y/N in the reference layout, 1/0 in REDCap.
        #expect(a.patients.map(\.extramedullary) == [true, false, nil, true, false])
        #expect(a.labs == b.labs)
        #expect(a.therapies == b.therapies)
        #expect(a.assessments == b.assessments)
        #expect(b.assessments.first { $0.key.patientID == "P002" }?.crab == [.calcium, .bone])
        // Only the partial birth date of P003 is worth a finding, in both layouts; no ING-010.
        #expect(reference.log.rules() == ["SCH-006"])
        #expect(redcap.log.rules() == ["SCH-006"])
        #expect(redcap.log.rejected == 0)
    }

    @Test("an unmapped instrument is ING-005 and its row is rejected; an unknown REDCap column is ING-010")
    func unmappedInstrument() throws {
        let pipeline = try PipelineFile.load(path: repositoryRoot.appendingPathComponent("pipelines/redcap-example.yaml").path)
        let header = ColumnHeader(names: ["record_id", "redcap_repeat_instrument", "redcap_data_access_group", "sex", "dob",
                                          "dx_date", "last_fu", "conmed_name"])
        var log = StageLog(), batch = RecordBatch()
        let tm = try #require(RecordMapper(pipeline: pipeline).tableMapper(table: "export", header: header, file: InputFile(path: "export.csv", format: .csv), log: &log))
        #expect(log.rules() == ["ING-010"] && log.findings.first?.field == "conmed_name")
        tm.map(rawRow("export", header, ["P1", "concomitant_medications", "s01", "", "", "", "", "aspirin"]), into: &batch, log: &log)
        tm.map(rawRow("export", header, ["P1", "", "s01", "2", "1950-01-01", "2020-01-01", "2024-01-01", ""]), into: &batch, log: &log)
        #expect(log.rules() == ["ING-010", "ING-005"])
        #expect(log.rejected == 1)
        #expect(batch.patients.first?.sex == .female && batch.patients.first?.key == PatientKey(site: "S01", patientID: "P1"))
    }

    @Test("a fixed site from layout.constants when the export has no data access group")
    func constantSite() throws {
        var pipeline = try referencePipeline()
        pipeline.layout.constants["site_id"] = "S07"
        let header = ColumnHeader(names: ["patient_id", "date", "test", "value", "unit"])
        var log = StageLog(), batch = RecordBatch()
        let tm = try #require(RecordMapper(pipeline: pipeline).tableMapper(table: "labs", header: header, file: InputFile(path: "labs.csv", format: .csv), log: &log))
        tm.map(rawRow("labs", header, ["P1", "2024-01-01", "HGB", "12", "g/dL"]), into: &batch, log: &log)
        #expect(batch.labs.first?.key == PatientKey(site: "S07", patientID: "P1"))
        #expect(log.findings.isEmpty)
    }
}

@Suite("Other layouts: OpenClinica ODM through odm-openclinica-example.yaml (SPEC 4.2)")
struct OpenClinicaLayoutTests {
    @Test("OpenClinica item group and item OIDs map onto the reference tables; a missing item is a missing value")
    func openClinica() throws {
        let pipeline = try PipelineFile.load(path: repositoryRoot.appendingPathComponent("pipelines/odm-openclinica-example.yaml").path)
        let mapper = RecordMapper(pipeline: pipeline)
        var log = StageLog(), batch = RecordBatch()
        // As the ODM reader delivers them: table = ItemGroupOID lower-cased, items as written,
        // patient_id / site_id appended.
        let labs = ColumnHeader(names: ["I_LABS_LBDTC", "I_LABS_LBTEST", "I_LABS_LBORRES", "I_LABS_LBORRESU", "patient_id", "site_id"])
        let tm = try #require(mapper.tableMapper(table: "ig_labs_labs", header: labs, file: InputFile(path: "oc.xml", format: .odm), log: &log))
        tm.map(rawRow("ig_labs_labs", labs, ["2024-01-05", "LBTEST_HGB", "112", "g/L", "SS_P001", "S_SITE01"], file: "oc.xml"),
               into: &batch, log: &log)
        let partial = ColumnHeader(names: ["I_LABS_LBDTC", "I_LABS_LBTEST", "patient_id", "site_id"])
        let tm2 = try #require(mapper.tableMapper(table: "ig_labs_labs", header: partial, file: InputFile(path: "oc.xml", format: .odm), log: &log))
        tm2.map(rawRow("ig_labs_labs", partial, ["2024-01-05", "LBTEST_HGB", "SS_P001", "S_SITE01"], file: "oc.xml"),
                into: &batch, log: &log)
        #expect(batch.labs.count == 1)
        #expect(batch.labs.first?.test == .hgb && batch.labs.first?.value == .number(11.2))
        #expect(batch.labs.first?.key == PatientKey(site: "S01", patientID: "SS_P001"))
        #expect(log.rules() == ["SCH-001"] && log.rejected == 1)
        #expect(log.findings.first?.field == "I_LABS_LBORRES")
    }
}

@Suite("ODM row shapes")
struct ODMShapeTests {
    @Test("an unknown item shared by several row shapes of one ODM file is named once; an unknown item group once")
    func dedupe() throws {
        let mapper = RecordMapper(pipeline: try referencePipeline())
        var log = StageLog()
        let a = ColumnHeader(names: ["date", "test", "value", "unit", "comment", "patient_id", "site_id"])
        let b = ColumnHeader(names: ["date", "test", "value", "comment", "patient_id", "site_id"])
        _ = mapper.tableMapper(table: "labs", header: a, file: InputFile(path: "site.xml", format: .odm), log: &log)
        _ = mapper.tableMapper(table: "labs", header: b, file: InputFile(path: "site.xml", format: .odm), log: &log)
        let x = ColumnHeader(names: ["foo", "patient_id", "site_id"])
        _ = mapper.tableMapper(table: "conmeds", header: x, file: InputFile(path: "site.xml", format: .odm), log: &log)
        _ = mapper.tableMapper(table: "conmeds", header: ColumnHeader(names: ["bar", "patient_id", "site_id"]), file: InputFile(path: "site.xml", format: .odm), log: &log)
        #expect(log.rules() == ["ING-010", "ING-005"])
    }
}
