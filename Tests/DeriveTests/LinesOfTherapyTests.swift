import Testing
import MMModel
import MMValidate
@testable import MMDerive

@Suite("Lines of therapy — thresholds and details (RULES.md 3, Rajkumar 2015)")
struct LinesOfTherapyTests {
    @Test("Regimen window 28 days: day 28 in, day 29 out (step 2)", arguments: [(28, true), (29, false), (0, true)])
    func regimenWindow(_ offset: Int, _ inside: Bool) {
        #expect(isWithinRegimenWindow(lineStart: dayN(0), drugStart: dayN(offset), windowDays: 28) == inside)
        let result = lines(regimen(["R", "d"], 0, 300) + [rx("K", offset, 300)])
        #expect(result.lines.count == (inside ? 1 : 2))
    }

    @Test("Gap 90 days: restart 90 days after the last dose stays, 91 starts a line (step 5)",
          arguments: [(90, 1), (91, 2)])
    func gap(_ gapDays: Int, _ count: Int) {
        #expect(isTreatmentGap(lastDose: dayN(100), nextDose: dayN(100 + gapDays), gapDays: 90) == (count == 2))
        let result = lines(regimen(["R", "d"], 0, 100) + regimen(["R", "d"], 100 + gapDays, 300))
        #expect(result.lines.count == count)
        if count == 2 { #expect(result.lines[1].startReason == .gap) }
    }

    @Test("Planned sequence within 180 days of the previous step's end (step 4): 180 in, 181 out",
          arguments: [(180, 1), (181, 2)])
    func sequenceGap(_ gapDays: Int, _ count: Int) {
        let rows = regimen(["V", "R", "d"], 0, 100) + [rx("R", 100 + gapDays, 700, setting: .consolidation)]
        #expect(lines(rows).lines.count == count)
    }

    @Test("Tandem transplant within 180 days of the previous one: 180 tandem, 181 a new line",
          arguments: [(180, 1), (181, 2)])
    func tandem(_ apart: Int, _ count: Int) {
        // Induction ends long before, so only the tandem rule can keep the second transplant.
        let rows = regimen(["V", "R", "d"], 0, 100) + [rx("ASCT", 200, nil), rx("ASCT", 200 + apart, nil)]
        let result = lines(rows)
        #expect(result.lines.count == count)
        if count == 2 {
            #expect(result.lines[1].startReason == .transplant)
            #expect(result.lines[1].regimen == "")
            #expect(result.lines[1].hasTransplant)
        }
        #expect(isPlannedTandem(previousTransplant: dayN(0), transplant: dayN(apart), tandemMaxDays: 180) == (count == 1))
    }

    @Test("A progression on the line's start day is not one of the line (it preceded it)")
    func progressionOnStartDay() {
        #expect(!progressionBetween(lineStart: dayN(10), rowStart: dayN(40), progressions: [dayN(10)]))
        #expect(progressionBetween(lineStart: dayN(10), rowStart: dayN(40), progressions: [dayN(40)]))
        #expect(progressionBetween(lineStart: dayN(10), rowStart: dayN(40), progressions: [dayN(11)]))
        #expect(!progressionBetween(lineStart: dayN(10), rowStart: dayN(40), progressions: [dayN(41)]))
    }

    @Test("Line end = the day before the next line when doses overlap; ongoing last line has no end")
    func overlapEnd() {
        let result = lines(regimen(["R", "d"], 0, 500) + [rx("K", 100, nil)])
        #expect(result.lines.map(\.end) == [dayN(99), nil])
        #expect(result.lines[0].nextStart == dayN(100))
        #expect(result.lines[1].drugSpans().map(\.drug) == ["carfilzomib", "lenalidomide"])
        let spanR = result.lines[1].drugSpans().first { $0.drug == "lenalidomide" }
        #expect(spanR?.firstDose == dayN(100))
        #expect(spanR?.lastDose == dayN(500))   // its own last dose; the line is ongoing (carfilzomib)
        #expect(result.lines[1].drugSpans().first { $0.drug == "carfilzomib" }?.lastDose == nil)
        #expect(result.lines[0].drugSpans().first?.lastDose == dayN(99))
    }

    @Test("End reason: the stop reason of the drug(s) stopped last, else why the next line started (step 6)")
    func endReasons() {
        // Bortezomib stopped last for toxicity; lenalidomide earlier for progression.
        let a = lines([rx("V", 0, 200, stop: .toxicity), rx("R", 0, 150, stop: .progression), rx("d", 0, 200)])
        #expect(a.lines[0].endReason == "TOXICITY")
        // Two drugs stopped on the same last day: progression outranks completion.
        let b = lines([rx("V", 0, 200, stop: .completed), rx("R", 0, 200, stop: .progression)])
        #expect(b.lines[0].endReason == "PROGRESSION")
        // No stop reason: the next line started after a progression.
        let c = lines(regimen(["R", "d"], 0, 150) + regimen(["K", "d"], 230, 400), progressions: [200])
        #expect(c.lines[0].endReason == "PROGRESSION")
        #expect(c.lines[1].endReason == nil)
        // Ongoing line: no end reason.
        #expect(lines(regimen(["R", "d"], 0, nil)).lines[0].endReason == nil)
    }

    @Test("A missing end date on a drug that is not ongoing takes the line's end (RULES.md 4 last bullet)")
    func missingEnd() {
        let result = lines([rx("R", 0, nil, stop: .toxicity), rx("V", 0, 150), rx("d", 0, 150)])
        #expect(result.lines.count == 1)
        #expect(result.lines[0].end == dayN(150))
        #expect(result.exposures.first { $0.exposure.drug == "lenalidomide" }?.end == dayN(150))
        #expect(result.lines[0].endReason == "TOXICITY")
        // With no stop reason the row is ongoing and so is the line.
        #expect(lines([rx("R", 0, nil), rx("V", 0, 150)]).lines[0].end == nil)
    }

    @Test("REGLBL is the label of the line's first rows; CLASSES sorted; transplant not in REGIMEN")
    func labelAndClasses() {
        let rows = regimen(["V", "R", "d"], 0, 83, label: "VRd") + [rx("ASCT", 120, nil),
                   rx("R", 200, nil, setting: .maintenance, label: "R")]
        let line = lines(rows).lines[0]
        #expect(line.label == "VRd")
        #expect(line.classes == "IMID+PI+STEROID")
        #expect(line.regimen == "bortezomib+dexamethasone+lenalidomide")
        #expect(line.hasTransplant)
    }

    @Test("LOT-001 when site_line differs from the derived line, naming both")
    func siteLine() throws {
        // Two regimen rows of the CRF (lines 2 and 3), each expanded to two drugs.
        let rows = regimen(["R", "d"], 0, 100, label: "Rd", siteLine: 1, row: 2)
            + regimen(["K", "d"], 200, 300, label: "Kd", siteLine: 3, row: 3)
        let result = lines(rows, progressions: [150])
        let findings = Reconciliation.lineFindings(result.exposures)
        #expect(findings.count == 1)   // one query for the Kd row, not one per drug
        let f = try #require(findings.first)
        #expect(f.rule.id == "LOT-001")
        #expect(f.severity == .warning)
        #expect(f.value == "3")
        #expect(f.message.contains("line 3") && f.message.contains("line 2") && f.message.contains("Kd"))
        #expect(f.source == "therapies.csv:3")
    }

    @Test("Exposures before the diagnosis are ignored (step 1)")
    func beforeDiagnosis() {
        let result = lines([rx("T", 0, 50)] + regimen(["R", "d"], 60, 200), diagnosis: 55)
        #expect(result.lines.count == 1)
        #expect(result.lines[0].start == dayN(60))
        #expect(!result.exposures.contains { $0.exposure.drug == "thalidomide" })
    }

    @Test("A steroid still given when the next line starts belongs to both lines")
    func steroidCarried() {
        let result = lines([rx("R", 0, 100), rx("d", 0, 300), rx("K", 150, 300)])
        #expect(result.lines.count == 2)
        #expect(result.lines[1].regimen == "carfilzomib+dexamethasone")
        #expect(result.exposures.first { $0.exposure.drug == "dexamethasone" }?.lines == [1, 2])
    }

    @Test("LineSpan for the response engine carries non-steroid drugs only")
    func span() {
        let s = lines(regimen(["D", "R", "d"], 0, 200)).lines[0].span
        #expect(s.drugs.map(\.drug) == ["daratumumab", "lenalidomide"])
        #expect(s.number == 1 && s.start == dayN(0) && s.end == dayN(200) && s.nextStart == nil)
    }

    @Test("Options are honoured: regimen window 14, gap 60")
    func options() {
        let opts = LineOptions(regimenWindowDays: 14, sequenceMaxGapDays: 180, tandemMaxDays: 180, gapDays: 60)
        #expect(lines(regimen(["R", "d"], 0, 300) + [rx("V", 15, 300)], options: opts).lines.count == 2)
        #expect(lines(regimen(["R", "d"], 0, 100) + regimen(["R", "d"], 161, 300), options: opts).lines.count == 2)
        #expect(lines(regimen(["R", "d"], 0, 100) + regimen(["R", "d"], 160, 300), options: opts).lines.count == 1)
    }
}

@Suite("Lines of therapy — steroids and the line end (RULES.md 3 step 6)")
struct SteroidLineEndTests {
    @Test("Dexamethasone outlasting lenalidomide extends the line end; it does not shorten a gap")
    func steroidExtendsEnd() {
        let result = lines([rx("R", 0, 100, stop: .toxicity), rx("d", 0, 150, stop: .completed)])
        #expect(result.lines[0].end == dayN(150))
        #expect(result.lines[0].endReason == "COMPLETED")
        // Gap measured from lenalidomide's last dose (100): restart on 191 → new line.
        let gap = lines([rx("R", 0, 100), rx("d", 0, 150), rx("R", 191, 300)])
        #expect(gap.lines.count == 2)
        #expect(gap.lines[0].end == dayN(150))
        #expect(gap.lines[1].startReason == .gap)
    }

    // RULES.md 3: "A steroid belongs to the line during whose span (start to end) it starts", and
    // step 6: "Line end = the last dose of its drugs" — dexamethasone to day 130 makes line 1 span
    // days 0–130, so prednisone starting on day 120 (after lenalidomide's last dose, day 100) starts
    // during it; one starting on day 131 is a bridge.
    @Test("A steroid course starting within the span that an earlier steroid course extended belongs to the line")
    func steroidWithinExtendedSpan() {
        let inSpan = lines([rx("R", 0, 100, stop: .other), rx("d", 0, 130, stop: .other),
                            rx("p", 120, 200, stop: .other), rx("K", 300, nil)])
        #expect(inSpan.lines[0].regimen == "dexamethasone+lenalidomide+prednisone")
        #expect(inSpan.lines[0].end == dayN(200))
        #expect(inSpan.exposures.first { $0.exposure.drug == "prednisone" }?.lines == [1])
        let bridge = lines([rx("R", 0, 100, stop: .other), rx("d", 0, 130, stop: .other),
                            rx("p", 131, 200, stop: .other), rx("K", 300, nil)])
        #expect(bridge.lines[0].regimen == "dexamethasone+lenalidomide")
        #expect(bridge.lines[0].end == dayN(130))
        #expect(bridge.exposures.first { $0.exposure.drug == "prednisone" }?.lines == [])
    }

    @Test("An ongoing steroid of the last line keeps the line open; clipped before a next line")
    func ongoingSteroid() {
        #expect(lines([rx("R", 0, 100), rx("d", 0, nil)]).lines[0].end == nil)
        let two = lines([rx("R", 0, 100), rx("d", 0, nil), rx("K", 150, 300)])
        #expect(two.lines[0].end == dayN(149))
        #expect(two.lines[1].regimen == "carfilzomib+dexamethasone")
        // A steroid course still given when line 2 starts belongs to it and extends its end.
        let carried = lines([rx("R", 0, 100), rx("d", 0, 500), rx("K", 150, 300)])
        #expect(carried.lines.map(\.end) == [dayN(149), dayN(500)])
    }
}

@Suite("Lines of therapy — rows without an end date (SPEC 4.1, RULES.md 4 last bullet)")
struct MissingEndTests {
    @Test("No end and no stop reason = ongoing; a stop reason, a later row of the drug or a later site line = stopped")
    func ongoingReadings() {
        let open = rx("R", 0, nil)
        #expect(open.isOngoing(among: [open]))
        #expect(rx("R", 0, nil, stop: .ongoing).isOngoing(among: []))
        #expect(!rx("R", 0, nil, stop: .toxicity).isOngoing(among: []))
        #expect(!open.isOngoing(among: [open, rx("R", 60, 200)]))
        let numbered = rx("R", 0, nil, siteLine: 1)
        #expect(!numbered.isOngoing(among: [numbered, rx("K", 300, 400, siteLine: 2)]))
        #expect(!rx("ASCT", 0, nil).isOngoing(among: []))
    }

    @Test("A row superseded by a later row of the same drug ends with its line")
    func superseded() {
        // Lenalidomide row with no end, then a new lenalidomide row 60 days later (dose change).
        let result = lines([rx("R", 0, nil), rx("d", 0, 200), rx("R", 60, 300)])
        #expect(result.lines.count == 1)
        #expect(result.lines[0].end == dayN(300))
        #expect(result.exposures.first { $0.exposure.drug == "lenalidomide" && $0.exposure.start == dayN(0) }?.end == dayN(300))
    }

    @Test("An end cleared by CHR-003 with no stop reason is not ongoing: the drug stopped, the line's end stands for it")
    func clearedEndIsNotOngoing() {
        var cleared = rx("R", 100, nil)
        cleared.endNotUsable = true
        #expect(!cleared.isOngoing(among: [cleared]))
        // VRd, then lenalidomide whose end was cleared, then IsaPd: lenalidomide does not run into the IsaPd line.
        let result = lines(regimen(["V", "R", "d"], 0, 120) + [cleared] + regimen(["Isa", "P", "d"], 1500, nil))
        let last = result.lines.last
        #expect(result.lines.count == 2)
        #expect(last?.regimen == "dexamethasone+isatuximab+pomalidomide")
        #expect(result.lines.first?.end != nil)
    }

    @Test("An end before the start is read as a single dose")
    func endBeforeStart() {
        let result = lines([rx("R", 100, 50)])
        #expect(result.lines.first?.end == dayN(100))
    }
}

@Suite("Lines of therapy — rows of one day are decided together")
struct SameDayGroupTests {
    @Test("IsaPd stopped for toxicity, then PVd: pomalidomide restarted with new bortezomib belongs to the new line")
    func restartWithNewDrug() {
        let rows = regimen(["Isa", "P", "d"], 0, 70, stop: .toxicity, row: 2)
            + [rx("P", 100, 190, stop: .progression, line: 3), rx("V", 100, 190, line: 4), rx("d", 100, 190, line: 5)]
        let result = lines(rows)
        #expect(result.lines.count == 2)
        #expect(result.lines[0].end == dayN(70))
        #expect(result.lines[0].regimen == "dexamethasone+isatuximab+pomalidomide")
        #expect(result.lines[1].regimen == "bortezomib+dexamethasone+pomalidomide")
        #expect(result.lines[1].startReason == .newDrugAfterWindow)
        #expect(result.exposures.first { $0.exposure.start == dayN(100) && $0.exposure.drug == "pomalidomide" }?.lines == [2])
    }
}
