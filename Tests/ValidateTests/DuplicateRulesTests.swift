import MMModel
import Testing
@testable import MMValidate

/// `DUP-002` and `DUP-003` (SPEC 5 DUP; RULES.md 2.2: the same test twice on one date — the
/// first row in file order is used, with a DUP finding showing both values).
@Suite struct DuplicateRulesTests {
    typealias T = TestData

    @Test func identicalLabRowIsIgnoredAsACopy() {
        let record = PatientRecord(key: T.key, patient: T.patient(), labs: [
            T.lab(.hgb, "2020-03-01", .number(10.4), line: 2),
            T.lab(.hgb, "2020-03-01", .number(10.4), line: 3),
        ])
        let (clean, log) = T.validate(record)
        #expect(log.expected == [Expected(.DUP002, "test", "HGB", "labs.csv:3")])
        #expect(clean.labs.map(\.provenance.line) == [2])
        #expect(log.rejectedRows["labs"] == 1)
        #expect(log.findings[0].message.contains("labs.csv:2"))
    }

    /// A repeated regimen row expands to one exposure per drug: one finding, one rejected row.
    @Test func repeatedRegimenRowIsOneFinding() {
        let record = PatientRecord(key: T.key, patient: T.patient(), therapies: [
            T.therapy("lenalidomide", "2019-01-01", "2019-06-01", line: 2, regimen: "Rd"),
            T.therapy("dexamethasone", "2019-01-01", "2019-06-01", line: 2, regimen: "Rd"),
            T.therapy("lenalidomide", "2019-01-01", "2019-06-01", line: 3, regimen: "Rd"),
            T.therapy("dexamethasone", "2019-01-01", "2019-06-01", line: 3, regimen: "Rd"),
        ])
        let (clean, log) = T.validate(record)
        #expect(log.expected == [Expected(.DUP002, "regimen", "Rd", "therapies.csv:3")])
        #expect(clean.therapies.count == 2)
        #expect(log.rejectedRows["therapies"] == 1)
    }

    @Test(arguments: [
        // Same test, different dates; different tests, same date; same test and date but excluded by unit_mismatch.
        [T.lab(.hgb, "2020-03-01", .number(10.4), line: 2), T.lab(.hgb, "2020-03-02", .number(9.8), line: 3)],
        [T.lab(.hgb, "2020-03-01", .number(10.4), line: 2), T.lab(.alb, "2020-03-01", .number(3.5), line: 3)],
    ])
    func distinctLabsPass(_ labs: [LabResult]) {
        let (clean, log) = T.validate(PatientRecord(key: T.key, patient: T.patient(), labs: labs))
        #expect(log.findings.isEmpty)
        #expect(clean.labs.count == 2)
    }

    struct Conflict: Sendable, CustomStringConvertible {
        var name: String
        var record: PatientRecord
        var expected: Expected
        var shows: [String]
        var description: String { name }
    }

    static let conflicts: [Conflict] = [
        Conflict(name: "lab value", record: PatientRecord(key: T.key, patient: T.patient(), labs: [
            T.lab(.hgb, "2020-03-01", .number(10.4), line: 2), T.lab(.hgb, "2020-03-01", .number(9.8), line: 5),
        ]), expected: Expected(.DUP003, "value", "9.8 g/dL", "labs.csv:5"), shows: ["9.8 g/dL", "10.4 g/dL", "labs.csv:2"]),
        Conflict(name: "lab ULN", record: PatientRecord(key: T.key, patient: T.patient(), labs: [
            T.lab(.ldh, "2020-03-01", .number(300), line: 2, uln: 250), T.lab(.ldh, "2020-03-01", .number(300), line: 3, uln: 480),
        ]), expected: Expected(.DUP003, "uln", "480", "labs.csv:3"), shows: ["480", "250"]),
        Conflict(name: "assessment response", record: PatientRecord(key: T.key, patient: T.patient(), assessments: [
            T.assessment("2020-04-01", .cr, line: 2), T.assessment("2020-04-01", .vgpr, line: 3),
        ]), expected: Expected(.DUP003, "response", "VGPR", "assessments.csv:3"), shows: ["VGPR", "CR"]),
        Conflict(name: "cytogenetic result", record: PatientRecord(key: T.key, patient: T.patient(), cytogenetics: [
            T.cyto(.del17p, "2018-01-05", .detected, .fish, line: 2), T.cyto(.del17p, "2018-01-05", .notDetected, .fish, line: 3),
        ]), expected: Expected(.DUP003, "result", "NOT_DETECTED", "cytogenetics.csv:3"), shows: ["NOT_DETECTED", "DETECTED"]),
    ]

    @Test(arguments: conflicts)
    func conflictKeepsTheFirstRowAndShowsBothValues(_ c: Conflict) throws {
        let (clean, log) = T.validate(c.record)
        #expect(log.expected == [c.expected])
        let message = try #require(log.findings.first?.message)
        for s in c.shows { #expect(message.contains(s), "\(message)") }
        // The first row in file order is the one kept.
        let lines = clean.labs.map(\.provenance.line) + clean.assessments.map(\.provenance.line)
            + clean.cytogenetics.map(\.provenance.line)
        #expect(lines == [2])
        #expect(log.rejectedRows.values.reduce(0, +) == 1)
    }

    @Test func sameAbnormalityByAnotherMethodIsNoConflict() {
        let record = PatientRecord(key: T.key, patient: T.patient(), cytogenetics: [
            T.cyto(.del17p, "2018-01-05", .detected, .fish, line: 2), T.cyto(.del17p, "2018-01-05", .notDetected, .karyotype, line: 3),
        ])
        let (clean, log) = T.validate(record)
        #expect(log.findings.isEmpty)
        #expect(clean.cytogenetics.count == 2)
    }

    @Test func assessmentsOnDifferentDatesPass() {
        let record = PatientRecord(key: T.key, patient: T.patient(), assessments: [
            T.assessment("2020-04-01", .cr, line: 2), T.assessment("2020-04-02", .vgpr, line: 3),
        ])
        let (_, log) = T.validate(record)
        #expect(log.findings.isEmpty)
    }
}
