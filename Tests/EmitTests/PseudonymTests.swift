import Testing
import MMModel
@testable import MMEmit

@Suite("Pseudonyms and digests (SPEC 7)")
struct PseudonymTests {
    @Test("USUBJID = STUDYID-SITEID- + 12 hex digits of HMAC-SHA-256(key, SITEID/patient_id)")
    func hmacVector() {
        // python3 -c 'import hmac,hashlib;print(hmac.new(b"secret-study-key", b"S01/P001", hashlib.sha256).hexdigest())'
        // → d1ea23961d56a36fa5a02d091b04bae9ab33b9ca2d654b0495ea4b0f1dbf500a
        let p = Pseudonymizer(studyID: "ISAPD", key: Array("secret-study-key".utf8))
        #expect(p.pseudonym(PatientKey(site: "S01", patientID: "P001")) == "d1ea23961d56")
        #expect(p.usubjid(PatientKey(site: "S01", patientID: "P001")) == "ISAPD-S01-d1ea23961d56")
        #expect(Hex.encode(Digest.hmacSHA256(key: Array("secret-study-key".utf8), message: Array("S01/P001".utf8)))
            == "d1ea23961d56a36fa5a02d091b04bae9ab33b9ca2d654b0495ea4b0f1dbf500a")
    }

    @Test("Another key gives another pseudonym; the site is part of the message")
    func keyAndSiteMatter() {
        let a = Pseudonymizer(studyID: "X", key: Array("k1".utf8))
        let b = Pseudonymizer(studyID: "X", key: Array("k2".utf8))
        let k = PatientKey(site: "S01", patientID: "P001")
        #expect(a.pseudonym(k) != b.pseudonym(k))
        #expect(a.pseudonym(k) != a.pseudonym(PatientKey(site: "S02", patientID: "P001")))
    }

    @Test("SHA-256 known answer (FIPS 180-2 'abc')")
    func sha256() {
        #expect(Digest.sha256Hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }
}

@Suite("Redaction (SPEC 7: birth dates and site IDs never leave)")
struct RedactionTests {
    @Test("Birth-date fields are recognised whatever their spelling", arguments: [
        ("birth_date", true), ("IT.BIRTH_DATE", true), ("BirthDate", true), ("dob", true), ("DOB", true),
        ("diagnosis_date", false), ("death_date", false), ("AGE", false), ("doborder", false),
    ])
    func birthFields(_ field: String, _ expected: Bool) {
        #expect(Redaction.isBirthDate(field) == expected)
    }

    @Test("Audit values mentioning a birth date are withheld; others kept")
    func auditValues() {
        #expect(Redaction.auditValue("BIRTH 1950-03-04", field: "AGE") == "(withheld)")
        #expect(Redaction.auditValue("DoB=1950", field: "AGE") == "(withheld)")
        #expect(Redaction.auditValue("11.1 g/dL", field: "value") == "11.1 g/dL")
        #expect(Redaction.auditValue("P001", field: "patient_id") == "(withheld)")
        #expect(Redaction.auditValue("", field: "birth_date") == "")
    }

    @Test("ODM subject keys are hidden in audit sources; CSV sources unchanged")
    func sources() {
        #expect(Redaction.auditSource("labs.csv:12", patientID: "P001") == "labs.csv:12")
        #expect(Redaction.auditSource("s.xml:4 SubjectData[@SubjectKey='P001']/IG.LABS", patientID: nil)
            == "s.xml:4 SubjectData[@SubjectKey='*']/IG.LABS")
        #expect(Redaction.auditSource("s.xml:4 SubjectData[@SubjectKey=\"X\"] and 'P001'", patientID: "P001")
            == "s.xml:4 SubjectData[@SubjectKey=\"*\"] and '*'")
    }

    @Test("Text bound for analysts' files: every SubjectKey masked, the row's patient ID masked where a sentence names it (SPEC 7)")
    func analystText() {
        // A derive line's `before` lists the rows it used, with their ODM paths.
        #expect(Redaction.analystText("rows: lenalidomide 2012-05-21 (s04.xml:725 SubjectData[@SubjectKey='P0005']/X); dex (s04.xml:726 SubjectData[@SubjectKey='P0005']/Y)", patientID: nil)
            == "rows: lenalidomide 2012-05-21 (s04.xml:725 SubjectData[@SubjectKey='*']/X); dex (s04.xml:726 SubjectData[@SubjectKey='*']/Y)")
        #expect(Redaction.analystText("patients.csv:3: patient P001 of site S01 already has a patients row", patientID: "P001")
            == "patients.csv:3: patient * of site S01 already has a patients row")
        // A short ID is not masked inside other words or numbers.
        #expect(Redaction.analystText("labs.csv:11: value 11 for HGB on 2021-01-11", patientID: "11")
            == "labs.csv:11: value 11 for HGB on 2021-01-11")
        #expect(Redaction.auditText("s.xml:4 SubjectData[@SubjectKey='P9']", field: "LOT 1", patientID: "P9")
            == "s.xml:4 SubjectData[@SubjectKey='*']")
    }
}
