@testable import MMDerive
import MMModel
import Testing

/// PFS, OS, TTNT, DOR, TTR and LSTALVDT (RULES.md 8).
@Suite("RULES.md 8 endpoints")
struct EndpointTests {
    func inputs(progressions: [Int] = [], assessments: [Int] = [], death: Int? = nil, lastAlive: Int = 400,
                nextLine: Int? = nil, bor: ResponseCategory = .sd, borDate: Int? = nil) -> EndpointInputs {
        var lines = [lineSpan(1, start: 0, next: nextLine)]
        if let nextLine { lines.append(lineSpan(2, start: nextLine)) }
        let response = LineResponse(line: 1, measurable: .serum, assessments: [], bor: bor, borDate: borDate.map(day),
                                    borSource: .computed, progression: nil)
        let evaluation = ResponseEvaluation(lines: [response],
                                            progressions: progressions.map { ProgressionEvent(date: day($0), source: .computed, line: 1) },
                                            assessmentDates: assessments.map(day))
        return EndpointInputs(indexDate: day(0), indexLine: 1, lines: lines, evaluation: evaluation,
                              deathDate: death.map(day), lastAlive: day(death ?? lastAlive))
    }

    func row(_ p: String, _ i: EndpointInputs, _ o: EndpointOptions = EndpointOptions()) -> ADTTERow? {
        timeToEventRows(key: testKey, inputs: i, options: o).first { $0.PARAMCD == p }
    }

    @Test("RULES 8 PFS cases", arguments: [
        // (progressions, assessments, death, expected ADT, CNSR)
        ([200], [100, 200, 300], nil as Int?, 200, 0),          // progression
        ([], [100, 200, 300], nil, 300, 1),                      // censored at the last assessment
        ([], [100, 200], 350, 350, 0),                           // death
        ([300], [100, 200, 300], nil, 300, 0),                   // event on the censoring date is an event
        ([], [-10, 0], nil, 0, 1),                               // no assessment after index: day 0
        ([0, 150], [100, 150], nil, 150, 0),                     // PD on the index date belongs to the previous line
        ([400], [100], 380, 380, 0),                             // death before progression
    ])
    func pfs(progressions: [Int], assessments: [Int], death: Int?, adt: Int, cnsr: Int) throws {
        let r = try #require(row("PFS", inputs(progressions: progressions, assessments: assessments, death: death)))
        #expect(r.ADT == day(adt))
        #expect(r.CNSR == cnsr)
        #expect(r.AVAL == adt)
        #expect(r.STARTDT == day(0))
        #expect((r.CNSR == 0) == (r.EVNTDESC != "CENSORED"))
        #expect((r.CNSR == 1) == (r.CNSDTDSC != nil))
    }

    @Test("RULES 8 PFS: a new line before progression censors at the last assessment before it (option)")
    func pfsNewTherapy() throws {
        let i = inputs(progressions: [280], assessments: [100, 200, 260, 280], nextLine: 250)
        let censored = try #require(row("PFS", i))
        #expect(censored.ADT == day(200) && censored.CNSR == 1)
        let ignored = try #require(row("PFS", i, EndpointOptions(pfsCensorNewTherapy: false)))
        #expect(ignored.ADT == day(280) && ignored.CNSR == 0)
        // Progression on the day the new line starts is still an event.
        let sameDay = try #require(row("PFS", inputs(progressions: [250], assessments: [100, 250], nextLine: 250)))
        #expect(sameDay.ADT == day(250) && sameDay.CNSR == 0)
        // No progression, new line: censored before it.
        let none = try #require(row("PFS", inputs(assessments: [100, 300], nextLine: 250)))
        #expect(none.ADT == day(100) && none.CNSR == 1)
    }

    @Test("RULES 8 OS: death, else LSTALVDT")
    func os() throws {
        let dead = try #require(row("OS", inputs(death: 500)))
        #expect(dead.ADT == day(500) && dead.CNSR == 0 && dead.AVAL == 500)
        let alive = try #require(row("OS", inputs(lastAlive: 420)))
        #expect(alive.ADT == day(420) && alive.CNSR == 1)
        #expect(abs(alive.AVALM - 420 / 30.4375) < 1e-12)
    }

    @Test("RULES 8 TTNT: next line, or death with ttnt_death_is_event; censored at LSTALVDT")
    func ttnt() throws {
        let next = try #require(row("TTNT", inputs(death: 300, nextLine: 250)))
        #expect(next.ADT == day(250) && next.CNSR == 0)
        let death = try #require(row("TTNT", inputs(death: 300)))
        #expect(death.ADT == day(300) && death.CNSR == 0)
        let deathNoEvent = try #require(row("TTNT", inputs(death: 300), EndpointOptions(ttntDeathIsEvent: false)))
        #expect(deathNoEvent.ADT == day(300) && deathNoEvent.CNSR == 1)
        let alive = try #require(row("TTNT", inputs(lastAlive: 410)))
        #expect(alive.ADT == day(410) && alive.CNSR == 1)
    }

    @Test("RULES 8 DOR and TTR only for responders, from the response date")
    func responders() throws {
        let i = inputs(progressions: [200], assessments: [56, 84, 200], bor: .pr, borDate: 56)
        let dor = try #require(row("DOR", i))
        #expect(dor.STARTDT == day(56) && dor.ADT == day(200) && dor.AVAL == 144 && dor.CNSR == 0)
        let ttr = try #require(row("TTR", i))
        #expect(ttr.ADT == day(56) && ttr.CNSR == 0 && ttr.AVAL == 56)
        let censored = try #require(row("DOR", inputs(assessments: [56, 84, 300], bor: .vgpr, borDate: 56)))
        #expect(censored.ADT == day(300) && censored.CNSR == 1)
        for bor in [ResponseCategory.mr, .sd, .pd, .ne] {
            let rows = timeToEventRows(key: testKey, inputs: inputs(assessments: [56], bor: bor, borDate: 56), options: EndpointOptions())
            #expect(rows.map(\.PARAMCD) == ["PFS", "OS", "TTNT"])
        }
    }

    @Test("RULES 8 LSTALVDT = max(last contact, every dated record); death date for the dead")
    func lastAlive() {
        var record = patientRecord(labs: [lab(300, .hgb, 12)], assessments: [siteAssessment(310, .sd)], lastContact: 200)
        record.adverseEvents = [AdverseEvent(key: testKey, term: "Nausea", grade: 1, onsetDate: day(305), endDate: day(320),
                                             provenance: prov())]
        #expect(lastAliveDate(record) == day(320))
        record.therapies = [TherapyExposure(key: testKey, drug: "pomalidomide", classes: [.imid], start: day(0), end: day(330),
                                            provenance: prov())]
        #expect(lastAliveDate(record) == day(330))
        record.cytogenetics = [CytogeneticResult(key: testKey, date: day(340), abnormality: .del17p, result: .detected,
                                                 method: .fish, provenance: prov())]
        #expect(lastAliveDate(record) == day(340))
        #expect(lastAliveDate(patientRecord(labs: [lab(300, .hgb, 12)], death: 250)) == day(250))
        #expect(lastAliveDate(PatientRecord(key: testKey)) == nil)
    }

    @Test("SPEC 7 ADRS rows: OVRLRESP per assessment and one BOR row per line")
    func adrsRows() {
        let record = patientRecord(labs: serumLabs([3.0, 1.2, 1.0, 0.9]), assessments: [siteAssessment(30, .vgpr)])
        let e = evaluateResponse(record: record, lines: [lineSpan(1, start: 0)], options: ResponseOptions())
        let rows = responseRows(key: testKey, evaluation: e)
        #expect(rows.map(\.PARAMCD) == ["OVRLRESP", "OVRLRESP", "OVRLRESP", "BOR"])
        #expect(rows.map(\.AVALC) == ["PR", "PR", "PR", "PR"])
        #expect(rows.map(\.RPTRESP) == ["VGPR", nil, nil, nil])
        #expect(rows.map(\.AGREEFL) == [false, nil, nil, nil])
        #expect(rows.map(\.CONFFL) == [true, true, false, nil])
        #expect(rows.last?.ADT == day(28))
        #expect(rows.allSatisfy { $0.LOT == 1 })
    }
}
