import MMModel
import Testing
@testable import MMValidate

/// The reconciliation step (SPEC 5, issue 16): each site-vs-derived rule raised from Derive's
/// typed results alone — no record, no derivation run — with the worked example of its rule.
@Suite("Reconciliation — site-reported against derived values")
struct ReconciliationTests {
    typealias T = TestData

    @Test("LOT-001 (RULES.md 3 step 7): one query per source row, naming both lines; a steroid between lines")
    func lines() throws {
        // The Kd row of the CRF (therapies.csv:3) is recorded as line 3, derived line 2; its two
        // drugs are one query. The Rd row agrees; a steroid course between lines has no line.
        let rd = [T.therapy("lenalidomide", "2020-01-01", line: 2, siteLine: 1, regimen: "Rd"),
                  T.therapy("dexamethasone", "2020-01-01", line: 2, siteLine: 1, regimen: "Rd")]
        let kd = [T.therapy("carfilzomib", "2020-08-01", line: 3, siteLine: 3, regimen: "Kd"),
                  T.therapy("dexamethasone", "2020-08-01", line: 3, siteLine: 3, regimen: "Kd")]
        let bridge = T.therapy("dexamethasone", "2020-06-01", line: 4, siteLine: 1)
        let rows = rd.map { ResolvedExposure(exposure: $0, end: nil, lines: [1]) }
            + kd.map { ResolvedExposure(exposure: $0, end: nil, lines: [2]) }
            + [ResolvedExposure(exposure: bridge, end: nil, lines: [])]
        let findings = Reconciliation.lineFindings(rows)
        #expect(findings.map(\.rule.id) == ["LOT-001", "LOT-001"])
        let f = try #require(findings.first)
        #expect(f.source == "therapies.csv:3" && f.field == "site_line" && f.value == "3" && f.severity == .warning)
        #expect(f.message.contains("Kd starting 2020-08-01 is recorded as line 3 but the IMWG line rules derive line 2"))
        #expect(findings.last?.message.contains("derive no line (a steroid course between lines)") == true)
        // A row carried into the next line keeps its own (first) line: no query.
        let carried = ResolvedExposure(exposure: rd[0], end: nil, lines: [1, 2])
        #expect(Reconciliation.lineFindings([carried]).isEmpty)
    }

    @Test("IMWG-001 on every disagreement; IMWG-003 on a reported PD the labs contradict without clinical evidence")
    func responses() {
        let vgpr = T.assessment("2021-03-01", .vgpr, line: 5)
        let pd = T.assessment("2021-04-01", .pd, line: 6)
        var clinical = T.assessment("2021-04-01", .pd, line: 7)
        clinical.progressionType = .clinical
        let lab = T.day("2021-02-27")
        func rules(_ c: [ResponseComparison]) -> [String] { Reconciliation.responseFindings(c).map(\.rule.id) }
        // Reported VGPR, labs PR: IMWG-001 showing both.
        let f = Reconciliation.responseFindings([ResponseComparison(site: vgpr, computed: .pr, agrees: false, labDate: lab)])
        #expect(f.map(\.rule.id) == ["IMWG-001"])
        #expect(f.first?.message == "Reported response VGPR on 2021-03-01 differs from the IMWG response PR computed from the labs of 2021-02-27: review the assessment against the lab values.")
        #expect(rules([ResponseComparison(site: vgpr, computed: .vgpr, agrees: true, labDate: lab)]).isEmpty)
        // Reported PD, labs SD: both rules; with clinical progression recorded, only IMWG-001.
        #expect(rules([ResponseComparison(site: pd, computed: .sd, agrees: false, labDate: nil)]) == ["IMWG-001", "IMWG-003"])
        #expect(rules([ResponseComparison(site: clinical, computed: .sd, agrees: false, labDate: nil)]) == ["IMWG-001"])
        // Labs giving NE (or nothing) do not contradict a reported PD.
        #expect(rules([ResponseComparison(site: pd, computed: .ne, agrees: nil, labDate: nil)]).isEmpty)
        #expect(rules([ResponseComparison(site: pd, computed: nil, agrees: nil, labDate: nil)]).isEmpty)
    }

    @Test("STG-001 (RULES.md 5): a reported ISS or R-ISS that differs from the computed stage; '2' is II")
    func stages() throws {
        var patient = T.patient()
        patient.reportedISS = "I"
        patient.reportedRISS = "2"
        let findings = Reconciliation.stagingFindings([.iss: .ii, .riss: .ii, .r2iss: .iii], patient: patient, key: T.key)
        #expect(findings.map(\.field) == ["iss"])   // "2" agrees with II
        let f = try #require(findings.first)
        #expect(f.rule.id == "STG-001" && f.value == "I" && f.source == "patients.csv:2" && f.severity == .warning)
        #expect(f.message == "patients.csv:2 iss: the site reports ISS I but the baseline values give ISS II; review B2M, albumin, LDH and cytogenetics at index.")
        // An unreadable reported stage differs; a stage not computed (outside the population) is not compared.
        patient.reportedRISS = "stage three"
        #expect(Reconciliation.stagingFindings([.riss: .ii], patient: patient, key: T.key).map(\.field) == ["riss"])
        #expect(Reconciliation.stagingFindings([:], patient: patient, key: T.key).isEmpty)
    }

    @Test("AE-001 (RULES.md 9): an unsupported grade 3/4 haematological AE, with the lab value it needs")
    func adverseEvents() {
        var neutropenia = T.ae("Neutropenia", onset: "2021-05-10", line: 4)
        neutropenia.grade = 4
        let findings = Reconciliation.adverseEventFindings([AdverseEventLabCheck(event: neutropenia, supported: false),
                                                            AdverseEventLabCheck(event: neutropenia, supported: true)],
                                                           windowDays: 7)
        #expect(findings.count == 1)
        #expect(findings.first?.rule.id == "AE-001" && findings.first?.severity == .info && findings.first?.value == "4")
        #expect(findings.first?.message == "Grade 4 neutropenia with onset 2021-05-10 has no lab value with neutrophils below 0.5 ×10^9/L within ± 7 days: enter the lab value or review the grade.")
        #expect(Reconciliation.labLimit(.anaemia, grade: 3) == "haemoglobin below 8 g/dL")
        // A grade above what a lab can show needs the highest lab grade (anaemia 4 → 3).
        var anaemia = T.ae("Anaemia", onset: "2021-05-10", line: 5)
        anaemia.grade = 4
        #expect(Reconciliation.adverseEventFindings([AdverseEventLabCheck(event: anaemia, supported: false)], windowDays: 7)
            .first?.message.contains("Grade 4 anaemia with onset 2021-05-10 has no lab value with haemoglobin below 8 g/dL") == true)
        #expect(HaematologicalAE.anaemia.labGrade(supporting: 4) == 3 && HaematologicalAE.neutropenia.labGrade(supporting: 5) == 4)
        #expect(Reconciliation.labLimit(.thrombocytopenia, grade: 3) == "platelets below 50 ×10^9/L")
    }

    @Test("The step: every family from one SiteComparisons, added to the derivation, comparisons consumed")
    func step() {
        var pd = T.assessment("2021-04-01", .pd, line: 6)
        pd.newLesion = false
        var derivation = PatientDerivation(key: T.key, findings: [Finding(.STG002, key: T.key, table: .patients, provenance: nil,
                                                                          field: "ISS", value: "", message: "kept")])
        derivation.comparisons.lines = [ResolvedExposure(exposure: T.therapy("bortezomib", "2020-01-01", line: 2, siteLine: 2),
                                                         end: nil, lines: [1])]
        derivation.comparisons.responses = [ResponseComparison(site: pd, computed: .pr, agrees: false, labDate: nil)]
        derivation.comparisons.stages = [.iss: .i]
        var patient = T.patient()
        patient.reportedISS = "III"
        Validator(options: PipelineOptions(), today: T.today).reconcile(&derivation, record: PatientRecord(key: T.key, patient: patient))
        #expect(derivation.findings.map(\.rule.id) == ["STG-002", "LOT-001", "IMWG-001", "IMWG-003", "STG-001"])
        #expect(derivation.comparisons == SiteComparisons())
    }
}
