import Foundation
import Testing
@testable import MMSynth

@Suite("synth --errors — injected errors of every rule family (SPEC 5)")
struct InjectionTests {
    static let families: Set<String> = ["ING", "SCH", "DUP", "CHR", "UNIT", "IMWG", "STG", "LOT", "PHI"]

    @Test("At rate 1.0 every family is present and every row-level injection points at its line", arguments: [
        SynthFormat.csv, .odm,
    ])
    func everyFamily(_ format: SynthFormat) throws {
        let dir = try SynthFixture.cohort {
            SynthOptions(patients: 30, sites: 3, seed: 9, format: format, errorRate: 1.0, outDirectory: $0)
        }
        let injected = try SynthFixture.table(dir + "/expected/injected.csv")
        #expect(Set(injected.compactMap { $0["family"] }) == Self.families)
        // Every kind of the round robin was applied at least once (30 patients, 20 kinds).
        let rules = Set(injected.compactMap { $0["rule_hint"] })
        #expect(rules.isSuperset(of: ["UNIT-001", "UNIT-002", "CHR-003", "CHR-004", "CHR-006", "SCH-001", "SCH-004",
                                      "SCH-005", "SCH-008", "DUP-001", "DUP-002", "DUP-003", "LOT-001", "LOT-002",
                                      "IMWG-001", "IMWG-003", "STG-003", "PHI-001"]))
        #expect(rules.contains(format == .csv ? "ING-003" : "ING-005"))
        if format == .csv { #expect(rules.contains("ING-002")) }
        // Each patient-level injection's line holds that patient's row in that file.
        var cache: [String: [String]] = [:]
        for row in injected where !(row["patient_id"] ?? "").isEmpty {
            let file = try #require(row["file"]), line = try #require(Int(row["line"] ?? ""))
            if cache[file] == nil { cache[file] = try SynthFixture.lines(dir + "/" + file) }
            let text = try #require(cache[file]?[line - 1])
            let pid = try #require(row["patient_id"])
            if format == .csv {
                #expect(text.hasPrefix(pid + ",") || text.hasPrefix(pid + ";"), "\(file):\(line) is not \(pid)'s row")
            } else {
                #expect(text.contains("<ItemGroupData"), "\(file):\(line) is not a row")
            }
        }
    }

    @Test("Injected values are the ones RULES.md 1 names (Hb 'g/L' < 25, albumin 3.9 g/L, creatinine 88 mg/dL)")
    func unitMagnitudes() throws {
        let dir = try SynthFixture.cohort {
            SynthOptions(patients: 30, sites: 1, seed: 3, errorRate: 1.0, outDirectory: $0)
        }
        let injected = try SynthFixture.table(dir + "/expected/injected.csv").filter { $0["rule_hint"] == "UNIT-002" }
        let lines = try SynthFixture.lines(dir + "/labs.csv")
        #expect(injected.count >= 3)
        for row in injected {
            let fields = lines[(Int(row["line"] ?? "") ?? 1) - 1].split(separator: ",", omittingEmptySubsequences: false)
            let test = String(fields[3]), value = Double(fields[4]) ?? -1, unit = String(fields[5])
            switch test {
            case "HGB": #expect(unit == "g/L" && value < 25)
            case "ALB": #expect(unit == "g/L" && value == 3.9)
            case "CREAT": #expect(unit == "mg/dL" && value == 88)
            default: Issue.record("unexpected UNIT-002 on \(test)")
            }
        }
    }

    @Test("Identifier columns: fake surnames and well-formed codici fiscali; none without --errors")
    func identifiers() throws {
        let dirty = try SynthFixture.cohort { SynthOptions(patients: 10, sites: 2, seed: 5, errorRate: 0.1, outDirectory: $0) }
        let rows = try SynthFixture.table(dirty + "/patients.csv")
        for r in rows {
            let cf = try #require(r["codice_fiscale"])
            #expect(cf.count == 16)
            #expect(FakeIdentity.checkCharacter(String(cf.prefix(15))) == cf.last)
            #expect(FakeIdentity.surnames.contains(r["cognome"] ?? ""))
        }
        let clean = try SynthFixture.cohort { SynthOptions(patients: 10, sites: 2, seed: 5, outDirectory: $0) }
        let header = try SynthFixture.lines(clean + "/patients.csv")[0]
        #expect(header == "patient_id,site_id,sex,birth_date,diagnosis_date,heavy_chain,light_chain,ecog,weight_kg,"
            + "height_cm,death_date,last_contact_date")
        #expect(!FileManager.default.fileExists(atPath: clean + "/expected/injected.csv"))
    }

    @Test("Codice fiscale check character (the published example RSSMRA85T10A562S)")
    func checkCharacter() {
        #expect(FakeIdentity.checkCharacter("RSSMRA85T10A562") == "S")
        #expect(FakeIdentity.codiceFiscale(surname: "Rossi", name: "Mario", year: 1985, month: 12, day: 10,
                                           female: false, place: "A562") == "RSSMRA85T10A562S")
    }

    @Test("The Windows-1252 site: ';' delimiter, decimal commas, CRLF, a non-UTF-8 byte")
    func windowsSite() throws {
        let dir = try SynthFixture.cohort { SynthOptions(patients: 40, sites: 3, seed: 8, errorRate: 0.5, outDirectory: $0) }
        let labs = try SynthFixture.bytes(dir + "/s03_labs.csv")
        let text = String(decoding: labs, as: UTF8.self)
        #expect(text.hasPrefix("patient_id;site_id;date;test;value;unit;lln;uln\r\n"))
        #expect(text.contains(";g/dL;"))
        #expect(text.range(of: #";\d+,\d+;g/dL;"#, options: .regularExpression) != nil)
        let ae = try SynthFixture.bytes(dir + "/s03_adverse_events.csv")
        #expect(String(data: ae, encoding: .utf8) == nil, "should not be valid UTF-8")
        #expect(ae.contains(0xB0))  // the degree sign of "38°C" in Windows-1252
    }
}
