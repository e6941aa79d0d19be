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

    @Test("Index line = first line: empty")
    func firstLine() {
        #expect(diseaseStatus(previousLine: nil, previousBOR: nil, indexDate: dayN(0), progressions: [dayN(0)],
                              assessments: [], options: RefractorinessOptions()) == nil)
    }
}
