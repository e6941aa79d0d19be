import Testing
import MMModel
@testable import MMDerive

/// An expected ADLOT line: start/end day offsets, REGIMEN, ASCTFL, STARTRSN.
struct ExpectedLine: Sendable {
    var start: Int
    var end: Int?
    var regimen: String
    var asct: Bool = false
    var reason: LineStartReason
}

/// A realistic treatment history, its progressions, and the lines RULES.md 3 must derive from it.
struct History: Sendable, CustomTestStringConvertible {
    var name: String
    var rows: [TherapyExposure]
    var progressions: [Int] = []
    var expected: [ExpectedLine]
    /// Index regimen and the drugs expected refractory / not refractory at index (RULES.md 4).
    var indexAllOf: [String] = ["isatuximab", "pomalidomide"]
    var refractory: [String] = []
    var notRefractory: [String] = []
    var testDescription: String { name }
}

private let IsaPd = ["Isa", "P", "d"]

let histories: [History] = [
    History(name: "VRd ×4 → melphalan conditioning + ASCT → R maintenance = 1 line (RULES.md 3 step 4)",
            rows: regimen(["V", "R", "d"], 0, 83, label: "VRd")
                + [rx("M", 120, 121, setting: .conditioning), rx("ASCT", 122, nil),
                   rx("R", 220, nil, setting: .maintenance)],
            expected: [ExpectedLine(start: 0, end: nil, regimen: "bortezomib+dexamethasone+lenalidomide+melphalan",
                                    asct: true, reason: .first)]),
    History(name: "Rd, bortezomib added after 3 months = 2 lines; len still given belongs to both",
            rows: regimen(["R", "d"], 0, nil) + [rx("V", 90, 200)],
            expected: [ExpectedLine(start: 0, end: 89, regimen: "dexamethasone+lenalidomide", reason: .first),
                       ExpectedLine(start: 90, end: nil, regimen: "bortezomib+dexamethasone+lenalidomide",
                                    reason: .newDrugAfterWindow)]),
    History(name: "DRd with dex dropped = 1 line",
            rows: regimen(["D", "R"], 0, 365, stop: .completed) + [rx("d", 0, 60)],
            expected: [ExpectedLine(start: 0, end: 365, regimen: "daratumumab+dexamethasone+lenalidomide",
                                    reason: .first)]),
    History(name: "KRd → tandem ASCT 120 days apart = 1 line",
            rows: regimen(["K", "R", "d"], 0, 111) + [rx("ASCT", 170, nil), rx("ASCT", 290, nil)],
            expected: [ExpectedLine(start: 0, end: 290, regimen: "carfilzomib+dexamethasone+lenalidomide",
                                    asct: true, reason: .first)]),
    History(name: "KRd → ASCT → second ASCT 181 days later (not tandem, not a planned step) = 2 lines",
            rows: regimen(["K", "R", "d"], 0, 111) + [rx("ASCT", 170, nil), rx("ASCT", 351, nil)],
            expected: [ExpectedLine(start: 0, end: 170, regimen: "carfilzomib+dexamethasone+lenalidomide",
                                    asct: true, reason: .first),
                       ExpectedLine(start: 351, end: 351, regimen: "", asct: true, reason: .transplant)]),
    History(name: "Rd stopped for toxicity, 95-day gap, Rd restarted = 2 lines",
            rows: regimen(["R", "d"], 0, 100, stop: .toxicity) + regimen(["R", "d"], 195, 300, stop: .completed),
            expected: [ExpectedLine(start: 0, end: 100, regimen: "dexamethasone+lenalidomide", reason: .first),
                       ExpectedLine(start: 195, end: 300, regimen: "dexamethasone+lenalidomide", reason: .gap)]),
    History(name: "Progression, then the same drugs restarted = 2 lines",
            rows: regimen(["R", "d"], 0, 150) + regimen(["R", "d"], 230, 400),
            progressions: [200],
            expected: [ExpectedLine(start: 0, end: 150, regimen: "dexamethasone+lenalidomide", reason: .first),
                       ExpectedLine(start: 230, end: 400, regimen: "dexamethasone+lenalidomide",
                                    reason: .progression)]),
    History(name: "Daratumumab IV → daratumumab SC = 1 line",
            rows: [rx("D", 0, 180, label: "DRd"), rx("D", 181, 400, label: "DRd")]
                + regimen(["R", "d"], 0, 400, label: "DRd"),
            expected: [ExpectedLine(start: 0, end: 400, regimen: "daratumumab+dexamethasone+lenalidomide",
                                    reason: .first)]),
    History(name: "IsaPd third line after DRd and KRd with progression on each: PRIORLOT 2, TCR",
            rows: regimen(["D", "R", "d"], 0, 300, stop: .progression) + regimen(["K", "R", "d"], 310, 600)
                + regimen(IsaPd, 620, nil),
            progressions: [290, 590],
            expected: [ExpectedLine(start: 0, end: 300, regimen: "daratumumab+dexamethasone+lenalidomide", reason: .first),
                       ExpectedLine(start: 310, end: 600, regimen: "carfilzomib+dexamethasone+lenalidomide",
                                    reason: .progression),
                       ExpectedLine(start: 620, end: nil, regimen: "dexamethasone+isatuximab+pomalidomide",
                                    reason: .progression)],
            refractory: ["lenalidomide", "daratumumab", "carfilzomib"],
            notRefractory: ["pomalidomide", "isatuximab", "bortezomib"]),
    History(name: "A dexamethasone bridge between lines belongs to no line",
            rows: regimen(["R", "d"], 0, 200, stop: .toxicity) + [rx("d", 230, 250)] + regimen(["K", "d"], 260, 500),
            expected: [ExpectedLine(start: 0, end: 200, regimen: "dexamethasone+lenalidomide", reason: .first),
                       ExpectedLine(start: 260, end: 500, regimen: "carfilzomib+dexamethasone",
                                    reason: .newDrugAfterWindow)]),
    History(name: "Lenalidomide continuing into the next line counts there for refractoriness",
            rows: regimen(["R", "d"], 0, 400) + [rx("K", 200, 400)] + regimen(IsaPd, 450, nil),
            progressions: [420],
            expected: [ExpectedLine(start: 0, end: 199, regimen: "dexamethasone+lenalidomide", reason: .first),
                       ExpectedLine(start: 200, end: 400, regimen: "carfilzomib+dexamethasone+lenalidomide",
                                    reason: .newDrugAfterWindow),
                       ExpectedLine(start: 450, end: nil, regimen: "dexamethasone+isatuximab+pomalidomide",
                                    reason: .progression)],
            refractory: ["lenalidomide", "carfilzomib"]),
    History(name: "Progression 60 days after the last lenalidomide dose → len-refractory",
            rows: regimen(["R", "d"], 0, 200) + regimen(IsaPd, 300, nil), progressions: [260],
            expected: [ExpectedLine(start: 0, end: 200, regimen: "dexamethasone+lenalidomide", reason: .first),
                       ExpectedLine(start: 300, end: nil, regimen: "dexamethasone+isatuximab+pomalidomide",
                                    reason: .progression)],
            refractory: ["lenalidomide"]),
    History(name: "Progression 61 days after the last lenalidomide dose → not len-refractory",
            rows: regimen(["R", "d"], 0, 200) + regimen(IsaPd, 300, nil), progressions: [261],
            expected: [ExpectedLine(start: 0, end: 200, regimen: "dexamethasone+lenalidomide", reason: .first),
                       ExpectedLine(start: 300, end: nil, regimen: "dexamethasone+isatuximab+pomalidomide",
                                    reason: .progression)],
            notRefractory: ["lenalidomide"]),
    History(name: "Len dropped from continuing VRd, progression 70 days later → bortezomib- not len-refractory",
            rows: [rx("V", 0, 300), rx("R", 0, 100), rx("d", 0, 300)] + regimen(IsaPd, 320, nil),
            progressions: [170],
            expected: [ExpectedLine(start: 0, end: 300, regimen: "bortezomib+dexamethasone+lenalidomide", reason: .first),
                       ExpectedLine(start: 320, end: nil, regimen: "dexamethasone+isatuximab+pomalidomide",
                                    reason: .progression)],
            refractory: ["bortezomib"], notRefractory: ["lenalidomide"]),
    History(name: "Bortezomib added on day 28 of Rd joins the line",
            rows: regimen(["R", "d"], 0, 300) + [rx("V", 28, 300)],
            expected: [ExpectedLine(start: 0, end: 300, regimen: "bortezomib+dexamethasone+lenalidomide", reason: .first)]),
    History(name: "Bortezomib added on day 29 of Rd starts a line",
            rows: regimen(["R", "d"], 0, 300) + [rx("V", 29, 300)],
            expected: [ExpectedLine(start: 0, end: 28, regimen: "dexamethasone+lenalidomide", reason: .first),
                       ExpectedLine(start: 29, end: 300, regimen: "bortezomib+dexamethasone+lenalidomide",
                                    reason: .newDrugAfterWindow)]),
    History(name: "Maintenance 150 days after induction (gap > 90, ≤ 180) stays in the line (step 4 over step 5)",
            rows: regimen(["V", "R", "d"], 0, 120) + [rx("R", 270, 600, setting: .maintenance)],
            expected: [ExpectedLine(start: 0, end: 600, regimen: "bortezomib+dexamethasone+lenalidomide", reason: .first)]),
    History(name: "Maintenance 181 days after induction starts a line (gap)",
            rows: regimen(["V", "R", "d"], 0, 120) + [rx("R", 301, 600, setting: .maintenance)],
            expected: [ExpectedLine(start: 0, end: 120, regimen: "bortezomib+dexamethasone+lenalidomide", reason: .first),
                       ExpectedLine(start: 301, end: 600, regimen: "lenalidomide", reason: .gap)]),
    History(name: "Maintenance after a progression starts a line",
            rows: regimen(["V", "R", "d"], 0, 120) + [rx("R", 250, 600, setting: .maintenance)],
            progressions: [200],
            expected: [ExpectedLine(start: 0, end: 120, regimen: "bortezomib+dexamethasone+lenalidomide", reason: .first),
                       ExpectedLine(start: 250, end: 600, regimen: "lenalidomide", reason: .progression)]),
    History(name: "Steroids in a treatment-free interval do not shorten it (95 days → new line)",
            rows: regimen(["R", "d"], 0, 100) + [rx("d", 150, 200)] + regimen(["R", "d"], 195, 300),
            expected: [ExpectedLine(start: 0, end: 100, regimen: "dexamethasone+lenalidomide", reason: .first),
                       ExpectedLine(start: 195, end: 300, regimen: "dexamethasone+lenalidomide", reason: .gap)]),
    History(name: "A therapy before diagnosis is ignored",
            rows: [rx("T", 0, 50)] + regimen(["R", "d"], 120, 300),
            expected: [ExpectedLine(start: 120, end: 300, regimen: "dexamethasone+lenalidomide", reason: .first)]),
    History(name: "Prednisone alone never starts a line",
            rows: [rx("p", 0, 20)] + regimen(["M", "p"], 40, 200, label: "MP"),
            expected: [ExpectedLine(start: 40, end: 200, regimen: "melphalan+prednisone", reason: .first)]),
]

@Suite("Treatment histories — lines and refractoriness (RULES.md 3–4)")
struct TreatmentHistoryTests {
    @Test("Lines derived from realistic histories", arguments: histories)
    func derivedLines(_ h: History) {
        let diagnosis = h.name.contains("before diagnosis") ? 100 : nil
        let result = lines(h.rows, progressions: h.progressions, diagnosis: diagnosis)
        #expect(result.lines.count == h.expected.count)
        for (line, want) in zip(result.lines, h.expected) {
            #expect(line.start == dayN(want.start), "LOT \(line.number) start")
            #expect(line.end == want.end.map(dayN), "LOT \(line.number) end")
            #expect(line.regimen == want.regimen, "LOT \(line.number) REGIMEN")
            #expect(line.hasTransplant == want.asct, "LOT \(line.number) ASCTFL")
            #expect(line.startReason == want.reason, "LOT \(line.number) STARTRSN")
        }
    }

    @Test("Refractory flags at the index line", arguments: histories.filter { !$0.refractory.isEmpty || !$0.notRefractory.isEmpty })
    func refractoryFlags(_ h: History) throws {
        let result = lines(h.rows, progressions: h.progressions)
        let index = try #require(indexLine(lines: result.lines, allOf: h.indexAllOf))
        let profile = refractoriness(lines: result.lines, exposures: result.exposures, indexLine: index.number,
                                     indexDate: index.date, progressions: h.progressions.map(dayN),
                                     lineResponses: [], options: RefractorinessOptions())
        for drug in h.refractory { #expect(profile.refractory(drug), "\(drug) refractory") }
        for drug in h.notRefractory { #expect(!profile.refractory(drug), "\(drug) not refractory") }
    }

    @Test("SPEC 4.3 arms: the first line matching any arm is the index line, TRT01P its arm")
    func arms() throws {
        let h = histories[8]
        let result = lines(h.rows, progressions: h.progressions)
        let arms = [TreatmentArm(name: "EloPd", allOf: ["elotuzumab", "pomalidomide"]),
                    TreatmentArm(name: "IsaPd", allOf: ["isatuximab", "pomalidomide"]),
                    TreatmentArm(name: "KRd", allOf: ["carfilzomib", "lenalidomide"])]
        let index = try #require(indexLine(lines: result.lines, arms: arms))
        let krd = try #require(result.lines.first { $0.drugNames.contains("carfilzomib") })
        #expect(index.number == krd.number && index.arm == "KRd")
        let isa = try #require(indexLine(lines: result.lines, arms: Array(arms.prefix(2))))
        #expect(isa.number == 3 && isa.arm == "IsaPd")
        #expect(indexLine(lines: result.lines, arms: Array(arms.prefix(1))) == nil)
        #expect(indexLine(lines: result.lines, allOf: ["isatuximab", "pomalidomide"])?.arm == nil)
    }

    @Test("IsaPd after DRd and KRd: INDEXLOT 3, PRIORLOT 2, triple-class exposed and refractory, CD38 gap")
    func isaPdThirdLine() throws {
        let h = histories[8]
        let result = lines(h.rows, progressions: h.progressions)
        let index = try #require(indexLine(lines: result.lines, allOf: ["isatuximab", "pomalidomide"]))
        #expect(index.number == 3)
        #expect(index.priorLines == 2)
        #expect(index.date == dayN(620))
        #expect(index.regimen == "dexamethasone+isatuximab+pomalidomide")
        #expect(!index.priorASCT)
        let p = refractoriness(lines: result.lines, exposures: result.exposures, indexLine: 3, indexDate: dayN(620),
                               progressions: h.progressions.map(dayN), lineResponses: [],
                               options: RefractorinessOptions())
        #expect(p.tripleClassExposed)
        #expect(p.tripleClassRefractory)
        #expect(p.doubleRefractory)
        #expect(!p.quadRefractory)
        #expect(!p.pentaRefractory)
        #expect(p.cd38Gap == 320)
        #expect(!p.cd38InLineBeforeIndex)
        #expect(!p.exposed("pomalidomide"))
        #expect(!p.exposed("isatuximab"))
        #expect(p.exposed("daratumumab"))
        #expect(p.drugs.map(\.drug) == ["carfilzomib", "daratumumab", "dexamethasone", "lenalidomide"])
        #expect(p.status("lenalidomide")?.lastDose == dayN(600))
    }

    @Test("The steroid bridge row belongs to no line; the carried lenalidomide row to both")
    func memberships() {
        let bridge = lines(histories[9].rows).exposures.first { $0.exposure.start == dayN(230) }
        #expect(bridge?.lines == [])
        let carried = lines(histories[10].rows, progressions: [420]).exposures
            .first { $0.exposure.drug == "lenalidomide" }
        #expect(carried?.lines == [1, 2])
    }
}
