import Foundation
import Testing
@testable import MMSynth

/// The cohort looks like the seeds' cohorts (seed 000 Table 1, seed 003 Table 1A) and keeps
/// the chronology a validator checks (SPEC 5 CHR).
@Suite("synth — clinical plausibility")
struct PlausibilityTests {
    struct Cohort {
        var patients: [[String: String]]
        var labs: [[String: String]]
        var therapies: [[String: String]]
        var assessments: [[String: String]]
    }

    static func load() throws -> Cohort {
        let dir = try SynthFixture.cohort { SynthOptions(patients: 400, sites: 4, seed: 2025, outDirectory: $0) }
        return Cohort(patients: try SynthFixture.table(dir + "/patients.csv"),
                      labs: try SynthFixture.table(dir + "/labs.csv"),
                      therapies: try SynthFixture.table(dir + "/therapies.csv"),
                      assessments: try SynthFixture.table(dir + "/assessments.csv"))
    }

    static func key(_ r: [String: String]) -> String { (r["site_id"] ?? "") + "/" + (r["patient_id"] ?? "") }

    static func median(_ v: [Double]) -> Double {
        let s = v.sorted()
        return s.isEmpty ? 0 : (s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2)
    }

    @Test("Demographics and isotypes: age median ~66–72 (40–90), ~55 % male, IgG > IgA > light chain, kappa:lambda ~2:1")
    func demographics() throws {
        let c = try Self.load()
        let ages = c.patients.compactMap { p -> Double? in
            guard let b = SynthFixture.day(p["birth_date"]), let d = SynthFixture.day(p["diagnosis_date"]) else { return nil }
            return Double(d - b) / 365.25
        }
        #expect(ages.count == 400)
        #expect((60...78).contains(Self.median(ages)))
        #expect(ages.allSatisfy { (39...91).contains($0) })
        let male = Double(c.patients.filter { $0["sex"] == "M" }.count) / 400
        #expect((0.47...0.63).contains(male))
        func share(_ h: String) -> Double { Double(c.patients.filter { $0["heavy_chain"] == h }.count) / 400 }
        #expect((0.48...0.68).contains(share("IgG")))
        #expect((0.13...0.28).contains(share("IgA")))
        #expect((0.09...0.22).contains(share("none")))
        #expect((0.005...0.06).contains(share("")))  // non-secretory
        let kappa = Double(c.patients.filter { $0["light_chain"] == "kappa" }.count)
        let lambda = Double(c.patients.filter { $0["light_chain"] == "lambda" }.count)
        #expect((1.5...2.7).contains(kappa / lambda))
    }

    @Test("Every patient has a line; diagnosis before the first therapy; nothing after death or last contact")
    func chronology() throws {
        let c = try Self.load()
        var therapies: [String: [[String: String]]] = [:]
        for t in c.therapies { therapies[Self.key(t), default: []].append(t) }
        var lastLab: [String: Int] = [:]
        for l in c.labs { lastLab[Self.key(l)] = max(lastLab[Self.key(l)] ?? 0, SynthFixture.day(l["date"]) ?? 0) }
        let cutoff = try #require(SynthFixture.day("2025-06-30"))
        for p in c.patients {
            let k = Self.key(p)
            let rows = therapies[k] ?? []
            #expect(!rows.isEmpty, "\(k) has no therapy")
            let dx = try #require(SynthFixture.day(p["diagnosis_date"]))
            let first = rows.compactMap { SynthFixture.day($0["start_date"]) }.min() ?? 0
            #expect(dx < first, "\(k): diagnosis not before the first therapy")
            let end = try #require(SynthFixture.day(p["last_contact_date"]))
            #expect(end <= cutoff)
            if let death = p["death_date"], !death.isEmpty {
                #expect(p["last_contact_date"] == death, "\(k): last contact must equal death")
            }
            let lastTherapy = rows.flatMap { [$0["start_date"], $0["end_date"]] }.compactMap { SynthFixture.day($0) }.max() ?? 0
            #expect(lastTherapy <= end, "\(k): therapy after death/last contact")
            #expect((lastLab[k] ?? 0) <= end, "\(k): lab after death/last contact")
            // Lines are numbered 1, 2, … without gaps; ongoing rows have no end date.
            let lines = Set(rows.compactMap { Int($0["site_line"] ?? "") })
            #expect(lines == Set(1...(lines.max() ?? 1)))
            for r in rows where r["stop_reason"] == "ONGOING" { #expect(r["end_date"] == "") }
        }
    }

    @Test("IsaPd (the index regimen of reference.yaml) for most, as the 2nd–5th line; transplants have melphalan and maintenance")
    func indexRegimen() throws {
        let c = try Self.load()
        let isa = c.therapies.filter { $0["drug"] == "isatuximab" && $0["regimen"] == "IsaPd" }
        let withIsa = Set(isa.map(Self.key))
        #expect(Double(withIsa.count) / 400 >= 0.8)
        #expect(isa.allSatisfy { (2...5).contains(Int($0["site_line"] ?? "") ?? 0) })
        // Every IsaPd line has its pomalidomide and dexamethasone rows.
        let poms = Set(c.therapies.filter { $0["drug"] == "pomalidomide" && $0["regimen"] == "IsaPd" }.map(Self.key))
        #expect(poms == withIsa)
        let asct = Set(c.therapies.filter { $0["drug"] == "ASCT" }.map(Self.key))
        let melphalan = Set(c.therapies.filter { $0["drug"] == "melphalan" && $0["setting"] == "CONDITIONING" }.map(Self.key))
        #expect(asct == melphalan)
        #expect(asct.count > 100)
        #expect(c.therapies.contains { $0["setting"] == "MAINTENANCE" && $0["drug"] == "lenalidomide" })
        let stops = Set(c.therapies.compactMap { $0["stop_reason"] })
        #expect(stops.isSuperset(of: ["PROGRESSION", "TOXICITY", "COMPLETED", "ONGOING"]))
    }

    @Test("About 60–90 lab rows per patient; routine labs within 60 days before each line start")
    func labVolume() throws {
        let c = try Self.load()
        let perPatient = Double(c.labs.count) / 400
        #expect((55...95).contains(perPatient))
        var b2m: [String: [Int]] = [:]
        for l in c.labs where l["test"] == "B2M" { b2m[Self.key(l), default: []].append(SynthFixture.day(l["date"]) ?? 0) }
        var missing = 0, starts = 0
        var seen = Set<String>()
        for t in c.therapies where t["regimen"] != "" && t["drug"] != "dexamethasone" {
            let k = Self.key(t) + "#" + (t["site_line"] ?? "")
            guard !seen.contains(k), let s = SynthFixture.day(t["start_date"]) else { continue }
            seen.insert(k)
            starts += 1
            if !(b2m[Self.key(t)] ?? []).contains(where: { s - 60 <= $0 && $0 <= s }) { missing += 1 }
        }
        #expect(starts > 400)
        #expect(Double(missing) / Double(starts) < 0.02)
    }

    /// RULES.md 2.2/2.4: at a site-reported PD of a serum-measurable patient the M-protein
    /// has risen ≥ 0.5 g/dL and ≥ 25 % over the lowest value held on two consecutive visits.
    @Test("Reported progressions show in the serum M-protein (IMWG PD thresholds)")
    func progressionCrossesThreshold() throws {
        let c = try Self.load()
        var spep: [String: [(Int, Double)]] = [:]
        for l in c.labs where l["test"] == "SPEP_M" {
            spep[Self.key(l), default: []].append((SynthFixture.day(l["date"]) ?? 0, Double(l["value"] ?? "") ?? 0))
        }
        var checked = 0, crossing = 0
        for a in c.assessments where a["response"] == "PD" {
            guard let series = spep[Self.key(a)], let d = SynthFixture.day(a["date"]),
                  let i = series.firstIndex(where: { $0.0 == d }), i >= 2,
                  series[0].1 >= 1.0 else { continue }
            // The two visits before the PD hold the nadir (a bound on the confirmed nadir).
            let n = max(series[i - 2].1, series[i - 1].1)
            let s = series[i].1
            checked += 1
            if s - n >= 0.5 && s >= 1.25 * n { crossing += 1 }
        }
        #expect(checked > 100)
        #expect(Double(crossing) / Double(checked) >= 0.85)
    }
}

extension PlausibilityTests {
    /// RULES.md 2.2: a CR needs negative serum and urine immunofixation; the site claims CR
    /// only where the labs of that date show it (no deliberate error in this cohort).
    @Test("Every reported CR has negative serum and urine immunofixation on its date")
    func completeResponsesHaveNegativeImmunofixation() throws {
        let c = try Self.load()
        var ife: [String: [String: String]] = [:]
        for l in c.labs where l["test"] == "SIFE" || l["test"] == "UIFE" {
            ife[Self.key(l) + "@" + (l["date"] ?? ""), default: [:]][l["test"] ?? ""] = l["value"]
        }
        let crs = c.assessments.filter { $0["response"] == "CR" }
        #expect(crs.count > 50)
        for a in crs {
            let tests = ife[Self.key(a) + "@" + (a["date"] ?? "")] ?? [:]
            #expect(tests["SIFE"] == "NEG" && tests["UIFE"] == "NEG", "\(Self.key(a)) CR on \(a["date"] ?? "")")
        }
    }
}

extension PlausibilityTests {
    /// RULES.md 9 (CTCAE v5): a grade ≥ 3 haematological AE comes with a lab value that
    /// reaches its grade within ± 7 days, so a clean cohort raises no AE-001.
    @Test("Grade ≥ 3 haematological adverse events are supported by their lab values", arguments: [
        ("Neutropenia", "ANC", 3, 1.0), ("Neutropenia", "ANC", 4, 0.5), ("Thrombocytopenia", "PLT", 3, 50.0),
        ("Thrombocytopenia", "PLT", 4, 25.0), ("Anaemia", "HGB", 3, 8.0),
    ])
    func haematologicalEventsHaveLabs(_ term: String, _ test: String, _ grade: Int, _ below: Double) throws {
        let dir = try SynthFixture.cohort { SynthOptions(patients: 150, sites: 1, seed: 77, outDirectory: $0) }
        let labs = try SynthFixture.table(dir + "/labs.csv").filter { $0["test"] == test }
        var byPatient: [String: [(Int, Double)]] = [:]
        for l in labs {
            byPatient[Self.key(l), default: []].append((SynthFixture.day(l["date"]) ?? 0, Double(l["value"] ?? "") ?? 99))
        }
        let events = try SynthFixture.table(dir + "/adverse_events.csv")
            .filter { $0["term"] == term && $0["grade"] == String(grade) }
        #expect(!events.isEmpty)
        for e in events {
            let onset = SynthFixture.day(e["onset_date"]) ?? 0
            let supported = (byPatient[Self.key(e)] ?? []).contains { abs($0.0 - onset) <= 7 && $0.1 < below }
            #expect(supported, "\(Self.key(e)) \(term) grade \(grade) on \(e["onset_date"] ?? "")")
        }
    }
}
