import MMModel
@testable import MMDerive

// Small readable builders for treatment histories: days are offsets from 2020-01-01.

let lotKey = PatientKey(site: "S01", patientID: "P001")
let lotDay0 = Day(year: 2020, month: 1, day: 1) ?? Day(rawValue: 18262)

func dayN(_ n: Int) -> Day { lotDay0 + n }

/// Short regimen letters → canonical drug and classes (as the drug dictionary would map them).
let drugTable: [String: (String, Set<DrugClass>)] = [
    "R": ("lenalidomide", [.imid]), "P": ("pomalidomide", [.imid]), "T": ("thalidomide", [.imid]),
    "V": ("bortezomib", [.pi]), "K": ("carfilzomib", [.pi]), "X": ("ixazomib", [.pi]),
    "D": ("daratumumab", [.antiCD38]), "Isa": ("isatuximab", [.antiCD38]),
    "d": ("dexamethasone", [.steroid]), "p": ("prednisone", [.steroid]),
    "M": ("melphalan", [.alkylator]), "C": ("cyclophosphamide", [.alkylator]),
    "E": ("elotuzumab", [.antiSLAMF7]), "Ibe": ("iberdomide", [.celmod]),
    "ASCT": ("ASCT", [.transplant]),
]

/// One exposure row: `rx("R", 0, 100)`; `end: nil` = ongoing unless a stop reason is given.
func rx(_ letter: String, _ start: Int, _ end: Int?, stop: StopReason? = nil, setting: TherapySetting? = nil,
        label: String? = nil, siteLine: Int? = nil, line: Int = 0) -> TherapyExposure {
    let (drug, classes) = drugTable[letter] ?? (letter, [.other])
    return TherapyExposure(key: lotKey, drug: drug, classes: classes, regimenLabel: label, start: dayN(start),
                           end: end.map(dayN), stopReason: stop, setting: setting, siteLine: siteLine,
                           provenance: Provenance(file: "therapies.csv", line: line))
}

/// Rows of a regimen given together: `regimen("VRd", 0, 84)` → V, R, d rows.
func regimen(_ letters: [String], _ start: Int, _ end: Int?, stop: StopReason? = nil,
             setting: TherapySetting? = nil, label: String? = nil, siteLine: Int? = nil,
             row: Int = 0) -> [TherapyExposure] {
    letters.map { rx($0, start, end, stop: stop, setting: setting, label: label, siteLine: siteLine, line: row) }
}

func lines(_ rows: [TherapyExposure], progressions: [Int] = [], diagnosis: Int? = nil,
           options: LineOptions = LineOptions()) -> LineDerivation {
    deriveLines(exposures: rows, diagnosisDate: diagnosis.map(dayN), progressions: progressions.map(dayN),
                options: options)
}

/// An assessment outcome with a confirmed category.
func outcome(_ d: Int, line: Int, _ confirmed: ResponseCategory?, relapse: Bool = false) -> AssessmentOutcome {
    AssessmentOutcome(date: dayN(d), line: line, computed: confirmed, reported: nil, used: confirmed,
                      confirmed: confirmed, agrees: nil, relapseFeature: relapse)
}

func labAt(_ test: LabTest, _ d: Int, _ v: Double, uln: Double? = nil, excluded: Bool = false) -> LabResult {
    LabResult(key: lotKey, date: dayN(d), test: test, value: .number(v), uln: uln, excludedFromDerivation: excluded,
              provenance: Provenance(file: "labs.csv", line: 2))
}

func cyto(_ a: CytoAbnormality, _ d: Int, _ r: CytoResult, _ m: CytoMethod? = .fish) -> CytogeneticResult {
    CytogeneticResult(key: lotKey, date: dayN(d), abnormality: a, result: r, method: m,
                      provenance: Provenance(file: "cytogenetics.csv", line: 2))
}
