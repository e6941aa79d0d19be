import Testing
import MMModel
@testable import MMDerive

/// `mmpipe explain`'s trace (SPEC 3) on hand-built patients: each derived flag names its
/// evidence — the rows, dates, windows and RULES.md sections behind it.
@Suite("DerivationTrace — the evidence behind each derived value")
struct DerivationTraceTests {
    var options: PipelineOptions {
        PipelineOptions(studyID: "ISAPD", indexRegimen: IndexRegimen(allOf: ["isatuximab", "pomalidomide"]))
    }

    /// DRd (days 0–300, PD reported on day 290) → KRd (310–600, PD day 590) → IsaPd from day 620,
    /// with serum M-protein on the index line: `spep` = (day, g/dL, labs.csv line).
    func record(spep: [(Int, Double, Int)] = []) -> PatientRecord {
        let p = Patient(key: lotKey, sex: .female, birthDate: Day(year: 1950, month: 6, day: 15), diagnosisDate: dayN(-30),
                        heavyChain: .igG, lightChain: .kappa, ecog: 1, weightKg: 60, lastContactDate: dayN(900),
                        provenance: Provenance(file: "patients.csv", line: 2))
        let pd = { (d: Int, line: Int) in
            Assessment(key: lotKey, date: dayN(d), response: .pd, provenance: Provenance(file: "assessments.csv", line: line))
        }
        let therapies = regimen(["D", "R", "d"], 0, 300, label: "DRd", row: 2)
            + regimen(["K", "R", "d"], 310, 600, label: "KRd", row: 5)
            + regimen(["Isa", "P", "d"], 620, nil, label: "IsaPd", row: 8)
        let labs = [labAt(.b2m, 610, 4.1), labAt(.alb, 610, 3.2), labAt(.creat, 610, 1.0)]
            + spep.map { d, v, line in
                LabResult(key: lotKey, date: dayN(d), test: .spepM, value: .number(v), provenance: Provenance(file: "labs.csv", line: line))
            }
        return PatientRecord(key: lotKey, patient: p, labs: labs, cytogenetics: [cyto(.del17p, -20, .detected)],
                             therapies: therapies, assessments: [pd(290, 3), pd(590, 4)])
    }

    @Test("TCR (RULES.md 4): each class's refractory drug, and per drug the progression and window behind it")
    func tripleClassRefractory() throws {
        let (out, trace) = PatientDeriver(options: options).trace(record())
        #expect(out.adsl?.TCRFL == true)
        let tcr = try #require(trace.refractoriness.first { $0.variable == "TCRFL" })
        #expect(tcr.value == "Y" && tcr.rule == "RULES.md 4")
        #expect(tcr.because.contains("daratumumab") && tcr.because.contains("carfilzomib") && tcr.because.contains("lenalidomide"))
        let dara = try #require(trace.drugs.first { $0.drug == "daratumumab" })
        #expect(dara.refractory)
        // Progression on day 290, within [first dose, last dose (day 300) + 60 days]; the reported PD is
        // also the line's best confirmed response while on it.
        #expect(dara.evidence == ["line 1: progression on \(dayN(290).iso) within [\(dayN(0).iso), \(dayN(360).iso)] (on the drug or ≤ 60 days after its last dose \(dayN(300).iso)): refractory by (a); best confirmed response while on it PD (< MR over ≥ 28 days): refractory by (b)"])
        let len = try #require(trace.drugs.first { $0.drug == "lenalidomide" })
        #expect(len.evidence.count == 2 && len.evidence[1].hasPrefix("line 2: progression on \(dayN(590).iso)"))
        // Pomalidomide is the index drug: not exposed before index, so no refractoriness evidence.
        #expect(!trace.drugs.contains { $0.drug == "pomalidomide" })
        #expect(trace.refractoriness.first { $0.variable == "QUADRFL" }?.value == "N")
    }

    @Test("A line start (RULES.md 3): line 2 starts after the progression of day 290, with its rows file:line")
    func lineStart() throws {
        let trace = PatientDeriver(options: options).trace(record()).trace
        #expect(trace.lines.map(\.startReason) == ["FIRST", "PROGRESSION", "PROGRESSION"])
        let line2 = trace.lines[1]
        #expect(line2.whyStarted.contains("progression on \(dayN(290).iso) (site assessment assessments.csv:3)"))
        #expect(line2.whyStarted.contains("carfilzomib"))
        #expect(line2.rows.contains { $0.what.hasPrefix("carfilzomib \(dayN(310).iso)..\(dayN(600).iso)") && $0.source == "therapies.csv:5" })
        #expect(line2.rule == "RULES.md 3" && trace.lines[2].index && !line2.index)
        #expect(trace.population?.value == "in")
        #expect(trace.index.first { $0.variable == "PRIORLOT" }?.value == "2")
    }

    @Test("PFS censored (RULES.md 8): at the last response assessment, naming its lab row")
    func pfsCensored() throws {
        let (out, trace) = PatientDeriver(options: options).trace(record(spep: [(615, 3.0, 20), (650, 1.2, 21), (680, 1.0, 22), (710, 0.9, 23)]))
        let pfs = try #require(trace.endpoints.first { $0.variable == "PFS" })
        #expect(out.timeToEvent.first { $0.PARAMCD == "PFS" }?.CNSR == 1)
        #expect(pfs.value == "90 days, CNSR=1" && pfs.because.contains("censored: LAST RESPONSE ASSESSMENT"))
        #expect(pfs.evidence.contains { $0.source == "labs.csv:23" && $0.date == dayN(710).iso })
        // The assessments of the index line: values, nadir, category and its confirmation.
        let index = try #require(trace.responses.first { $0.line == 3 })
        #expect(index.measurable == "SERUM" && index.bor == "PR")
        let first = try #require(index.assessments.first { $0.date == dayN(650).iso })
        #expect(first.values == ["SPEP_M=1.2"] && first.nadir == ["serum=3.0"])
        #expect(first.computed == "PR" && first.confirmed == "PR" && first.confirmedWith == dayN(680).iso)
    }

    @Test("PFS event: the confirmed lab progression, its date and rows")
    func pfsEvent() throws {
        let spep = [(615, 3.0, 20), (650, 1.2, 21), (680, 1.0, 22), (710, 0.9, 23), (760, 1.6, 24), (790, 1.8, 25)]
        let trace = PatientDeriver(options: options).trace(record(spep: spep)).trace
        let pfs = try #require(trace.endpoints.first { $0.variable == "PFS" })
        #expect(pfs.value == "140 days, CNSR=0" && pfs.because.contains("event PROGRESSION"))
        #expect(pfs.evidence.contains { $0.what == "computed progression on line 3" })
        #expect(pfs.evidence.contains { $0.source == "labs.csv:24" })
        #expect(trace.responses.first { $0.line == 3 }?.progression == "\(dayN(760).iso) (computed)")
    }

    @Test("The trace changes nothing: derive and trace give the same derivation; staging and renal inputs named")
    func sameDerivation() throws {
        let r = record(spep: [(615, 3.0, 20), (650, 1.2, 21)])
        let deriver = PatientDeriver(options: options)
        let (traced, trace) = deriver.trace(r)
        let plain = deriver.derive(r)
        #expect(traced.adsl == plain.adsl && traced.lines == plain.lines && traced.timeToEvent == plain.timeToEvent)
        #expect(trace.staging.first { $0.variable == "ISS" }?.because == "B2M 4.1 mg/L, albumin 3.2 g/dL")
        #expect(trace.cytogenetics.first { $0.variable == "DEL17PFL" }?.evidence.first?.source == "cytogenetics.csv:2")
        #expect(trace.renal.first?.because.hasPrefix("cockcroft_gault: creatinine 1.0 mg/dL") == true)
        #expect(trace.rules == "RULES.md version \(rulesVersion)")
    }
}
