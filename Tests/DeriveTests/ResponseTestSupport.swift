@testable import MMDerive
import MMModel

// Small builders for the response, endpoint and adverse-event tests: days are offsets from
// 2024-01-01, so `day(30)` is 2024-01-31.

let testKey = PatientKey(site: "S01", patientID: "P001")

func day(_ n: Int) -> Day { Day(rawValue: 19_723 + Int32(n)) }

func prov(_ line: Int = 2, _ file: String = "labs.csv") -> Provenance { Provenance(file: file, line: line) }

/// A numeric lab row on `dayOffset`.
func lab(_ dayOffset: Int, _ test: LabTest, _ value: Double, excluded: Bool = false, line: Int = 2) -> LabResult {
    LabResult(key: testKey, date: day(dayOffset), test: test, value: .number(value), excludedFromDerivation: excluded,
              provenance: prov(line))
}

/// A lab row with any `LabValue` (`<x`, POS, NEG).
func lab(_ dayOffset: Int, _ test: LabTest, _ value: LabValue, line: Int = 2) -> LabResult {
    LabResult(key: testKey, date: day(dayOffset), test: test, value: value, provenance: prov(line))
}

/// A site assessment.
func siteAssessment(_ dayOffset: Int, _ response: ResponseCategory?, type: ProgressionType? = nil,
                    newLesion: Bool? = nil, plasmacytoma: Bool? = nil, crab: Set<CRABFeature> = []) -> Assessment {
    Assessment(key: testKey, date: day(dayOffset), response: response, progressionType: type, newLesion: newLesion,
               plasmacytoma: plasmacytoma, crab: crab, provenance: prov(dayOffset + 2, "assessments.csv"))
}

func patientRecord(labs: [LabResult] = [], assessments: [Assessment] = [], death: Int? = nil, lastContact: Int? = nil,
                   lightChain: LightChain? = nil, therapies: [TherapyExposure] = [],
                   adverseEvents: [AdverseEvent] = []) -> PatientRecord {
    let patient = Patient(key: testKey, sex: .male, lightChain: lightChain, deathDate: death.map(day),
                          lastContactDate: lastContact.map(day) ?? death.map(day),
                          provenance: prov(2, "patients.csv"))
    return PatientRecord(key: testKey, patient: patient, labs: labs, therapies: therapies, assessments: assessments,
                         adverseEvents: adverseEvents)
}

/// A line starting on `start`, with the next line on `next`.
func lineSpan(_ number: Int, start: Int, end: Int? = nil, next: Int? = nil) -> LineSpan {
    LineSpan(number: number, start: day(start), end: end.map(day), nextStart: next.map(day),
             drugs: [DrugSpan(drug: "pomalidomide", firstDose: day(start), lastDose: end.map(day))])
}

/// Serum M-protein series: baseline on day 0 then one value every 28 days.
func serumLabs(_ values: [Double]) -> [LabResult] {
    values.enumerated().map { i, v in lab(i * 28, .spepM, v) }
}

/// A baseline for category tests.
func baseline(spep: Double? = nil, upep: Double? = nil, flcK: Double? = nil, flcL: Double? = nil,
              bmpc: Double? = nil, lightChain: LightChain? = nil) -> LineBaseline {
    var labs: [LabResult] = []
    if let spep { labs.append(lab(0, .spepM, spep)) }
    if let upep { labs.append(lab(0, .upepM, upep)) }
    if let flcK { labs.append(lab(0, .flcK, flcK)) }
    if let flcL { labs.append(lab(0, .flcL, flcL)) }
    if let bmpc { labs.append(lab(0, .bmpc, bmpc)) }
    let record = PatientRecord(key: testKey, labs: labs)
    return lineBaseline(line: lineSpan(1, start: 0), labs: LabIndex(record), lightChain: lightChain, windowDays: 60)
}

/// Assessment values for category tests (marrow counted as sampled when given).
func values(spep: Double? = nil, upep: Double? = nil, sife: Bool? = nil, uife: Bool? = nil, flcK: Double? = nil,
            flcL: Double? = nil, bmpc: Double? = nil, bmClonal: Bool? = nil) -> MarkerValues {
    var v = MarkerValues()
    v.spep = spep
    v.upep = upep
    v.sife = sife
    v.uife = uife
    v.flcK = flcK
    v.flcL = flcL
    v.bmpc = bmpc
    v.bmpcMeasured = bmpc != nil
    v.bmClonal = bmClonal
    return v
}

/// The nadirs equal to the baseline (a first assessment).
func baselineNadirs(_ b: LineBaseline) -> MarkerNadirs {
    NadirTracker(baseline: b, definition: .confirmed).current
}
