import Foundation
import MMIngest
import MMModel
import Testing
@testable import MMMap

/// The same rows delivered as CSV rows (every column, empty cells) and as ODM rows (only the
/// items present, `patient_id`/`site_id` appended, one header per item set) give the same
/// canonical records (SPEC 4.1/4.2).
@Suite("CSV rows and ODM-shaped rows map alike")
struct ODMEquivalenceTests {
    static let tables: [(String, [String], [[String]])] = [
        ("patients", patientColumns, [
            ["P001", "S01", "M", "1950-03-04", "2016-05-10", "IgG", "kappa", "1", "72.5", "175", "", "2024-06-30"],
            ["P002", "S01", "F", "1948-11", "2015-01-15", "IgA", "lambda", "2", "61.0", "160", "2023-12-01", "2023-12-01"],
        ]),
        ("labs", ["patient_id", "site_id", "date", "test", "value", "unit", "lln", "uln"], [
            ["P001", "S01", "2021-02-20", "SPEP_M", "2.4", "g/dL", "", ""],
            ["P001", "S01", "2021-02-20", "LDH", "250", "U/L", "135", "225"],
            ["P001", "S01", "2021-05-25", "SPEP_M", "<0.1", "g/dL", "", ""],
            ["P002", "S01", "2020-06-01", "FLC_L", "42.05", "mg/dL", "0.57", "2.63"],
            ["P002", "S01", "2020-06-01", "HGB", "10.9", "g/L", "", ""],
        ]),
        ("therapies", therapyColumns, [
            ["P001", "S01", "", "VRd", "2016-06-01", "2016-10-01", "COMPLETED", "INDUCTION", "4", "1"],
            ["P002", "S01", "Darzalex", "DRd", "2019-02-01", "2020-05-01", "PROGRESSION", "", "", "1"],
        ]),
        ("assessments", ["patient_id", "site_id", "date", "response", "progression_type", "new_lesion", "plasmacytoma", "crab"], [
            ["P002", "S01", "2023-09-20", "PD", "CLINICAL", "Y", "N", "B;A"],
        ]),
    ]

    @Test("same records, same findings")
    func equivalent() throws {
        let mapper = RecordMapper(pipeline: try referencePipeline())
        var csvLog = StageLog(), odmLog = StageLog()
        var csv = RecordBatch(), odm = RecordBatch()
        for (table, columns, rows) in Self.tables {
            let header = ColumnHeader(names: columns)
            let tm = try #require(mapper.tableMapper(table: table, header: header, file: InputFile(path: "\(table).csv", format: .csv), log: &csvLog))
            for r in rows { tm.map(rawRow(table, header, r), into: &csv, log: &csvLog) }
            for r in rows {
                let items = zip(columns, r).filter { $0.0 != "patient_id" && $0.0 != "site_id" && !$0.1.isEmpty }
                let h = ColumnHeader(names: items.map(\.0) + ["patient_id", "site_id"])
                let t = try #require(mapper.tableMapper(table: table, header: h, file: InputFile(path: "site.xml", format: .odm), log: &odmLog))
                t.map(rawRow(table, h, items.map(\.1) + [r[0], r[1]], file: "site.xml"), into: &odm, log: &odmLog)
            }
        }
        func blank(_ b: RecordBatch) -> RecordBatch {
            var b = b
            let p = Provenance(file: "", line: 0)
            for i in b.patients.indices { b.patients[i].provenance = p }
            for i in b.labs.indices { b.labs[i].provenance = p }
            for i in b.therapies.indices { b.therapies[i].provenance = p }
            for i in b.assessments.indices { b.assessments[i].provenance = p }
            return b
        }
        let a = blank(csv), b = blank(odm)
        #expect(a.patients == b.patients && a.labs == b.labs && a.therapies == b.therapies && a.assessments == b.assessments)
        #expect(a.labs.count == 5 && a.therapies.count == 4)
        #expect(a.labs[3].value == .number(420.5) && a.labs[3].uln == 26.3)
        #expect(csvLog.rules() == odmLog.rules())
        #expect(csvLog.rules() == ["SCH-006", "UNIT-002"])
    }
}
