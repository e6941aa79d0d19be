import MMModel
import Testing
@testable import MMMap

@Suite("Units: conversions and plausibility (RULES.md 1)")
struct UnitTests {
    @Test("every conversion of RULES.md 1 with exact numbers", arguments: [
        ("CREAT", "88.4", "umol/L", 1.0),            // ÷ 88.4
        ("CREAT", "176,8", "µmol/L", 2.0),
        ("CA", "2.5", "mmol/L", 10.02),              // × 4.008
        ("ALB", "35", "g/L", 3.5),                   // ÷ 10
        ("HGB", "111", "g/l", 11.1),
        ("HGB", "6.206", "mmol/L", 10.0),            // ÷ 0.6206
        ("SPEP_M", "25", "g/L", 2.5),
        ("UPEP_M", "0.35", "g/24h", 350.0),           // × 1000
        ("UPEP_M", "350", "mg/24 h", 350.0),
        ("FLC_K", "12.5", "mg/dL", 125.0),           // × 10
        ("B2M", "423.5", "nmol/L", 5.0),             // ÷ 84.7
        ("ANC", "1500", "/uL", 1.5),                 // ÷ 1000
        ("PLT", "150000", "/mm3", 150.0),
        ("PLT", "150", "x10^9/L", 150.0),
        ("ANC", "2.1", "10^9/l", 2.1),
        ("LDH", "250", "U/L", 250.0),
        ("BMPC", "60", "%", 60.0),
    ])
    func conversion(_ test: String, _ value: String, _ unit: String, _ expected: Double) throws {
        let h = try Harness()
        let (result, log) = h.lab(test, value, unit)
        let r = try #require(result)
        #expect(r.value.number == expected)
        #expect(log.findings.isEmpty)
    }

    @Test("18.8: a value above the test's possible maximum (schemas/lab-tests.yaml) rejects the row with SCH-005", arguments: [
        ("HGB", "1e308", "mmol/L", "0–30 g/dL"),
        ("SPEP_M", "1e20", "g/dL", "0–20 g/dL"),
        ("SPEP_M", "<1e20", "g/dL", "0–20 g/dL"),
        ("BMPC", "150", "%", "0–100 %"),
        ("PLT", "20000", "10^9/L", "0–10000 10^9/L"),
    ])
    func possibleMaximum(_ test: String, _ value: String, _ unit: String, _ range: String) throws {
        let (result, log) = try Harness().lab(test, value, unit)
        #expect(result == nil)
        #expect(log.rules() == ["SCH-005"])
        #expect(log.rejected == 1)
        #expect(log.findings.first?.message.contains("(\(range))") == true, "\(log.findings)")
    }

    @Test("18.8: the maximum is checked on the canonical value: 300 g/L HGB is 30 g/dL (kept), 2000 umol/L creatinine is not")
    func maximumAfterConversion() throws {
        #expect(try Harness().lab("HGB", "300", "g/L").result?.value.number == 30)
        #expect(try Harness().lab("CREAT", "5000", "umol/L").log.rules() == ["SCH-005"])
    }

    @Test("the conversion is one tallied `normalize` entry per test, unit and file (SPEC 7): count, first and last source")
    func conversionAudit() throws {
        let (result, log) = try Harness().lab("ALB", "35,5", "g/L")
        #expect(result?.value.number == 3.55)
        #expect(log.audit.isEmpty)  // tallied until the file is read
        let entry = try #require(log.tallies.first)
        #expect(entry.action == .normalize && entry.key == nil)
        #expect(entry.before == "ALB in g/L")
        #expect(entry.after == "ALB in g/dL (÷ 10)")
        #expect(entry.field == "value")
        #expect(entry.source == "labs.csv:2" && entry.lastSource == "labs.csv:2" && entry.count == 1)
    }

    @Test("many rows converted alike make one line; another test or unit its own; closing moves them to the log")
    func conversionTallied() throws {
        let h = try Harness()
        var rows: [[String]] = []
        for i in 0..<50 { rows.append(["P\(i % 7)", "S1", "2024-03-01", "HGB", "\(100 + i)", "g/L", ""]) }
        rows.append(["P1", "S1", "2024-03-02", "ALB", "35", "g/L", ""])
        rows.append(["P2", "S1", "2024-03-03", "HGB", "120", "g/L", ""])
        var out = h.map("labs", ["patient_id", "site_id", "date", "test", "value", "unit", "uln"], rows)
        #expect(out.batch.labs.count == 52)
        #expect(out.log.tallies.map(\.count) == [51, 1])
        let hgb = try #require(out.log.tallies.first)
        #expect(hgb.before == "HGB in g/L" && hgb.source == "labs.csv:2" && hgb.lastSource == "labs.csv:53")
        // Merging the log of a later part of the same file extends the tally: the first source
        // stays, the last is the later part's.
        let more = h.map("labs", ["patient_id", "site_id", "date", "test", "value", "unit", "uln"],
                         [["P9", "S1", "2024-03-04", "HGB", "99", "g/L", ""], ["P9", "S1", "2024-03-05", "ALB", "30", "g/L", ""],
                          ["P9", "S1", "2024-03-05", "CREAT", "80", "umol/L", ""]])
        out.log.merge(more.log)
        #expect(out.log.tallies.map(\.count) == [52, 2, 1])
        #expect(out.log.tallies.map(\.source) == ["labs.csv:2", "labs.csv:52", "labs.csv:4"])
        #expect(out.log.tallies.map(\.lastSource) == ["labs.csv:2", "labs.csv:3", "labs.csv:4"])
        out.log.closeTallies()
        #expect(out.log.tallies.isEmpty)
        #expect(out.log.audit.filter { $0.action == .normalize }.count == 3)
    }

    @Test("a canonical value is not audited")
    func canonicalNotAudited() throws {
        let (result, log) = try Harness().lab("HGB", "11.1", "g/dL")
        #expect(result?.value.number == 11.1)
        #expect(log.audit.isEmpty)
    }

    /// (test, value, labelled unit, implausible?, value in the evident unit converted to canonical)
    static let thresholds: [(String, String, String, Bool, Double)] = [
        ("HGB", "25", "g/L", false, 2.5), ("HGB", "24.9", "g/L", true, 24.9),
        ("HGB", "25", "g/dL", false, 25), ("HGB", "25.1", "g/dL", true, 2.51),
        ("ALB", "10", "g/L", false, 1.0), ("ALB", "9.9", "g/L", true, 9.9),
        ("ALB", "10", "g/dL", false, 10), ("ALB", "10.1", "g/dL", true, 1.01),
        ("CREAT", "25", "mg/dL", false, 25), ("CREAT", "25.1", "mg/dL", true, 0.283936651584),
        ("CREAT", "15", "umol/L", false, 0.169683257919), ("CREAT", "14.9", "umol/L", true, 14.9),
        ("CA", "4.5", "mmol/L", false, 18.036), ("CA", "4.51", "mmol/L", true, 4.51),
        ("CA", "4.5", "mg/dL", false, 4.5), ("CA", "4.49", "mg/dL", true, 17.99592),
        ("B2M", "40", "mg/L", false, 40), ("B2M", "40.1", "mg/L", true, 0.473435655254),
    ]

    @Test("plausibility, unit_mismatch: correct — UNIT-002 WARNING, reinterpreted, audit `correct`",
          arguments: thresholds)
    func correct(_ test: String, _ value: String, _ unit: String, _ implausible: Bool, _ corrected: Double) throws {
        let (result, log) = try Harness(unitMismatch: .correct).lab(test, value, unit)
        let r = try #require(result)
        #expect(r.excludedFromDerivation == false)
        #expect(log.rejected == 0)
        if implausible {
            #expect(log.rules() == ["UNIT-002"])
            #expect(log.findings.first?.severity == .warning)
            #expect(log.findings.first?.value == "\(value) \(unit)")
            #expect(r.value.number == corrected)
            let entry = try #require(log.audit.first { $0.action == .correct })
            #expect(entry.before == "\(value) \(unit)")
            #expect(entry.rule == "UNIT-002")
        } else {
            #expect(log.findings.isEmpty)
            #expect(r.value.number == corrected)
        }
    }

    @Test("plausibility, unit_mismatch: exclude — UNIT-003, row kept but excluded from derivation",
          arguments: thresholds)
    func exclude(_ test: String, _ value: String, _ unit: String, _ implausible: Bool, _ corrected: Double) throws {
        let (result, log) = try Harness(unitMismatch: .exclude).lab(test, value, unit)
        let r = try #require(result)
        #expect(r.excludedFromDerivation == implausible)
        #expect(log.rules() == (implausible ? ["UNIT-003"] : []))
        #expect(log.rejected == 0)
    }

    @Test("plausibility, unit_mismatch: reject — UNIT-004 ERROR, row rejected and counted",
          arguments: thresholds)
    func reject(_ test: String, _ value: String, _ unit: String, _ implausible: Bool, _ corrected: Double) throws {
        let (result, log) = try Harness(unitMismatch: .reject).lab(test, value, unit)
        #expect((result == nil) == implausible)
        #expect(log.rules() == (implausible ? ["UNIT-004"] : []))
        #expect(log.rejected == (implausible ? 1 : 0))
        if implausible {
            #expect(log.findings.first?.severity == .error)
            #expect(log.audit.contains { $0.action == .reject })
        }
    }

    @Test("the seed's Hb 11.1 g/L is read as 11.1 g/dL")
    func seedHb() throws {
        let (result, log) = try Harness().lab("Hb", "11.1", "g/L")
        #expect(result?.value.number == 11.1)
        let entry = try #require(log.audit.first)
        #expect(entry.action == .correct && entry.before == "11.1 g/L" && entry.after == "11.1 g/dL")
        #expect(log.findings.first?.message.contains("labs.csv:2") == true)
    }

    @Test("unknown unit → UNIT-001, missing unit on a number → UNIT-005; both reject the row")
    func unknownAndMissingUnits() throws {
        let h = try Harness()
        let unknown = h.lab("HGB", "11", "mg/L")
        #expect(unknown.result == nil && unknown.log.rules() == ["UNIT-001"] && unknown.log.rejected == 1)
        let missing = h.lab("HGB", "11", "")
        #expect(missing.result == nil && missing.log.rules() == ["UNIT-005"] && missing.log.rejected == 1)
        // A test with a single unit needs none.
        #expect(h.lab("BMPC", "40", "").result?.value.number == 40)
    }

    @Test("below detection <x, qualitative results, MRD sensitivity")
    func specialValues() throws {
        let h = try Harness()
        #expect(h.lab("SPEP_M", "<0.1", "g/dL").result?.value == .belowDetection(0.1))
        #expect(h.lab("SPEP_M", "< 1", "g/L").result?.value == .belowDetection(0.1))
        for (v, pos) in [("POS", true), ("neg", false), ("positive", true), ("Negativo", false), ("+", true), ("-", false)] {
            #expect(h.lab("SIFE", v, "").result?.value == (pos ? .positive : .negative))
        }
        let mrd = h.lab("MRD", "NEG", "1e-5")
        #expect(mrd.result?.value == .negative && mrd.result?.mrdSensitivity == "1e-5")
        let bad = h.lab("UIFE", "2.1", "")
        #expect(bad.result == nil && bad.log.rules() == ["SCH-004"])
    }

    @Test("LDH keeps its uln and lln")
    func ldhLimits() throws {
        let (result, _) = try Harness().lab("LDH", "300", "U/L", uln: "248")
        #expect(result?.uln == 248)
    }
}
