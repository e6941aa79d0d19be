import Testing
import MMModel
@testable import MMDerive

@Suite("PatientDeriver — the whole derivation of one patient")
struct PatientDeriverTests {
    static let birth = Day(year: 1950, month: 6, day: 15)

    func record(therapies: [TherapyExposure]) -> PatientRecord {
        var p = Patient(key: lotKey, sex: .female, birthDate: Self.birth, diagnosisDate: dayN(-30),
                        heavyChain: .igG, lightChain: .kappa, ecog: 1, weightKg: 60, lastContactDate: dayN(900),
                        provenance: Provenance(file: "patients.csv", line: 2))
        p.reportedISS = "III"
        p.extramedullary = true
        let pd = { (d: Int) in
            Assessment(key: lotKey, date: dayN(d), response: .pd, provenance: Provenance(file: "assessments.csv", line: d))
        }
        return PatientRecord(key: lotKey, patient: p,
                             labs: [labAt(.b2m, 610, 4.1), labAt(.alb, 610, 3.2), labAt(.ldh, 610, 300, uln: 250),
                                    labAt(.creat, 610, 1.0), labAt(.hgb, 610, 10.5), labAt(.b2m, 500, 9.9)],
                             cytogenetics: [cyto(.del17p, -20, .detected)],
                             therapies: therapies, assessments: [pd(290), pd(590)])
    }

    var options: PipelineOptions {
        PipelineOptions(studyID: "ISAPD", indexRegimen: IndexRegimen(allOf: ["isatuximab", "pomalidomide"]))
    }

    let history = regimen(["D", "R", "d"], 0, 300, label: "DRd") + regimen(["K", "R", "d"], 310, 600, label: "KRd")
        + regimen(["Isa", "P", "d"], 620, nil, label: "IsaPd")

    @Test("DISSTAT (RULES.md 7 version 2): hypercalcaemia drawn on the index date makes the relapse symptomatic")
    func symptomaticOnIndexDateLabs() throws {
        // DRd 0–300 with a PR, a reported PD on day 450 (more than 60 days after the last dose), IsaPd
        // from day 500; calcium 11.8 mg/dL on the index date, no assessment within 7 days of it.
        func disstat(calciumDay: Int) throws -> DiseaseStatus? {
            var r = record(therapies: regimen(["D", "R", "d"], 0, 300, label: "DRd") + regimen(["Isa", "P", "d"], 500, nil, label: "IsaPd"))
            // A confirmed PR on the line (days 100 and 130), then the PD: not refractory by nonresponse.
            r.assessments = [(100, ResponseCategory.pr), (130, .pr), (450, .pd)].map { d, c in
                Assessment(key: lotKey, date: dayN(d), response: c, provenance: Provenance(file: "assessments.csv", line: d))
            }
            r.labs = [labAt(.hgb, 0, 12.0), labAt(.ca, calciumDay, 11.8)]
            return try #require(PatientDeriver(options: options).derive(r).adsl).DISSTAT
        }
        #expect(try disstat(calciumDay: 500) == .symptomaticRelapse)
        #expect(try disstat(calciumDay: 520) == .biochemicalRelapse)
    }

    @Test("IsaPd as the third line: ADSL and ADLOT from reported progressions")
    func thirdLine() throws {
        let r = record(therapies: history)
        let out = PatientDeriver(options: options).derive(r)
        let adsl = try #require(out.adsl)
        #expect(out.lines.map(\.LOT) == [1, 2, 3])
        #expect(out.lines.map(\.STARTRSN) == ["FIRST", "PROGRESSION", "PROGRESSION"])
        #expect(out.lines.map(\.INDEXFL) == [false, false, true])
        #expect(out.lines.map(\.REGLBL) == ["DRd", "KRd", "IsaPd"])
        #expect(out.lines[0].CLASSES == "ANTI_CD38+IMID+STEROID")
        #expect(adsl.INDEXDT == dayN(620) && adsl.INDEXLOT == 3 && adsl.PRIORLOT == 2 && adsl.PRASCTFL == false)
        #expect(adsl.INDEXREG == "dexamethasone+isatuximab+pomalidomide")
        let expectedAge = dayN(620).completedYears(since: try #require(Self.birth))
        #expect(adsl.AGE == 71 && expectedAge == 71 && adsl.AGEGR1 == ">=70")
        #expect(adsl.SEX == "F" && adsl.ISOTYPE == "IgG kappa" && adsl.ECOG == 1 && adsl.DIAGDT == dayN(-30))
        #expect(adsl.EMDFL == true)
        #expect(adsl.B2M == 4.1 && adsl.ALB == 3.2 && adsl.LDH == 300 && adsl.LDHHIFL == true)
        #expect(adsl.ISS == .ii && adsl.RISS == .ii && adsl.R2ISS == .iv)
        #expect(adsl.DEL17PFL == true && adsl.T414FL == nil && adsl.CYTORISK == .high)
        #expect(adsl.CRCL != nil && adsl.CRCL60FL != nil)
        #expect(adsl.DISSTAT == .refractory)
        #expect(adsl.LENRFL == true && adsl.DARARFL == true && adsl.CARRFL == true && adsl.POMEXFL == false)
        #expect(adsl.TCEFL == true && adsl.TCRFL == true && adsl.QUADRFL == false && adsl.CD38GAP == 320)
        #expect(adsl.CD38LSTFL == false)
        #expect(adsl.DTHFL == false && adsl.LSTALVDT == dayN(900))
        #expect(out.reconciledFindings(patient: r.patient).contains { $0.rule.id == "STG-001" })   // reported III vs computed II
        #expect(!out.findings.contains { $0.rule.id == "LOT-003" })
    }

    @Test("No index regimen: outside the analysis population, LOT-003, no dataset rows")
    func noIndex() {
        let out = PatientDeriver(options: options).derive(record(therapies: Array(history.prefix(6))))
        #expect(out.adsl == nil)
        #expect(out.lines.isEmpty)
        #expect(out.findings.contains { $0.rule.id == "LOT-003" && $0.severity == .info })
    }

    @Test("ISOTYPE wording", arguments: [
        (HeavyChain?.some(.igA), LightChain?.some(.lambda), String?.some("IgA lambda")),
        (HeavyChain.none, .kappa, "light chain kappa"), (.igG, nil, "IgG"), (nil, .kappa, nil),
    ] as [(HeavyChain?, LightChain?, String?)])
    func isotypes(_ h: HeavyChain?, _ l: LightChain?, _ expected: String?) {
        #expect(isotype(heavy: h, light: l) == expected)
    }
}
