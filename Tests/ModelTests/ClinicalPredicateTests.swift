import Testing
@testable import MMModel

/// The clinical predicates shared by Validate and Derive (issue 16), at their thresholds.
@Suite("Clinical predicates on the model types")
struct ClinicalPredicateTests {
    static let key = PatientKey(site: "S01", patientID: "P001")
    static func day(_ n: Int) -> Day { Day(rawValue: Int32(18_000 + n)) }
    static func rx(_ drug: String, _ start: Int, _ end: Int? = nil, stop: StopReason? = nil, siteLine: Int? = nil,
                   classes: Set<DrugClass> = [.imid]) -> TherapyExposure {
        TherapyExposure(key: key, drug: drug, classes: classes, start: day(start), end: end.map(day), stopReason: stop,
                        siteLine: siteLine, provenance: Provenance(file: "therapies.csv", line: start + 2))
    }

    @Test("RULES.md 4 (a) / 7: the refractory window is day 60 in, day 61 out, from the first dose, never after index",
          arguments: [(-1, false), (0, true), (100, true), (160, true), (161, false)])
    func refractoryWindow(_ progression: Int, _ inside: Bool) {
        // First dose day 0, last dose day 100, 60-day window, index day 300.
        #expect(Self.day(progression).isInRefractoryWindow(firstDose: Self.day(0), lastDose: Self.day(100), windowDays: 60,
                                                          indexDate: Self.day(300)) == inside)
    }

    @Test("RULES.md 4 (a): a progression after the index date is outside the window even within 60 days")
    func refractoryWindowStopsAtIndex() {
        let pd = Self.day(130)
        #expect(pd.isInRefractoryWindow(firstDose: Self.day(0), lastDose: Self.day(100), windowDays: 60, indexDate: Self.day(130)))
        #expect(!pd.isInRefractoryWindow(firstDose: Self.day(0), lastDose: Self.day(100), windowDays: 60, indexDate: Self.day(129)))
    }

    @Test("The site reports a progression: PD, a new lesion or a plasmacytoma — not a response, not an absent lesion")
    func reportsProgression() {
        func a(_ r: ResponseCategory?, lesion: Bool? = nil, plasmacytoma: Bool? = nil, type: ProgressionType? = nil) -> Assessment {
            Assessment(key: Self.key, date: Self.day(0), response: r, progressionType: type, newLesion: lesion,
                       plasmacytoma: plasmacytoma, provenance: Provenance(file: "assessments.csv", line: 2))
        }
        #expect(a(.pd).reportsProgression && !a(.pd).reportsLesion && !a(.pd).hasClinicalProgressionEvidence)
        #expect(a(.pr, lesion: true).reportsProgression && a(.pr, lesion: true).reportsLesion)
        #expect(a(nil, plasmacytoma: true).reportsProgression)
        #expect(!a(.sd).reportsProgression && !a(.sd, lesion: false, plasmacytoma: false).reportsProgression)
        #expect(a(.pd, type: .clinical).hasClinicalProgressionEvidence && !a(.pd, type: .biochemical).hasClinicalProgressionEvidence)
    }

    @Test("Not ongoing (RULES.md 4 last bullet, CHR-008): a stop reason, the drug again, a later site line; else ongoing")
    func stopEvidence() {
        let open = Self.rx("lenalidomide", 0)
        #expect(open.stopEvidence(among: [open]) == nil && open.isOngoing(among: [open]))
        #expect(Self.rx("lenalidomide", 0, stop: .ongoing).isOngoing(among: []))
        #expect(Self.rx("lenalidomide", 0, stop: .toxicity).stopEvidence(among: []) == .stopReason(.toxicity))
        let again = Self.rx("lenalidomide", 60, 200)
        #expect(open.stopEvidence(among: [open, again]) == .givenAgain(again))
        let numbered = Self.rx("lenalidomide", 0, siteLine: 1)
        let later = Self.rx("carfilzomib", 300, 400, siteLine: 2, classes: [.pi])
        #expect(numbered.stopEvidence(among: [numbered, later]) == .laterSiteLine(later))
        #expect(!numbered.isOngoing(among: [numbered, later]))
        // A later row of a *lower* site line, or one starting the same day, says nothing.
        #expect(numbered.stopEvidence(among: [numbered, Self.rx("carfilzomib", 0, 50, siteLine: 2, classes: [.pi])]) == nil)
        #expect(!Self.rx("ASCT", 0, classes: [.transplant]).isOngoing(among: []))
        #expect(!Self.rx("lenalidomide", 0, 50).isOngoing(among: []))
    }

    @Test("CHR-003's repair, the one reading for Validate and Derive: the end is cleared and the drug is not ongoing")
    func clearedEnd() {
        var r = Self.rx("lenalidomide", 100, 50)
        #expect(r.hasEndBeforeStart && !Self.rx("lenalidomide", 100, 100).hasEndBeforeStart && !Self.rx("lenalidomide", 100).hasEndBeforeStart)
        r.clearUnusableEnd()
        #expect(r.end == nil && r.endNotUsable && !r.hasEndBeforeStart)
        #expect(!r.isOngoing(among: [r]))
    }

    @Test("Y/N flags: one rendering for CSV, SQLite, findings and the trace")
    func flags() {
        #expect(yesNo(true) == "Y" && yesNo(false) == "N" && yesNo(nil) == "")
    }
}
