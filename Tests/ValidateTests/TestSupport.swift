import MMMap
import MMModel
@testable import MMValidate

/// Builders for canonical records, as the Map stage would produce them.
enum TestData {
    static let key = PatientKey(site: "S01", patientID: "P001")
    static let today = day("2026-01-01")

    static func day(_ iso: String) -> Day {
        guard let d = Day(iso: iso) else { preconditionFailure("bad test date \(iso)") }
        return d
    }

    static func prov(_ file: String, _ line: Int) -> Provenance { Provenance(file: file, line: line) }

    static func patient(birth: String? = "1950-03-01", diagnosis: String? = "2018-01-10", death: String? = nil,
                        lastContact: String? = "2024-01-01") -> Patient {
        Patient(key: key, sex: .male, birthDate: birth.map(day), diagnosisDate: diagnosis.map(day), deathDate: death.map(day),
                lastContactDate: lastContact.map(day), provenance: prov("patients.csv", 2))
    }

    static func lab(_ test: LabTest, _ date: String, _ value: LabValue, line: Int, uln: Double? = nil) -> LabResult {
        LabResult(key: key, date: day(date), test: test, value: value, uln: uln, provenance: prov("labs.csv", line))
    }

    static func classes(_ drug: String) -> Set<DrugClass> {
        switch drug {
        case "dexamethasone", "prednisone": return [.steroid]
        case "lenalidomide", "pomalidomide": return [.imid]
        case "bortezomib", "carfilzomib": return [.pi]
        case "daratumumab", "isatuximab": return [.antiCD38]
        case "melphalan", "cyclophosphamide": return [.alkylator]
        case "ASCT", "ALLO_SCT": return [.transplant]
        default: return [.other]
        }
    }

    static func therapy(_ drug: String, _ start: String, _ end: String? = nil, line: Int, stop: StopReason? = nil,
                        setting: TherapySetting? = nil, siteLine: Int? = nil, regimen: String? = nil) -> TherapyExposure {
        TherapyExposure(key: key, drug: drug, classes: classes(drug), regimenLabel: regimen, start: day(start),
                        end: end.map(day), stopReason: stop, setting: setting, siteLine: siteLine,
                        provenance: prov("therapies.csv", line))
    }

    static func assessment(_ date: String, _ response: ResponseCategory?, line: Int, newLesion: Bool? = nil) -> Assessment {
        Assessment(key: key, date: day(date), response: response, newLesion: newLesion, provenance: prov("assessments.csv", line))
    }

    static func cyto(_ abnormality: CytoAbnormality, _ date: String, _ result: CytoResult, _ method: CytoMethod?,
                     line: Int) -> CytogeneticResult {
        CytogeneticResult(key: key, date: day(date), abnormality: abnormality, result: result, method: method,
                          provenance: prov("cytogenetics.csv", line))
    }

    static func ae(_ term: String, onset: String?, end: String? = nil, line: Int) -> AdverseEvent {
        AdverseEvent(key: key, term: term, grade: 2, onsetDate: onset.map(day), endDate: end.map(day),
                     provenance: prov("adverse_events.csv", line))
    }

    /// Runs the validator over a record, read as a run reads it (`folded`).
    static func validate(_ record: PatientRecord, today: Day = today) -> (PatientRecord, StageLog) {
        var log = StageLog()
        let clean = Validator(options: PipelineOptions(), today: today).validate(folded(record), log: &log)
        return (clean, log)
    }

    /// The record as a partition read gives it: its rows through `RecordCodec`, exact copies
    /// set aside (DUP-002). `heldBytes`: copies held before they spill.
    static func folded(_ record: PatientRecord) -> PatientRecord {
        var batch = RecordBatch()
        batch.labs = record.labs
        batch.cytogenetics = record.cytogenetics
        batch.therapies = record.therapies
        batch.assessments = record.assessments
        batch.adverseEvents = record.adverseEvents
        let read = RecordCodec.foldingCopies(batch)
        var r = record
        r.labs = read.labs
        r.cytogenetics = read.cytogenetics
        r.therapies = read.therapies
        r.assessments = read.assessments
        r.adverseEvents = read.adverseEvents
        r.copies = read.copies[record.key]
        return r
    }
}

/// The parts of a finding a test pins down exactly (the message is checked separately).
struct Expected: Hashable, CustomStringConvertible {
    var rule: String
    var severity: Severity
    var field: String
    var value: String
    var source: String

    init(_ rule: Rule, _ field: String, _ value: String, _ source: String, severity: Severity? = nil) {
        self.rule = rule.id
        self.severity = severity ?? rule.severity
        self.field = field
        self.value = value
        self.source = source
    }

    init(_ f: Finding) {
        rule = f.rule.id
        severity = f.severity
        field = f.field
        value = f.value
        source = f.source
    }

    var description: String { "\(rule) \(severity.rawValue) \(field)=\(value) @\(source)" }
}

extension StageLog {
    var expected: [Expected] { findings.map(Expected.init) }
}
