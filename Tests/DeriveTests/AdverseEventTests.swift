@testable import MMDerive
import MMModel
import MMValidate
import Testing

/// Treatment-emergent flag and the CTCAE v5 lab cross-check (RULES.md 9).
@Suite("RULES.md 9 adverse events")
struct AdverseEventTests {
    func ae(_ term: String, grade: Int?, onset: Int?) -> AdverseEvent {
        AdverseEvent(key: testKey, term: term, grade: grade, onsetDate: onset.map(day), provenance: prov(5, "adverse_events.csv"))
    }

    @Test("RULES 9 TRTEMFL: onset ≥ index and ≤ last dose + 30 days", arguments: [
        (-1, false), (0, true), (130, true), (131, false),
    ])
    func treatmentEmergent(onset: Int, expected: Bool) {
        // Index day 0, last dose of the index line day 100.
        #expect(isTreatmentEmergent(onset: day(onset), indexDate: day(0), indexLineLastDose: day(100), days: 30) == expected)
    }

    @Test("RULES 9 TRTEMFL without index or onset is empty; ongoing index line has no upper limit")
    func treatmentEmergentEdges() {
        #expect(isTreatmentEmergent(onset: nil, indexDate: day(0), indexLineLastDose: nil, days: 30) == nil)
        #expect(isTreatmentEmergent(onset: day(5), indexDate: nil, indexLineLastDose: nil, days: 30) == nil)
        #expect(isTreatmentEmergent(onset: day(5000), indexDate: day(0), indexLineLastDose: nil, days: 30) == true)
    }

    @Test("RULES 9 CTCAE v5 lab grades at every threshold", arguments: [
        (HaematologicalAE.neutropenia, 1.5, 0), (.neutropenia, 1.49, 2), (.neutropenia, 1.0, 2), (.neutropenia, 0.99, 3),
        (.neutropenia, 0.5, 3), (.neutropenia, 0.49, 4),
        (.thrombocytopenia, 75, 0), (.thrombocytopenia, 74, 2), (.thrombocytopenia, 50, 2), (.thrombocytopenia, 49, 3),
        (.thrombocytopenia, 25, 3), (.thrombocytopenia, 24, 4),
        (.anaemia, 10, 0), (.anaemia, 9.9, 2), (.anaemia, 8, 2), (.anaemia, 7.9, 3),
    ])
    func ctcae(kind: HaematologicalAE, value: Double, grade: Int) {
        #expect(ctcaeLabGrade(kind, value: .number(value), lln: nil) == grade)
    }

    @Test("RULES 9 below LLN is grade 1; `<x` is below x")
    func gradeOneAndBelowDetection() {
        #expect(ctcaeLabGrade(.neutropenia, value: .number(1.7), lln: 1.8) == 1)
        #expect(ctcaeLabGrade(.neutropenia, value: .belowDetection(0.5), lln: nil) == 4)
    }

    @Test("RULES 9 AE terms match case-insensitively")
    func terms() {
        #expect(HaematologicalAE(term: "NEUTROPENIA") == .neutropenia)
        #expect(HaematologicalAE(term: "Neutrophil count decreased") == .neutropenia)
        #expect(HaematologicalAE(term: "Febrile neutropenia") == .neutropenia)
        #expect(HaematologicalAE(term: "Platelet count decreased") == .thrombocytopenia)
        #expect(HaematologicalAE(term: "Anemia") == .anaemia)
        #expect(HaematologicalAE(term: "Nausea") == nil)
    }

    @Test("RULES 9 AE-001: grade ≥ 3 haematological AE without a lab reaching the grade within ± 7 days")
    func labCrossCheckFinding() {
        func findings(_ event: AdverseEvent, _ labs: [LabResult]) -> [Finding] {
            adverseEventRows(record: patientRecord(labs: labs, adverseEvents: [event]), indexDate: day(0),
                             indexLineLastDose: day(100), options: AdverseEventOptions()).labChecks
                .flatMap { Reconciliation.adverseEventFindings([$0], windowDays: 7) }
        }
        let neutropenia = ae("Neutropenia", grade: 3, onset: 10)
        #expect(findings(neutropenia, [lab(17, .anc, 0.9)]).isEmpty)
        #expect(findings(neutropenia, [lab(3, .anc, 0.9)]).isEmpty)
        #expect(findings(neutropenia, [lab(18, .anc, 0.9)]).map(\.rule.id) == ["AE-001"])
        #expect(findings(neutropenia, [lab(10, .anc, 1.0)]).map(\.rule.id) == ["AE-001"])
        #expect(findings(neutropenia, []).first?.severity == .info)
        #expect(findings(ae("Neutropenia", grade: 4, onset: 10), [lab(10, .anc, 0.6)]).count == 1)
        #expect(findings(ae("Neutropenia", grade: 2, onset: 10), []).isEmpty)
        #expect(findings(ae("Anaemia", grade: 4, onset: 10), [lab(10, .hgb, 7.9)]).isEmpty)
        #expect(findings(ae("Nausea", grade: 3, onset: 10), []).isEmpty)
        #expect(findings(ae("Thrombocytopenia", grade: 3, onset: 10), [lab(10, .plt, 49, excluded: true)]).count == 1)
    }

    @Test("RULES 9 ADAE rows carry the AE and its TRTEMFL")
    func rows() {
        let record = patientRecord(adverseEvents: [ae("Nausea", grade: 2, onset: 140), ae("Fatigue", grade: 1, onset: 20)])
        let rows = adverseEventRows(record: record, indexDate: day(0), indexLineLastDose: day(100),
                                    options: AdverseEventOptions()).rows
        #expect(rows.map(\.AETERM) == ["Nausea", "Fatigue"])
        #expect(rows.map(\.TRTEMFL) == [false, true])
        #expect(rows.map(\.AETOXGR) == [2, 1])
    }
}
