import Testing
import MMModel
@testable import MMDerive

@Suite("Disease status at the index regimen (RULES.md 7)")
struct DiseaseStatusTests {
    /// Previous line 0–200, index line at 300.
    var previous: TherapyLine { lines(regimen(["R", "d"], 0, 200) + regimen(["K", "d"], 300, nil)).lines[0] }

    func status(_ pds: [Int], bor: ResponseCategory? = nil, assessments: [AssessmentOutcome] = []) -> DiseaseStatus? {
        diseaseStatus(previousLine: previous, previousBOR: bor, indexDate: dayN(300), progressions: pds.map(dayN),
                      assessments: assessments, options: RefractorinessOptions())
    }

    @Test("REFRACTORY: progression during the line or within 60 days of its last dose (60 in, 61 out)",
          arguments: [(100, DiseaseStatus.refractory), (260, .refractory), (261, .biochemicalRelapse)])
    func window(_ pd: Int, _ expected: DiseaseStatus) {
        #expect(status([pd]) == expected)
    }

    @Test("REFRACTORY by no response: BOR SD/PD after ≥ 28 days on the line; NE is not evaluable")
    func noResponse() {
        #expect(status([], bor: .sd) == .refractory)
        #expect(status([], bor: .pd) == .refractory)
        #expect(status([], bor: .mr) == .noProgression)
        #expect(status([], bor: .ne) == .noProgression)
        let short = lines(regimen(["R", "d"], 0, 27) + regimen(["K", "d"], 300, nil)).lines[0]
        #expect(diseaseStatus(previousLine: short, previousBOR: .sd, indexDate: dayN(300), progressions: [],
                              assessments: [], options: RefractorinessOptions()) == .noProgression)
    }

    @Test("NO_PROGRESSION when no progression between the previous line's start and the index date")
    func noProgression() {
        #expect(status([]) == .noProgression)
        #expect(status([301]) == .noProgression)
        #expect(status([-5]) == .noProgression)
    }

    @Test("SYMPTOMATIC_RELAPSE when a relapse feature is present between the previous line's end and index")
    func symptomatic() {
        #expect(status([280], assessments: [outcome(280, line: 1, .pd, relapse: true)]) == .symptomaticRelapse)
        #expect(status([280], assessments: [outcome(280, line: 1, .pd, relapse: false)]) == .biochemicalRelapse)
        #expect(status([280], assessments: [outcome(150, line: 1, .pr, relapse: true)]) == .biochemicalRelapse)
    }

    @Test("SYMPTOMATIC_RELAPSE (RULES.md 7 version 2): assessments after the previous line's end up to and including the index date")
    func symptomaticWindow() {
        // Last dose on day 200; progression on day 280 (more than 60 days later: not refractory).
        #expect(status([280], assessments: [outcome(200, line: 1, .pr, relapse: true)]) == .biochemicalRelapse)
        #expect(status([280], assessments: [outcome(201, line: 1, .pd, relapse: true)]) == .symptomaticRelapse)
        #expect(status([280], assessments: [outcome(300, line: 1, .pd, relapse: true)]) == .symptomaticRelapse)
        #expect(status([280], assessments: [outcome(301, line: 2, .sd, relapse: true)]) == .biochemicalRelapse)
        #expect(diseaseStatus(previousLine: previous, previousBOR: nil, indexDate: dayN(300), progressions: [dayN(280)],
                              assessments: [], indexDateRelapse: true, options: RefractorinessOptions()) == .symptomaticRelapse)
    }

    @Test("RULES.md 7 version 2: labs drawn on the index date count, against the previous line's baseline")
    func labsOnTheIndexDate() {
        // Previous line 0–200 (baseline Hb 12.0 on day 0), index date 300.
        let span = LineSpan(number: 1, start: dayN(0), end: dayN(200), nextStart: dayN(300), drugs: [])
        func onIndex(_ labs: [LabResult]) -> Bool {
            relapseFeatureOnIndexDate(record: PatientRecord(key: lotKey, labs: [labAt(.hgb, 0, 12.0)] + labs),
                                      previousLine: span, indexDate: dayN(300), options: ResponseOptions())
        }
        #expect(onIndex([labAt(.ca, 300, 11.5)]))     // calcium > 11 mg/dL on the index date
        #expect(!onIndex([labAt(.ca, 300, 10.9)]))
        #expect(!onIndex([labAt(.ca, 301, 11.5)]))    // the day after: the index line's own course
        #expect(onIndex([labAt(.hgb, 300, 9.9)]))     // Hb fall ≥ 2 g/dL from the line's baseline 12.0
        #expect(!onIndex([labAt(.hgb, 300, 10.1)]))
    }

    @Test("Index line = first line: empty")
    func firstLine() {
        #expect(diseaseStatus(previousLine: nil, previousBOR: nil, indexDate: dayN(0), progressions: [dayN(0)],
                              assessments: [], options: RefractorinessOptions()) == nil)
    }
}
