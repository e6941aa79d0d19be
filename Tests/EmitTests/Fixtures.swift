import Foundation
import MMModel
@testable import MMEmit

/// Small `RunOutput` values built directly (the other stages are not needed to test Emit).
enum Fixture {
    static let key: [UInt8] = Array("secret-study-key".utf8)
    static let epoch = 1_714_521_600 // 2024-05-01T00:00:00Z

    static func day(_ s: String) -> Day { Day(iso: s)! }

    static let p1 = PatientKey(site: "S01", patientID: "P001")
    static let p2 = PatientKey(site: "S01", patientID: "P002")
    static let p3 = PatientKey(site: "S02", patientID: "=CMD001")
    static let birthDate = "1950-03-04"

    static func adsl(_ key: PatientKey, age: Int, crcl: Double?) -> ADSLRow {
        var r = ADSLRow(key: key)
        r.SEX = "F"
        r.AGE = age
        r.AGEGR1 = age < 70 ? "<70" : ">=70"
        r.DIAGDT = day("2018-02-10")
        r.INDEXDT = day("2021-06-01")
        r.INDEXREG = "dexamethasone+isatuximab+pomalidomide"
        r.INDEXLOT = 3
        r.PRIORLOT = 2
        r.PRASCTFL = true
        r.ISOTYPE = "IgG kappa"
        r.ECOG = 1
        r.ISS = .ii
        r.B2M = 4.25
        r.ALB = 3.5
        r.HGB = -1.5 // a negative number: must stay numeric
        r.CREAT = 0.92
        r.CRCL = crcl
        r.CRCL60FL = crcl.map { $0 < 60 }
        r.DEL17PFL = true
        r.T414FL = false
        r.T1416FL = nil
        r.LENEXFL = true
        r.LENRFL = true
        r.DBLRFL = false
        r.CD38GAP = 120
        r.BOR = .vgpr
        r.DTHFL = false
        r.LSTALVDT = day("2023-01-15")
        r.drugStatus = [
            DrugStatus(drug: "lenalidomide", classes: [.imid], exposed: true, refractory: true, lastDose: day("2021-05-01")),
            DrugStatus(drug: "bortezomib", classes: [.pi], exposed: true, refractory: false, lastDose: day("2019-01-01")),
        ]
        return r
    }

    static func derivation(_ key: PatientKey, age: Int, crcl: Double?, pfsDays: Int, event: Bool) -> PatientDerivation {
        let index = day("2021-06-01")
        return PatientDerivation(
            key: key, adsl: adsl(key, age: age, crcl: crcl),
            lines: [
                ADLOTRow(key: key, LOT: 2, LOTSTDT: day("2019-01-01"), LOTENDT: day("2021-05-01"), REGIMEN: "dexamethasone+lenalidomide",
                         REGLBL: "Rd", CLASSES: "IMID+STEROID", ASCTFL: false, ENDRSN: "PROGRESSION", BOR: "PR", PDFL: true,
                         PDDT: day("2021-05-01"), INDEXFL: false, STARTRSN: "PROGRESSION"),
                ADLOTRow(key: key, LOT: 1, LOTSTDT: day("2018-03-01"), LOTENDT: day("2018-12-01"), REGIMEN: "bortezomib+dexamethasone",
                         REGLBL: "Vd, \"short\"", CLASSES: "PI+STEROID", ASCTFL: true, ENDRSN: "COMPLETED", BOR: "VGPR", PDFL: false,
                         PDDT: nil, INDEXFL: false, STARTRSN: "FIRST"),
            ],
            responses: [
                ADRSRow(key: key, LOT: 3, ADT: day("2021-07-01"), PARAMCD: "OVRLRESP", AVALC: "PR", RPTRESP: "VGPR", CONFFL: true, AGREEFL: false),
                ADRSRow(key: key, LOT: 3, ADT: nil, PARAMCD: "BOR", AVALC: "VGPR", RPTRESP: nil, CONFFL: nil, AGREEFL: nil),
            ],
            timeToEvent: [
                ADTTERow(key: key, PARAMCD: "PFS", PARAM: "Progression-free survival", STARTDT: index, ADT: index + pfsDays,
                         CNSR: event ? 0 : 1, EVNTDESC: event ? "PROGRESSION" : nil, CNSDTDSC: event ? nil : "LAST ASSESSMENT"),
                ADTTERow(key: key, PARAMCD: "OS", PARAM: "Overall survival", STARTDT: index, ADT: index + pfsDays + 200,
                         CNSR: 1, EVNTDESC: nil, CNSDTDSC: "LAST CONTACT"),
            ],
            adverseEvents: [
                ADAERow(key: key, AETERM: "=HYPERLINK(\"http://x\")", AETOXGR: 3, ASTDT: day("2021-07-10"), AENDT: nil,
                        AESER: true, AEREL: "Y", TRTEMFL: true),
                ADAERow(key: key, AETERM: "Neutropenia", AETOXGR: 4, ASTDT: day("2021-06-20"), AENDT: day("2021-06-30"),
                        AESER: false, AEREL: "U", TRTEMFL: true),
            ])
    }

    /// Entries about one patient's own rows (the run puts them in its audit list, patient by
    /// patient); the birth date in `before` must not reach the log.
    static func patientAudit(_ key: PatientKey) -> [AuditEntry] {
        [
            AuditEntry(action: .derive, key: key, table: "adsl", source: "labs.csv:12", field: "ISS", before: "",
                       after: "II", rule: "RULES 5 ISS"),
            AuditEntry(action: .derive, key: key, table: "adsl", source: "", field: "AGE",
                       before: "birth \(birthDate), index 2021-06-01", after: "71", rule: "SPEC 7 AGE"),
            AuditEntry(action: .derive, key: key, table: "adsl", source: "patients.csv:2", field: "birth_date",
                       before: birthDate, after: "AGE 71", rule: "SPEC 7 AGE"),
        ]
    }

    static func output() -> RunOutput {
        let findings = [
            Finding(siteID: "S01", subjectID: "P001", table: .patients, location: .row(Provenance(file: "patients.csv", line: 2)),
                    field: "birth_date", value: birthDate, rule: .CHR001, severity: .error, message: "Birth date \(birthDate) is after diagnosis: check it."),
            Finding(siteID: "S01", subjectID: "P002", table: .labs, location: .row(Provenance(file: "labs.csv", line: 9)),
                    field: "value", value: "@SUM(A1)", rule: .SCH001, severity: .warning, message: "Value, with a comma; and \"quotes\"."),
        ].sorted()
        let audit = [
            AuditEntry(action: .ingest, key: nil, table: "patients", source: "patients.csv", after: "3 rows", rule: "SPEC 4.1"),
            AuditEntry(action: .normalize, key: p1, table: "labs", source: "site.xml:40 SubjectData[@SubjectKey='P001']/IG.LABS",
                       field: "value", before: "11,1", after: "11.1", rule: "SPEC 4.1"),
            AuditEntry(action: .reject, key: p2, table: "patients", source: "patients.csv:3", field: "patient_id",
                       before: "P002", after: "", rule: "DUP-001"),
        ] + [p1, p2, p3].flatMap(patientAudit)
        var options = PipelineOptions()
        options.studyID = "ISAPD"
        return RunOutput(options: options, toolVersion: "0.1.0-test", pipelinePath: "pipelines/reference.yaml",
                         pipelineBytes: Array("study_id: ISAPD\n".utf8), inputs: [],
                         derivations: [
                            derivation(p1, age: 71, crcl: 68.05, pfsDays: 300, event: true),
                            derivation(p2, age: 64, crcl: nil, pfsDays: 45, event: false),
                            derivation(p3, age: 70, crcl: 59.95, pfsDays: 0, event: false),
                         ],
                         findings: findings, audit: audit, readRows: ["patients": 3], rejectedRows: ["patients": 1])
    }

    /// A fresh temporary folder path (not created).
    static func tempPath(_ tag: String) -> String {
        let base = FileManager.default.temporaryDirectory.path
        return "\(base)/mmpipe-emit-\(tag)-\(UUID().uuidString)"
    }

    static func writer(_ out: String, mode: EmitMode = .dataset, keyMap: String? = nil) -> DatasetWriter {
        DatasetWriter(outDirectory: out, mode: mode, sourceDateEpoch: epoch, studyKey: key, keyMapPath: keyMap)
    }

    static func read(_ path: String) -> [UInt8] {
        FileManager.default.contents(atPath: path).map { [UInt8]($0) } ?? []
    }

    static func text(_ path: String) -> String { String(decoding: read(path), as: UTF8.self) }

    /// Parsed CSV (RFC 4180) — enough for the tests.
    static func csv(_ path: String) -> [[String]] {
        var rows: [[String]] = []
        var row: [String] = []
        var field = ""
        var inQuotes = false
        var chars = Array(text(path))
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if inQuotes {
                if c == "\"" {
                    if i + 1 < chars.count, chars[i + 1] == "\"" { field.append("\""); i += 1 } else { inQuotes = false }
                } else { field.append(c) }
            } else if c == "\"" { inQuotes = true }
            else if c == "," { row.append(field); field = "" }
            else if c == "\n" { row.append(field); rows.append(row); row = []; field = "" }
            else { field.append(c) }
            i += 1
        }
        chars.removeAll()
        return rows
    }
}
