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

    /// A patient with many exact copies of a lab, cytogenetic, assessment, adverse-event and
    /// regimen row (SPEC 8: one patient with millions of rows): only the first of each is
    /// decoded, the copies are listed (a few bytes each), and every copy still has its own
    /// `DUP-002` finding and audit `reject` entry, as the rule has always written them — message,
    /// source, row identity, order (labs, cytogenetics, assessments, adverse events, therapies;
    /// row order within a table) — whether reported at once or a chunk at a time.
    @Test func manyCopiesAreListedNotDecodedAndEachIsReported() throws {
        let n = 40
        var labs = [T.lab(.hgb, "2020-03-01", .number(10.4), line: 2)]
        var cyto = [T.cyto(.del17p, "2018-01-05", .detected, .fish, line: 2)]
        var assessments = [T.assessment("2020-04-01", .vgpr, line: 2)]
        var aes = [T.ae("neutropenia", onset: "2020-05-01", line: 2)]
        var therapies = [T.therapy("lenalidomide", "2019-01-01", "2019-06-01", line: 2, regimen: "Rd"),
                         T.therapy("dexamethasone", "2019-01-01", "2019-06-01", line: 2, regimen: "Rd"),
                         T.therapy("bortezomib", "2020-01-01", line: 3)]
        for line in 3..<(3 + n) {
            labs.append(T.lab(.hgb, "2020-03-01", .number(10.4), line: line))
            // A row that differs (another value) is no copy, wherever it stands.
            if line == 10 { labs.append(T.lab(.alb, "2020-03-01", .number(3.5), line: 1000)) }
            cyto.append(T.cyto(.del17p, "2018-01-05", .detected, .fish, line: line))
            assessments.append(T.assessment("2020-04-01", .vgpr, line: line))
            aes.append(T.ae("neutropenia", onset: "2020-05-01", line: line))
            therapies.append(T.therapy("lenalidomide", "2019-01-01", "2019-06-01", line: line + 1, regimen: "Rd"))
            therapies.append(T.therapy("dexamethasone", "2019-01-01", "2019-06-01", line: line + 1, regimen: "Rd"))
        }
        therapies.append(T.therapy("bortezomib", "2020-01-01", line: 500))
        let record = PatientRecord(key: T.key, patient: T.patient(), labs: labs, cytogenetics: cyto, therapies: therapies,
                                   assessments: assessments, adverseEvents: aes)

        // Read as a run reads it: the first of each is decoded, the copies only listed.
        let read = T.folded(record)
        #expect(read.labs.map(\.provenance.line) == [2, 1000])
        #expect(read.cytogenetics.count == 1 && read.assessments.count == 1 && read.adverseEvents.count == 1)
        #expect(read.therapies.map(\.provenance.line) == [2, 2, 3])
        let copies = try #require(read.copies)
        #expect(copies.labs.count == n && copies.labs.originals.count == 1)
        #expect(copies.therapies.count == 2 * n + 1 && copies.therapies.rows == n + 1)

        // What the rule has always reported, copy by copy.
        func expected(_ table: String, _ file: String, _ lines: [Int], first: Int, field: String, value: String,
                      what: String, rowKey: String) -> [(String, String, String, String, String, String)] {
            lines.map { line in
                (table, "\(file):\(line)", field, value,
                 "\(file):\(line): this row repeats \(file):\(first) exactly (\(what)); the copy is ignored — remove the repeated row.",
                 rowKey)
            }
        }
        let lines = Array(3..<(3 + n))
        let reference = expected("labs", "labs.csv", lines, first: 2, field: "test", value: "HGB", what: "HGB on 2020-03-01",
                                 rowKey: "2020-03-01 HGB")
            + expected("cytogenetics", "cytogenetics.csv", lines, first: 2, field: "abnormality", value: "DEL17P",
                       what: "DEL17P on 2018-01-05", rowKey: "2018-01-05 DEL17P")
            + expected("assessments", "assessments.csv", lines, first: 2, field: "date", value: "2020-04-01",
                       what: "the assessment of 2020-04-01", rowKey: "2020-04-01")
            + expected("adverse_events", "adverse_events.csv", lines, first: 2, field: "term", value: "neutropenia",
                       what: "the adverse event 'neutropenia'", rowKey: "neutropenia 2020-05-01")
            + expected("therapies", "therapies.csv", lines.map { $0 + 1 }, first: 2, field: "regimen", value: "Rd",
                       what: "Rd started 2019-01-01", rowKey: "2019-01-01 Rd")
            + expected("therapies", "therapies.csv", [500], first: 3, field: "drug", value: "bortezomib",
                       what: "bortezomib started 2020-01-01", rowKey: "2020-01-01 bortezomib")

        let (_, log) = T.validate(record)
        let got = log.findings.map { ($0.table?.rawValue ?? "", $0.source, $0.field, $0.value, $0.message, $0.rowKey) }
        #expect(got.count == reference.count)
        for (g, r) in zip(got, reference) { #expect(g == r) }
        #expect(log.findings.allSatisfy { $0.rule == .DUP002 && $0.subjectID == "P001" })
        #expect(log.audit.map { "\($0.action) \($0.table) \($0.source) \($0.field) \($0.rule?.text ?? "")" }
            == reference.map { "reject \($0.0) \($0.1) \($0.2) DUP-002" })
        #expect(log.audit.allSatisfy { $0.key == T.key })
        #expect(log.rejectedRows == ["labs": n, "cytogenetics": n, "assessments": n, "adverse_events": n, "therapies": n + 1])

        // Deferred, then reported 7 at a time: the same findings and entries, in the same order.
        let validator = Validator(options: PipelineOptions(), today: T.today)
        var deferred = StageLog()
        _ = validator.validate(read, log: &deferred, deferringCopies: true)
        #expect(deferred.findings.isEmpty && deferred.audit.isEmpty)
        #expect(deferred.rejectedRows == log.rejectedRows)
        var chunks: [Int] = []
        validator.reportCopies(copies, key: T.key, chunk: 7) { f, a in
            chunks.append(f.count)
            deferred.findings += f
            deferred.audit += a
        }
        #expect(chunks.allSatisfy { $0 <= 7 })
        #expect(deferred.findings == log.findings)
        #expect(deferred.audit == log.audit)
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
