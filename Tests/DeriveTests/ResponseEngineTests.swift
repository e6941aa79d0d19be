@testable import MMDerive
import MMModel
import Testing

/// `evaluateResponse` end to end on small patients (RULES.md 2.1–2.5).
@Suite("RULES.md 2 response engine")
struct ResponseEngineTests {
    let oneLine = [lineSpan(1, start: 0)]

    func evaluate(_ record: PatientRecord, lines: [LineSpan]? = nil, options: ResponseOptions = ResponseOptions())
        -> ResponseEvaluation {
        evaluateResponse(record: record, lines: lines ?? oneLine, options: options)
    }

    @Test("RULES 2.3 serum PR confirmed: BOR PR dated at the first confirming assessment")
    func confirmedPR() throws {
        let e = evaluate(patientRecord(labs: serumLabs([3.0, 1.2, 1.0, 0.9])))
        let line = try #require(e.response(ofLine: 1))
        #expect(line.measurable == .serum)
        #expect(line.assessments.map(\.computed) == [.pr, .pr, .pr])
        #expect(line.assessments.map(\.confirmed) == [.pr, .pr, .sd])
        #expect(line.bor == .pr)
        #expect(line.borDate == day(28))
        #expect(line.borSource == .computed)
        #expect(e.progressions.isEmpty)
        #expect(e.assessmentDates == [day(28), day(56), day(84)])
    }

    @Test("RULES 2.3/2.4 confirmed PD against the held nadir: progression at the first PD date")
    func confirmedPD() throws {
        let e = evaluate(patientRecord(labs: serumLabs([2.0, 0.8, 0.8, 1.4, 1.6])))
        let line = try #require(e.response(ofLine: 1))
        #expect(line.assessments.map(\.computed) == [.pr, .pr, .pd, .pd])
        #expect(line.bor == .pr)
        #expect(line.progression == ProgressionEvent(date: day(84), source: .computed, line: 1))
        #expect(e.progressions == [ProgressionEvent(date: day(84), source: .computed, line: 1)])
    }

    @Test("RULES 2.3 a single PD at the end is not progression (confirm_last false), is with true")
    func unconfirmedLastPD() throws {
        let record = patientRecord(labs: serumLabs([2.0, 0.8, 0.8, 1.4]))
        #expect(evaluate(record).progressions.isEmpty)
        var options = ResponseOptions()
        options.confirmLast = true
        #expect(evaluate(record, options: options).progressions.map(\.date) == [day(84)])
    }

    @Test("RULES 2.3 PD then death confirms; a site assessment in between does not")
    func deathConfirmsPD() {
        let labs = serumLabs([2.0, 0.8, 0.8, 1.4])
        #expect(evaluate(patientRecord(labs: labs, death: 100)).progressions.map(\.date) == [day(84)])
        let blocked = patientRecord(labs: labs, assessments: [siteAssessment(95, nil)], death: 100)
        #expect(evaluate(blocked).progressions.isEmpty)
    }

    @Test("RULES 2.4 nadir confirmed vs lowest (baseline 2.0, 0.5 once, then 1.2, 1.3)")
    func nadirOption() throws {
        let record = patientRecord(labs: serumLabs([2.0, 0.5, 1.2, 1.3]))
        let confirmed = try #require(evaluate(record).response(ofLine: 1))
        #expect(confirmed.assessments.map(\.computed) == [.pr, .mr, .mr])
        #expect(confirmed.progression == nil)
        var options = ResponseOptions()
        options.nadir = .lowest
        let lowest = try #require(evaluate(record, options: options).response(ofLine: 1))
        #expect(lowest.assessments.map(\.computed) == [.pr, .pd, .pd])
        #expect(lowest.progression?.date == day(56))
    }

    @Test("RULES 2.1 a value on a line's start date is that line's baseline, not the previous line's assessment")
    func lineStartBaseline() throws {
        let labs = [lab(0, .spepM, 2.0), lab(50, .spepM, 0.9), lab(70, .spepM, 0.9), lab(100, .spepM, 3.0),
                    lab(130, .spepM, 1.4)]
        let lines = [lineSpan(1, start: 0, end: 90, next: 100), lineSpan(2, start: 100)]
        let e = evaluate(patientRecord(labs: labs), lines: lines)
        let l1 = try #require(e.response(ofLine: 1)), l2 = try #require(e.response(ofLine: 2))
        #expect(l1.assessments.map(\.date) == [day(50), day(70)])
        #expect(l1.progression == nil)
        #expect(l1.bor == .pr)
        #expect(l2.assessments.map(\.computed) == [.pr])
        #expect(l2.bor == .sd)
        #expect(e.assessmentDates == [day(50), day(70), day(130)])
    }

    @Test("RULES 2.2 assessments merge labs within 7 days; the later value wins, same date the first row")
    func mergeWindow() throws {
        let labs = [lab(0, .spepM, 2.0, line: 2),
                    lab(10, .spepM, 0.2, line: 3), lab(17, .upepM, 150, line: 4),   // one assessment: PR, not VGPR
                    lab(18, .spepM, 0.8, line: 5), lab(24, .spepM, 0.2, line: 6),   // later value 0.2: VGPR
                    lab(40, .spepM, 0.15, line: 7), lab(40, .spepM, 1.5, line: 8)]  // same date: first row
        let line = try #require(evaluate(patientRecord(labs: labs)).response(ofLine: 1))
        #expect(line.assessments.map(\.date) == [day(10), day(18), day(40)])
        #expect(line.assessments.map(\.computed) == [.pr, .vgpr, .vgpr])
    }

    @Test("RULES 2.2 marrow carries forward from the line's baseline marrow; an older marrow does not count")
    func marrowCarryForward() throws {
        let current = [lab(-10, .bmpc, 3), lab(0, .spepM, 2.0), lab(28, .spepM, .belowDetection(0.1)),
                       lab(28, .sife, .negative), lab(28, .uife, .negative), lab(56, .spepM, 0.0), lab(56, .sife, .negative)]
        let line = try #require(evaluate(patientRecord(labs: current)).response(ofLine: 1))
        #expect(line.assessments.map(\.computed) == [.cr, .cr])
        #expect(line.bor == .cr)
        let old = [lab(-90, .bmpc, 3)] + current.dropFirst()
        let line2 = try #require(evaluate(patientRecord(labs: Array(old))).response(ofLine: 1))
        #expect(line2.assessments.map(\.computed) == [.vgpr, .vgpr])
    }

    @Test("RULES 2.2 rows excluded from derivation are ignored")
    func excludedLabs() {
        let labs = serumLabs([2.0, 0.8, 0.8]) + [lab(84, .spepM, 1.4, excluded: true), lab(112, .spepM, 1.6, excluded: true)]
        #expect(evaluate(patientRecord(labs: labs)).progressions.isEmpty)
    }

    @Test("RULES 2.3 reported vs computed: agreement, IMWG-001 showing both, a site assessment of its own")
    func reportedVsComputed() throws {
        let record = patientRecord(labs: serumLabs([3.0, 1.2, 1.0, 0.9]),
                                   assessments: [siteAssessment(30, .vgpr), siteAssessment(58, .pr), siteAssessment(200, .sd)])
        let e = evaluate(record)
        let line = try #require(e.response(ofLine: 1))
        #expect(line.assessments.map(\.date) == [day(28), day(56), day(84), day(200)])
        #expect(line.assessments.map(\.reported) == [.vgpr, .pr, nil, .sd])
        #expect(line.assessments.map(\.agrees) == [false, true, nil, nil])
        #expect(line.assessments.map(\.used) == [.pr, .pr, .pr, .sd])
        let f = e.reconciledFindings.filter { $0.rule.id == "IMWG-001" }
        #expect(f.count == 1)
        #expect(f.first?.message.contains("VGPR") == true && f.first?.message.contains("PR computed") == true)
        #expect(e.assessmentDates.contains(day(200)))
    }

    @Test("RULES 2.3 of two lab assessments within the window the nearer is compared, the earlier on a tie")
    func nearestMatch() {
        let tie = matchSiteAssessments(labDates: [day(20), day(28)], site: [siteAssessment(24, .pr)], mergeDays: 7)
        #expect(tie.matched == [0, nil])
        let near = matchSiteAssessments(labDates: [day(20), day(28)], site: [siteAssessment(25, .pr)], mergeDays: 7)
        #expect(near.matched == [nil, 0])
        let far = matchSiteAssessments(labDates: [day(20)], site: [siteAssessment(28, .pr)], mergeDays: 7)
        #expect(far.unmatched == [0])
    }

    @Test("RULES 2.3 reported PD is progression without confirmation; contradicted by labs → IMWG-003")
    func reportedPD() throws {
        let labs = serumLabs([3.0, 1.2, 1.0])
        let e = evaluate(patientRecord(labs: labs, assessments: [siteAssessment(57, .pd)]))
        #expect(e.progressions == [ProgressionEvent(date: day(57), source: .reported, line: 1)])
        #expect(e.reconciledFindings.map(\.rule.id).sorted() == ["IMWG-001", "IMWG-003"])
        let line = try #require(e.response(ofLine: 1))
        #expect(line.bor == .pr)   // PR at day 28 confirmed by day 56, both before the reported PD
        let clinical = evaluate(patientRecord(labs: labs, assessments: [siteAssessment(57, .pd, type: .clinical)]))
        #expect(!clinical.reconciledFindings.contains { $0.rule.id == "IMWG-003" })
        #expect(clinical.reconciledFindings.map(\.rule.id) == ["IMWG-001"])   // still a disagreement with the labs
        #expect(clinical.progressions.map(\.date) == [day(57)])
    }

    @Test("RULES 2.3 (version 2) a site PD merged with labs into one assessment confirms the lab PD before it")
    func mergedReportedPDConfirmsLabPD() throws {
        // Serum 2.0 → 0.8 (PR), 0.8, 1.4 on day 84 (PD: +0.6 g/dL, +75 % over the nadir 0.8), then on
        // day 112 labs of 0.9 merged with the site's PD. The site's PD is the next assessment: it
        // confirms the lab PD of day 84, so progression (and PFS) dates from day 84, not 112.
        let labs = serumLabs([2.0, 0.8, 0.8, 1.4, 0.9])
        let e = evaluate(patientRecord(labs: labs, assessments: [siteAssessment(112, .pd)]))
        let line = try #require(e.response(ofLine: 1))
        #expect(line.assessments.map(\.date) == [day(28), day(56), day(84), day(112)])
        #expect(line.assessments.last?.reported == .pd)   // merged: one assessment with labs and the site's PD
        #expect(line.assessments[2].confirmed == .pd)
        #expect(line.progression == ProgressionEvent(date: day(84), source: .computed, line: 1))
        #expect(e.progressions.map(\.date) == [day(84), day(112)])
        // A stand-alone site PD (no labs that day) confirmed it already.
        let alone = evaluate(patientRecord(labs: serumLabs([2.0, 0.8, 0.8, 1.4]), assessments: [siteAssessment(100, .pd)]))
        #expect(alone.response(ofLine: 1)?.progression?.date == day(84))
    }

    @Test("RULES 2.3 a reported PD with labs giving NE is not contradicted: no IMWG-003")
    func reportedPDWithNELabs() throws {
        // RULES.md 2.3: "A site-reported PD is progression on its date and needs no confirmation,
        // even when the labs do not show it; when the labs contradict it [...] it is also an IMWG
        // WARNING." With no measurable disease (serum 0.5 < 1.0 g/dL) the labs give NE (RULES.md
        // 2.1): they do not show PD but do not contradict it either.
        let labs = serumLabs([0.5, 0.3, 0.3])
        let e = evaluate(patientRecord(labs: labs, assessments: [siteAssessment(57, .pd)]))
        let line = try #require(e.response(ofLine: 1))
        #expect(line.assessments.map(\.computed) == [.ne, .ne])
        #expect(e.progressions.map(\.date) == [day(57)])
        #expect(!e.reconciledFindings.contains { $0.rule.id == "IMWG-003" })
        #expect(!e.reconciledFindings.contains { $0.rule.id == "IMWG-001" })
    }

    @Test("RULES 2.2 a new lesion is PD at once")
    func newLesion() throws {
        let e = evaluate(patientRecord(labs: serumLabs([3.0, 1.2]), assessments: [siteAssessment(100, nil, newLesion: true)]))
        #expect(e.progressions == [ProgressionEvent(date: day(100), source: .reported, line: 1)])
        let line = try #require(e.response(ofLine: 1))
        #expect(line.assessments.last?.computed == .pd)
        #expect(line.assessments.last?.confirmed == .pd)
        #expect(line.bor == .sd)
    }

    @Test("RULES 2.2 IMWG-002: CR claimed without immunofixation and marrow")
    func crWithoutTests() {
        let e = evaluate(patientRecord(labs: serumLabs([2.0, 0.0]), assessments: [siteAssessment(28, .cr)]))
        let f = e.findings.first { $0.rule.id == "IMWG-002" }
        #expect(f?.message.contains("SIFE") == true)
        #expect(f?.message.contains("BMPC") == true)
    }

    @Test("RULES 2.1 no measurable disease: IMWG-004, NE from labs, the site's response used")
    func nonMeasurable() throws {
        let record = patientRecord(labs: serumLabs([0.5, 0.3, 0.3]),
                                   assessments: [siteAssessment(28, .pr), siteAssessment(56, .pr)])
        let e = evaluate(record)
        let line = try #require(e.response(ofLine: 1))
        #expect(line.measurable == .none)
        #expect(e.findings.contains { $0.rule.id == "IMWG-004" })
        #expect(line.assessments.map(\.computed) == [.ne, .ne])
        #expect(line.assessments.map(\.used) == [.pr, .pr])
        #expect(line.bor == .pr)
        #expect(line.borSource == .reported)
        var computedOnly = ResponseOptions()
        computedOnly.responseSource = .computed
        #expect(evaluate(record, options: computedOnly).response(ofLine: 1)?.bor == .ne)
    }

    @Test("RULES 2.3 BOR NE without any assessment after the line's start")
    func noAssessment() throws {
        let line = try #require(evaluate(patientRecord(labs: [lab(0, .spepM, 2.0)])).response(ofLine: 1))
        #expect(line.bor == .ne)
        #expect(line.borDate == nil)
    }

    @Test("RULES 2.5 clinical relapse features within the merge window")
    func relapseFeatures() throws {
        let labs = serumLabs([2.0, 0.8, 0.8, 1.4, 1.6]) + [lab(0, .hgb, 12.0), lab(0, .creat, 1.0), lab(86, .ca, 11.5),
                                                          lab(112, .hgb, 10.0)]
        let line = try #require(evaluate(patientRecord(labs: labs)).response(ofLine: 1))
        #expect(line.assessments.map(\.relapseFeature) == [false, false, true, true])
        #expect(hasClinicalRelapseFeature(calcium: [11.0], hgb: [10.1], creatinine: [2.9], baselineHgb: 12, baselineCreatinine: 1,
                                          lesionOrPlasmacytoma: false, crabReported: false, hbBelow10Counts: false) == false)
        #expect(hasClinicalRelapseFeature(calcium: [], hgb: [], creatinine: [3.0], baselineHgb: nil, baselineCreatinine: 1,
                                          lesionOrPlasmacytoma: false, crabReported: false, hbBelow10Counts: false))
        #expect(hasClinicalRelapseFeature(calcium: [], hgb: [9.9], creatinine: [], baselineHgb: nil, baselineCreatinine: nil,
                                          lesionOrPlasmacytoma: false, crabReported: false, hbBelow10Counts: true))
    }

    @Test("RULES 2.3 a reported PD before the first line has no line; no lines → only reported PD")
    func noLines() {
        let record = patientRecord(labs: serumLabs([2.0, 0.8, 0.8, 1.4, 1.6]), assessments: [siteAssessment(10, .pd)])
        let e = evaluateResponse(record: record, lines: [], options: ResponseOptions())
        #expect(e.lines.isEmpty)
        #expect(e.progressions == [ProgressionEvent(date: day(10), source: .reported, line: nil)])
    }

    @Test("RULES 2.3 pd_confirmed_by_next_line")
    func pdConfirmedByNextLine() {
        let labs = serumLabs([2.0, 0.8, 0.8, 1.4])
        let lines = [lineSpan(1, start: 0, end: 90, next: 100), lineSpan(2, start: 100)]
        #expect(evaluate(patientRecord(labs: labs), lines: lines).progressions.isEmpty)
        var options = ResponseOptions()
        options.pdConfirmedByNextLine = true
        #expect(evaluate(patientRecord(labs: labs), lines: lines, options: options).progressions
            == [ProgressionEvent(date: day(84), source: .computed, line: 1)])
    }
    @Test("RULES 2.3 BORSRC mixed: a lab PR confirmed by a site-reported PR")
    func mixedSource() throws {
        let record = patientRecord(labs: serumLabs([3.0, 1.2]), assessments: [siteAssessment(100, .pr)])
        let line = try #require(evaluate(record).response(ofLine: 1))
        #expect(line.assessments.map(\.used) == [.pr, .pr])
        #expect(line.bor == .pr && line.borDate == day(28))
        #expect(line.borSource == .mixed)
        var computedOnly = ResponseOptions()
        computedOnly.responseSource = .computed
        let computed = try #require(evaluate(record, options: computedOnly).response(ofLine: 1))
        #expect(computed.bor == .sd)
        #expect(computed.borSource == .computed)
    }
    @Test("RULES 2.1/2.2 FLC-only disease end to end: λ involved (larger chain), dFLC PR then PD")
    func flcOnlyEndToEnd() throws {
        var labs = [lab(0, .spepM, 0.2), lab(0, .flcK, 10), lab(0, .flcL, 500)]
        for (d, l) in [(28, 200.0), (56, 150.0), (84, 400.0), (112, 420.0)] {
            labs += [lab(d, .spepM, 0.2), lab(d, .flcK, 10), lab(d, .flcL, l)]
        }
        let e = evaluate(patientRecord(labs: labs))
        let line = try #require(e.response(ofLine: 1))
        #expect(line.measurable == .flc)
        #expect(line.assessments.map(\.computed) == [.pr, .pr, .pd, .pd])
        #expect(line.bor == .pr && line.borDate == day(28))
        #expect(line.progression == ProgressionEvent(date: day(84), source: .computed, line: 1))
    }

    @Test("RULES 2.3 marrow-only disease: the marrow category stands at its date")
    func marrowOnlyEndToEnd() throws {
        let labs = [lab(-5, .bmpc, 50), lab(0, .spepM, 0.2), lab(60, .bmpc, 20)]
        let line = try #require(evaluate(patientRecord(labs: labs)).response(ofLine: 1))
        #expect(line.measurable == .marrow)
        #expect(line.assessments.map(\.confirmed) == [.pr])
        #expect(line.bor == .pr)
    }

    /// SPEC 5: every finding has a SOURCE. IMWG-004 has no lab row to point at: it names the
    /// therapy row that starts the line (the non-steroid drug, not the dexamethasone row of
    /// the same day), so the site can find the line.
    @Test("IMWG-004 points at the therapy row that starts the line")
    func nonMeasurableFindingHasASource() throws {
        let dex = TherapyExposure(key: testKey, drug: "dexamethasone", classes: [.steroid], start: day(0),
                                  provenance: prov(2, "therapies.csv"))
        let pom = TherapyExposure(key: testKey, drug: "pomalidomide", classes: [.imid], start: day(0),
                                  provenance: prov(3, "therapies.csv"))
        let e = evaluate(patientRecord(labs: [lab(0, .spepM, 0.4)], therapies: [dex, pom]))
        let f = try #require(e.findings.first { $0.rule.id == "IMWG-004" })
        #expect(f.source == "therapies.csv:3")
        #expect(f.table == .therapies)
        #expect(f.field == "MEASDIS" && f.value == "NONE")
    }
}
