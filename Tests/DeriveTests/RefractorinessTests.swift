import Testing
import MMModel
@testable import MMDerive

@Suite("Refractoriness and exposure (RULES.md 4, Gandhi 2019 MAMMOTH)")
struct RefractorinessTests {
    @Test("Progression window: last dose + 60 in, + 61 out; before the first dose out",
          arguments: [(260, true), (261, false), (0, true), (-1, false)])
    func window(_ pd: Int, _ refractory: Bool) {
        #expect(progressedOnOrWithinWindow(firstDose: dayN(0), lastDose: dayN(200), progressions: [dayN(pd)],
                                           indexDate: dayN(400), windowDays: 60) == refractory)
    }

    @Test("A progression after the index date does not count")
    func afterIndex() {
        #expect(!progressedOnOrWithinWindow(firstDose: dayN(0), lastDose: dayN(200), progressions: [dayN(210)],
                                            indexDate: dayN(205), windowDays: 60))
        #expect(progressedOnOrWithinWindow(firstDose: dayN(0), lastDose: dayN(200), progressions: [dayN(205)],
                                           indexDate: dayN(205), windowDays: 60))
    }

    @Test("No response while on the drug: ≥ 28 days and best confirmed < MR (27 days no, 28 yes)",
          arguments: [(27, ResponseCategory.sd, false), (28, .sd, true), (28, .pd, true), (28, .mr, false),
                      (28, .pr, false), (100, .ne, false)])
    func nonResponse(_ lastDose: Int, _ category: ResponseCategory, _ refractory: Bool) {
        let assessments = [outcome(lastDose, line: 1, category)]
        #expect(noResponseWhileOn(firstDose: dayN(0), lastDose: dayN(lastDose), assessments: assessments,
                                  minDays: 28) == refractory)
    }

    @Test("Best confirmed category among assessments while on the drug: a later PR on the line after it stopped does not count")
    func onDrugOnly() {
        let assessments = [outcome(30, line: 1, .sd), outcome(60, line: 1, .sd), outcome(120, line: 1, .pr)]
        #expect(noResponseWhileOn(firstDose: dayN(0), lastDose: dayN(90), assessments: assessments, minDays: 28))
        #expect(!noResponseWhileOn(firstDose: dayN(0), lastDose: dayN(120), assessments: assessments, minDays: 28))
        // Not evaluable: no confirmed category.
        #expect(!noResponseWhileOn(firstDose: dayN(0), lastDose: dayN(90), assessments: [outcome(30, line: 1, nil)],
                                   minDays: 28))
    }

    @Test("(b) through the derived lines: SD on Rd → len-refractory even after a later response")
    func nonResponseThroughLines() throws {
        let rows = regimen(["R", "d"], 0, 120, stop: .other) + regimen(["K", "d"], 150, 300) + regimen(["Isa", "P", "d"], 320, nil)
        let result = lines(rows)
        #expect(result.lines.count == 3)
        let responses = [
            LineResponse(line: 1, measurable: .serum, assessments: [outcome(60, line: 1, .sd), outcome(90, line: 1, .sd)],
                         bor: .sd, borDate: dayN(60), borSource: .computed, progression: nil),
            LineResponse(line: 2, measurable: .serum, assessments: [outcome(200, line: 2, .vgpr)],
                         bor: .vgpr, borDate: dayN(200), borSource: .computed, progression: nil),
        ]
        let p = refractoriness(lines: result.lines, exposures: result.exposures, indexLine: 3, indexDate: dayN(320),
                               progressions: [], lineResponses: responses, options: RefractorinessOptions())
        #expect(p.refractory("lenalidomide"))
        #expect(!p.refractory("carfilzomib"))
        #expect(p.exposed("carfilzomib"))
        #expect(p.classRefractory == [.imid])
    }

    @Test("Stopping for toxicity does not prevent (a)")
    func toxicityStop() throws {
        let rows = regimen(["R", "d"], 0, 100, stop: .toxicity) + regimen(["Isa", "P", "d"], 200, nil)
        let result = lines(rows, progressions: [130])
        let p = refractoriness(lines: result.lines, exposures: result.exposures, indexLine: 2, indexDate: dayN(200),
                               progressions: [dayN(130)], lineResponses: [], options: RefractorinessOptions())
        #expect(p.refractory("lenalidomide"))
    }

    @Test("Classes: IMiD, PI, anti-CD38; CELMoDs only with the option")
    func classes() {
        #expect(refractoryClasses(drug: "pomalidomide", classes: [.imid], celmodsAreIMiDs: false) == [.imid])
        #expect(refractoryClasses(drug: "ixazomib", classes: [.pi], celmodsAreIMiDs: false) == [.pi])
        #expect(refractoryClasses(drug: "isatuximab", classes: [.antiCD38], celmodsAreIMiDs: false) == [.antiCD38])
        #expect(refractoryClasses(drug: "iberdomide", classes: [.celmod], celmodsAreIMiDs: false).isEmpty)
        #expect(refractoryClasses(drug: "iberdomide", classes: [.celmod], celmodsAreIMiDs: true) == [.imid])
        #expect(refractoryClasses(drug: "elotuzumab", classes: [.antiSLAMF7], celmodsAreIMiDs: true).isEmpty)
    }

    @Test("Penta-refractory: len, pom, bor, car and an anti-CD38; CD38LSTFL; exposure is strictly before index")
    func penta() {
        let rows = regimen(["V", "R", "d"], 0, 200) + regimen(["D", "P", "d"], 300, 500)
            + regimen(["K", "d"], 600, 800) + regimen(["Isa", "K", "d"], 900, nil)
        let pds = [250, 520, 850]
        let result = lines(rows, progressions: pds)
        #expect(result.lines.count == 4)
        let opts = RefractorinessOptions()
        // Index = IsaKd: K is in the index line but was given before → exposed and refractory.
        let p = refractoriness(lines: result.lines, exposures: result.exposures, indexLine: 4, indexDate: dayN(900),
                               progressions: pds.map(dayN), lineResponses: [], options: opts)
        #expect(p.quadRefractory && p.pentaRefractory && p.tripleClassRefractory)
        #expect(!p.exposed("isatuximab"))
        #expect(!p.cd38InLineBeforeIndex)   // line 3 is Kd
        #expect(p.cd38Gap == 400)
        // Index = line 3: the line just before (DPd) holds an anti-CD38.
        let q = refractoriness(lines: result.lines, exposures: result.exposures, indexLine: 3, indexDate: dayN(600),
                               progressions: pds.map(dayN), lineResponses: [], options: opts)
        #expect(q.cd38InLineBeforeIndex)
        #expect(!q.exposed("carfilzomib"))
        #expect(!q.quadRefractory)
        // First line is the index: nothing exposed, CD38LSTFL N, CD38GAP empty.
        let r = refractoriness(lines: result.lines, exposures: result.exposures, indexLine: 1, indexDate: dayN(0),
                               progressions: pds.map(dayN), lineResponses: [], options: opts)
        #expect(r.drugs.isEmpty && !r.cd38InLineBeforeIndex && r.cd38Gap == nil && !r.tripleClassExposed)
    }

    @Test("ADSL flags are filled from the profile")
    func adslFlags() {
        let rows = regimen(["D", "R", "d"], 0, 300) + regimen(["Isa", "P", "d"], 400, nil)
        let result = lines(rows, progressions: [350])
        let p = refractoriness(lines: result.lines, exposures: result.exposures, indexLine: 2, indexDate: dayN(400),
                               progressions: [dayN(350)], lineResponses: [], options: RefractorinessOptions())
        var adsl = ADSLRow(key: lotKey)
        fillRefractoriness(&adsl, p)
        #expect(adsl.LENEXFL == true && adsl.LENRFL == true && adsl.DARAEXFL == true && adsl.DARARFL == true)
        #expect(adsl.POMEXFL == false && adsl.ISAEXFL == false && adsl.BOREXFL == false && adsl.CARRFL == false)
        #expect(adsl.IMIDRFL == true && adsl.CD38RFL == true && adsl.PIEXFL == false)
        #expect(adsl.TCEFL == false && adsl.TCRFL == false && adsl.DBLRFL == false)
        #expect(adsl.CD38GAP == 100 && adsl.CD38LSTFL == true)
        #expect(adsl.drugStatus.map(\.drug) == ["daratumumab", "dexamethasone", "lenalidomide"])
    }
}
