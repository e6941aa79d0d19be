import MMModel
import Testing
@testable import MMValidate

/// The `CHR` family (SPEC 5 CHR; RULES.md 3 step 1, 4, 8): a failing and a passing example
/// of every rule, with the edge at each comparison (same day / one day past).
@Suite struct ChronologyRulesTests {
    typealias T = TestData

    struct Case: Sendable, CustomStringConvertible {
        var name: String
        var record: PatientRecord
        var expected: [Expected]
        var description: String { name }

        init(_ name: String, patient: Patient = T.patient(), labs: [LabResult] = [], therapies: [TherapyExposure] = [],
             assessments: [Assessment] = [], cytogenetics: [CytogeneticResult] = [], aes: [AdverseEvent] = [],
             _ expected: [Expected]) {
            self.name = name
            record = PatientRecord(key: T.key, patient: patient, labs: labs, cytogenetics: cytogenetics,
                                   therapies: therapies, assessments: assessments, adverseEvents: aes)
            self.expected = expected
        }
    }

    static let dead = T.patient(death: "2022-06-30", lastContact: "2022-06-30")
    static let asct = T.therapy("ASCT", "2021-06-01", line: 5, setting: .conditioning)

    static let cases: [Case] = [
        // CHR-001: birth < diagnosis.
        Case("CHR-001 birth on the diagnosis date", patient: T.patient(birth: "2018-01-10"),
             [Expected(.CHR001, "birth_date", "", "patients.csv:2")]),
        Case("CHR-001 birth after diagnosis", patient: T.patient(birth: "2018-01-11"),
             [Expected(.CHR001, "birth_date", "", "patients.csv:2")]),
        Case("CHR-001 passes: birth the day before diagnosis", patient: T.patient(birth: "2018-01-09"), []),

        // CHR-002 / CHR-010: therapy before diagnosis (2018-01-10).
        Case("CHR-002 steroid the day before diagnosis", therapies: [T.therapy("dexamethasone", "2018-01-09", "2018-01-20", line: 3)],
             [Expected(.CHR002, "start_date", "2018-01-09", "therapies.csv:3")]),
        Case("CHR-010 first anti-myeloma drug before diagnosis",
             therapies: [T.therapy("lenalidomide", "2018-01-09", "2018-06-01", line: 3)],
             [Expected(.CHR010, "diagnosis_date", "2018-01-10", "patients.csv:2"),
              Expected(.CHR002, "start_date", "2018-01-09", "therapies.csv:3")]),
        Case("CHR-002/010 pass: first dose on the diagnosis date",
             therapies: [T.therapy("lenalidomide", "2018-01-10", "2018-06-01", line: 3)], []),

        // CHR-003: end < start.
        Case("CHR-003 therapy ends the day before it starts",
             therapies: [T.therapy("lenalidomide", "2019-02-01", "2019-01-31", line: 3)],
             [Expected(.CHR003, "end_date", "2019-01-31", "therapies.csv:3")]),
        Case("CHR-003 passes: one-day therapy", therapies: [T.therapy("lenalidomide", "2019-02-01", "2019-02-01", line: 3)], []),
        Case("CHR-003 adverse event ends before onset", aes: [T.ae("Neutropenia", onset: "2019-03-10", end: "2019-03-09", line: 2)],
             [Expected(.CHR003, "end_date", "2019-03-09", "adverse_events.csv:2")]),
        Case("CHR-003 passes: adverse event ends on onset", aes: [T.ae("Neutropenia", onset: "2019-03-10", end: "2019-03-10", line: 2)], []),

        // CHR-012: nothing before birth (1950-03-01) nor before 1900 (issue 18).
        Case("CHR-012 lab the day before birth", labs: [T.lab(.hgb, "1950-02-28", .number(9), line: 4)],
             [Expected(.CHR012, "date", "1950-02-28", "labs.csv:4")]),
        Case("CHR-012 passes: lab on the birth date", labs: [T.lab(.hgb, "1950-03-01", .number(9), line: 4)], []),
        Case("CHR-012 assessment in 1899, birth date unknown", patient: T.patient(birth: nil),
             assessments: [T.assessment("1899-12-31", .pd, line: 2)], [Expected(.CHR012, "date", "1899-12-31", "assessments.csv:2")]),
        Case("CHR-012 adverse event before birth", aes: [T.ae("Sepsis", onset: "1880-07-01", line: 2)],
             [Expected(.CHR012, "onset_date", "1880-07-01", "adverse_events.csv:2")]),

        // CHR-004: nothing after death (2022-06-30).
        Case("CHR-004 lab the day after death", patient: dead, labs: [T.lab(.hgb, "2022-07-01", .number(9), line: 4)],
             [Expected(.CHR004, "date", "2022-07-01", "labs.csv:4")]),
        Case("CHR-004 passes: lab on the day of death", patient: dead, labs: [T.lab(.hgb, "2022-06-30", .number(9), line: 4)], []),
        Case("CHR-004 assessment after death", patient: dead, assessments: [T.assessment("2022-07-15", .pd, line: 2)],
             [Expected(.CHR004, "date", "2022-07-15", "assessments.csv:2")]),
        Case("CHR-004 cytogenetics after death", patient: dead, cytogenetics: [T.cyto(.t4_14, "2022-07-02", .detected, .fish, line: 2)],
             [Expected(.CHR004, "date", "2022-07-02", "cytogenetics.csv:2")]),
        Case("CHR-004 therapy starts after death", patient: dead, therapies: [T.therapy("bortezomib", "2022-07-01", line: 3)],
             [Expected(.CHR004, "start_date", "2022-07-01", "therapies.csv:3")]),
        Case("CHR-004 therapy ends after death", patient: dead,
             therapies: [T.therapy("bortezomib", "2022-01-01", "2022-07-01", line: 3, stop: .death)],
             [Expected(.CHR004, "end_date", "2022-07-01", "therapies.csv:3")]),
        Case("CHR-004 adverse event after death", patient: dead, aes: [T.ae("Sepsis", onset: "2022-07-01", line: 2)],
             [Expected(.CHR004, "onset_date", "2022-07-01", "adverse_events.csv:2")]),
        Case("CHR-004 last contact after death", patient: T.patient(death: "2022-06-30", lastContact: "2022-07-01"),
             [Expected(.CHR004, "last_contact_date", "2022-07-01", "patients.csv:2")]),

        // CHR-005: last contact ≥ every dated event (living patients).
        Case("CHR-005 lab the day after last contact", patient: T.patient(lastContact: "2022-01-01"),
             labs: [T.lab(.hgb, "2022-01-02", .number(11), line: 4)],
             [Expected(.CHR005, "last_contact_date", "2022-01-01", "patients.csv:2")]),
        Case("CHR-005 passes: lab on the last contact date", patient: T.patient(lastContact: "2022-01-01"),
             labs: [T.lab(.hgb, "2022-01-01", .number(11), line: 4)], []),

        // CHR-006: no future dates (today 2026-01-01).
        Case("CHR-006 lab the day after the run", patient: T.patient(lastContact: "2026-01-01"),
             labs: [T.lab(.hgb, "2026-01-02", .number(11), line: 4)],
             [Expected(.CHR006, "date", "2026-01-02", "labs.csv:4")]),
        Case("CHR-006 passes: lab on the day of the run", patient: T.patient(lastContact: "2026-01-01"),
             labs: [T.lab(.hgb, "2026-01-01", .number(11), line: 4)], []),
        Case("CHR-006 last contact in the future", patient: T.patient(lastContact: "2026-01-02"),
             [Expected(.CHR006, "last_contact_date", "2026-01-02", "patients.csv:2")]),
        Case("CHR-006 birth date in the future (value withheld)", patient: T.patient(birth: "2026-02-01"),
             [Expected(.CHR006, "birth_date", "", "patients.csv:2")]),
        Case("CHR-006 therapy end in the future", patient: T.patient(lastContact: "2025-12-01"),
             therapies: [T.therapy("lenalidomide", "2025-06-01", "2026-03-01", line: 3)],
             [Expected(.CHR006, "end_date", "2026-03-01", "therapies.csv:3")]),

        // CHR-007: transplant (2021-06-01) during induction.
        Case("CHR-007 induction drug still given on the transplant day",
             therapies: [T.therapy("lenalidomide", "2021-01-01", "2021-06-01", line: 3, setting: .induction), asct],
             [Expected(.CHR007, "start_date", "2021-06-01", "therapies.csv:5")]),
        Case("CHR-007 passes: induction ended the day before",
             therapies: [T.therapy("lenalidomide", "2021-01-01", "2021-05-31", line: 3, setting: .induction), asct], []),
        Case("CHR-007 induction drug with no end date",
             therapies: [T.therapy("bortezomib", "2021-01-01", line: 3, setting: .induction), asct],
             [Expected(.CHR007, "start_date", "2021-06-01", "therapies.csv:5")]),
        Case("CHR-007 drug started 28 days before, not ended",
             therapies: [T.therapy("bortezomib", "2021-05-04", line: 3), asct],
             [Expected(.CHR007, "start_date", "2021-06-01", "therapies.csv:5")]),
        Case("CHR-007 passes: drug started 29 days before",
             therapies: [T.therapy("bortezomib", "2021-05-03", line: 3), asct], []),
        Case("CHR-007 passes: conditioning melphalan two days before",
             therapies: [T.therapy("melphalan", "2021-05-30", line: 3), asct], []),

        // CHR-008: missing end date on a drug that is not ongoing.
        Case("CHR-008 stopped for progression without an end date",
             therapies: [T.therapy("lenalidomide", "2019-01-01", line: 3, stop: .progression)],
             [Expected(.CHR008, "end_date", "", "therapies.csv:3")]),
        Case("CHR-008 passes: ongoing", therapies: [T.therapy("lenalidomide", "2019-01-01", line: 3, stop: .ongoing)], []),
        Case("CHR-008 passes: no stop reason, nothing later", therapies: [T.therapy("lenalidomide", "2019-01-01", line: 3)], []),
        Case("CHR-008 same drug given again later",
             therapies: [T.therapy("lenalidomide", "2019-01-01", line: 3), T.therapy("lenalidomide", "2020-01-01", "2020-06-01", line: 4)],
             [Expected(.CHR008, "end_date", "", "therapies.csv:3")]),
        Case("CHR-008 a later site_line started",
             therapies: [T.therapy("lenalidomide", "2019-01-01", line: 3, siteLine: 1),
                         T.therapy("bortezomib", "2020-01-01", "2020-06-01", line: 4, siteLine: 2)],
             [Expected(.CHR008, "end_date", "", "therapies.csv:3")]),
        Case("CHR-008 passes: transplant has no end date",
             therapies: [T.therapy("ASCT", "2019-01-01", line: 3, stop: .completed)], []),

        // CHR-009: last contact = death for the dead.
        Case("CHR-009 last contact before death", patient: T.patient(death: "2022-06-30", lastContact: "2022-06-29"),
             [Expected(.CHR009, "last_contact_date", "2022-06-29", "patients.csv:2")]),
        Case("CHR-009 passes: last contact on the death date", patient: dead, []),
    ]

    @Test(arguments: cases)
    func chronology(_ c: Case) {
        let (_, log) = T.validate(c.record)
        #expect(Set(log.expected) == Set(c.expected), "\(log.expected)")
        #expect(log.findings.count == c.expected.count)
        for f in log.findings {
            #expect(f.message.contains(f.source), "message names the source: \(f.message)")
            #expect(!f.message.contains("\n"))
        }
    }

    /// ERROR means "the value cannot be used": after one pass no unusable value is left, so
    /// a second pass raises no ERROR and rejects nothing.
    @Test(arguments: cases)
    func aSecondPassFindsNothingUnusable(_ c: Case) {
        let (clean, first) = T.validate(c.record)
        let (_, second) = T.validate(clean)
        #expect(second.findings.allSatisfy { $0.severity != .error }, "\(second.expected)")
        #expect(second.rejectedRows.isEmpty)
        // A cleared end date then reads as a missing one (CHR-008), which is why the first pass
        // remembers which ends it cleared; every other second-pass finding is a first-pass one.
        #expect(Set(second.expected.filter { $0.rule != "CHR-008" }).isSubset(of: Set(first.expected)))
    }

    @Test func rowsDatedAfterDeathAreRejectedAndCounted() {
        let record = PatientRecord(key: T.key, patient: Self.dead, labs: [
            T.lab(.hgb, "2022-06-30", .number(9), line: 3), T.lab(.hgb, "2022-07-01", .number(8), line: 4),
        ])
        let (clean, log) = T.validate(record)
        #expect(clean.labs.map(\.provenance.line) == [3])
        #expect(log.rejectedRows["labs"] == 1)
        #expect(log.audit.contains { $0.action == .reject && $0.source == "labs.csv:4" && $0.rule == "CHR-004" })
    }

    /// SPEC 4.3: with `data_cutoff` 2021-06-30 and a run on 2026-01-01, a lab of 2023 is past
    /// the study's cutoff (CHR-011 INFO, not used), a lab of 2027 is in the future (CHR-006 ERROR).
    @Test func dataCutoffAndFutureDates() {
        var options = PipelineOptions()
        options.dataCutoff = T.day("2021-06-30")
        let record = PatientRecord(key: T.key, patient: T.patient(lastContact: "2021-06-30"), labs: [
            T.lab(.hgb, "2021-06-30", .number(9), line: 3), T.lab(.hgb, "2023-02-01", .number(8), line: 4),
            T.lab(.hgb, "2027-02-01", .number(8), line: 5),
        ])
        var log = StageLog()
        let clean = Validator(options: options, today: T.day("2021-06-30"), runDate: T.today).validate(record, log: &log)
        #expect(clean.labs.map(\.provenance.line) == [3])
        #expect(log.findings.map(\.rule.id) == ["CHR-011", "CHR-006"])
        #expect(log.findings.map(\.severity) == [.info, .error])
        #expect(log.findings[0].message.contains("data_cutoff: 2021-06-30"))
        #expect(log.rejectedRows["labs"] == 2)
        // Without data_cutoff the cutoff is the day of the run: only the 2027 lab is left out
        // (and the 2023 lab, now used, is after the last contact: CHR-005).
        var plain = StageLog()
        _ = Validator(options: PipelineOptions(), today: T.today).validate(record, log: &plain)
        #expect(plain.findings.map(\.rule.id) == ["CHR-006", "CHR-005"])
        #expect(plain.rejectedRows["labs"] == 1)
    }

    /// CHR-003: the end date is dropped and the start kept; the cleared end is not then a
    /// "missing" end date (no CHR-008), and the change is an audit entry.
    @Test func endBeforeStartDropsTheEndOnly() throws {
        let record = PatientRecord(key: T.key, patient: T.patient(), therapies: [
            T.therapy("lenalidomide", "2019-02-01", "2019-01-31", line: 3, stop: .progression),
        ])
        let (clean, log) = T.validate(record)
        let t = try #require(clean.therapies.first)
        #expect(t.start == T.day("2019-02-01"))
        #expect(t.end == nil)
        // The row did stop: its end is unknown, not ongoing (CHR-003's message: the line's end stands for it).
        #expect(t.endNotUsable)
        #expect(log.findings.map(\.rule.id) == ["CHR-003"])
        #expect(log.audit.contains { $0.action == .correct && $0.field == "end_date" && $0.before == "2019-01-31" && $0.after == "" })
    }

    /// RULES.md 3 step 1: exposures before diagnosis are removed from the record.
    @Test func therapyBeforeDiagnosisIsRemoved() {
        let record = PatientRecord(key: T.key, patient: T.patient(), therapies: [
            T.therapy("dexamethasone", "2018-01-01", "2018-01-20", line: 3),
            T.therapy("bortezomib", "2018-02-01", "2018-06-01", line: 4),
        ])
        let (clean, log) = T.validate(record)
        #expect(clean.therapies.map(\.drug) == ["bortezomib"])
        #expect(log.rejectedRows["therapies"] == 1)
    }

    /// Birth dates never appear in a finding or the audit trail (SPEC 7).
    @Test(arguments: ["2018-01-11", "2026-02-01"])
    func birthDateNeverLeaves(_ birth: String) {
        let record = PatientRecord(key: T.key, patient: T.patient(birth: birth))
        let (clean, log) = T.validate(record)
        #expect(clean.patient?.birthDate == nil)
        #expect(!log.findings.isEmpty)
        for f in log.findings {
            #expect(!f.message.contains(birth) && !f.value.contains(birth))
        }
        for a in log.audit {
            #expect(!a.before.contains(birth) && !a.after.contains(birth))
        }
    }

    @Test func aCleanPatientHasNoFinding() {
        let record = PatientRecord(key: T.key, patient: T.patient(), labs: [T.lab(.hgb, "2019-01-05", .number(11), line: 2)],
                                   therapies: [T.therapy("lenalidomide", "2019-01-10", "2019-12-01", line: 2, stop: .progression),
                                               T.therapy("dexamethasone", "2019-01-10", "2019-12-01", line: 3)],
                                   assessments: [T.assessment("2019-03-01", .pr, line: 2)])
        let (clean, log) = T.validate(record)
        #expect(log.findings.isEmpty)
        #expect(clean.therapies.count == 2 && clean.labs.count == 1 && clean.assessments.count == 1)
    }
}
