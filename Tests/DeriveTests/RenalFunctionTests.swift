import Testing
import MMModel
@testable import MMDerive

@Suite("Renal function (RULES.md 6, Cockcroft–Gault 1976, CKD-EPI 2021)")
struct RenalFunctionTests {
    @Test("Cockcroft–Gault worked numbers: man 68.06, woman 57.85")
    func cockcroft() {
        let man = cockcroftGault(age: 70, weightKg: 70, creatinine: 1.0, sex: .male)
        let woman = cockcroftGault(age: 70, weightKg: 70, creatinine: 1.0, sex: .female)
        #expect((man * 100).rounded() / 100 == 68.06)
        #expect((woman * 100).rounded() / 100 == 57.85)
    }

    @Test("CKD-EPI 2021 worked number: man 60 y, Scr 1.0 → 86.2")
    func ckdEpi() {
        #expect(roundedOneDecimal(ckdEpi2021(age: 60, creatinine: 1.0, sex: .male)) == 86.2)
        #expect(ckdEpi2021(age: 60, creatinine: 1.0, sex: .female) < ckdEpi2021(age: 60, creatinine: 0.6, sex: .female))
    }

    @Test("CRCL one decimal, half away from zero", arguments: [(68.05, 68.1), (68.0555, 68.1), (57.8475, 57.8), (59.95, 60.0), (0.25, 0.3)])
    func rounding(_ x: Double, _ r: Double) {
        #expect(roundedOneDecimal(x) == r)
    }

    func patient(weight: Double?, sex: Sex = .male) -> Patient {
        Patient(key: lotKey, sex: sex, birthDate: Day(year: 1950, month: 6, day: 15), weightKg: weight,
                provenance: Provenance(file: "patients.csv", line: 2))
    }

    @Test("Age in completed years at the sample date; CRCL60FL = CrCl < 60")
    func atSampleDate() throws {
        // Sample on 2020-06-14: 69 years old (birthday the next day).
        let creat = LabResult(key: lotKey, date: try #require(Day(iso: "2020-06-14")), test: .creat, value: .number(1.0),
                              provenance: Provenance(file: "labs.csv", line: 9))
        let r = renalFunction(creatinine: creat, patient: patient(weight: 70), fallback: .none, key: lotKey)
        #expect(r.crcl == roundedOneDecimal(71.0 * 70 / 72))   // (140 − 69) × 70 / 72 = 69.03
        #expect(r.below60 == false)
        let w = renalFunction(creatinine: creat, patient: patient(weight: 70, sex: .female), fallback: .none, key: lotKey)
        #expect(w.crcl == 58.7)
        #expect(w.below60 == true)
    }

    @Test("No weight: empty CRCL and STG-004 naming weight_kg; ckd_epi_2021 fallback fills it")
    func fallback() throws {
        let creat = LabResult(key: lotKey, date: try #require(Day(iso: "2010-06-15")), test: .creat, value: .number(1.0),
                              provenance: Provenance(file: "labs.csv", line: 9))
        let none = renalFunction(creatinine: creat, patient: patient(weight: nil), fallback: .none, key: lotKey)
        #expect(none.crcl == nil && none.below60 == nil)
        #expect(none.findings.map(\.rule.id) == ["STG-004"])
        #expect(none.findings.first?.field == "weight_kg")
        #expect(none.findings.first?.message.contains("weight_kg") == true)
        let ckd = renalFunction(creatinine: creat, patient: patient(weight: nil), fallback: .ckdEpi2021, key: lotKey)
        #expect(ckd.crcl == 86.2 && ckd.method == "ckd_epi_2021" && ckd.findings.isEmpty)
        let noCreat = renalFunction(creatinine: nil, patient: patient(weight: 70), fallback: .none, key: lotKey)
        #expect(noCreat.crcl == nil && noCreat.findings.first?.message.contains("creatinine") == true)
    }
}

@Suite("CRCL60FL threshold (RULES.md 6: CrCl < 60)")
struct CrCl60Tests {
    @Test("Exactly 60.0 mL/min is not < 60; 59.9 is", arguments: [(72.0, 60.0, false), (71.9, 59.9, true)])
    func threshold(_ weight: Double, _ crcl: Double, _ below: Bool) throws {
        // 80 years old at the sample date, man, creatinine 1.0: CrCl = 60 × weight / 72.
        let patient = Patient(key: lotKey, sex: .male, birthDate: Day(year: 1930, month: 6, day: 15), weightKg: weight,
                              provenance: Provenance(file: "patients.csv", line: 2))
        let creat = LabResult(key: lotKey, date: try #require(Day(iso: "2010-06-15")), test: .creat, value: .number(1.0),
                              provenance: Provenance(file: "labs.csv", line: 9))
        let r = renalFunction(creatinine: creat, patient: patient, fallback: .none, key: lotKey)
        #expect(r.crcl == crcl)
        #expect(r.below60 == below)
    }
}
