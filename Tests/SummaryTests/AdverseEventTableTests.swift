import Foundation
import Testing
@testable import MMSummary

/// The AE table (SPEC 3 `ae.csv`, RULES.md 9): treatment-emergent events, each patient once
/// per term and group at the worst grade, terms grouped by `schemas/ae-terms.yaml`.
@Suite("Adverse-event table")
struct AdverseEventTableTests {
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    static func dictionary() throws -> AETermDictionary {
        try AETermDictionary.load(path: repositoryRoot.appendingPathComponent("schemas/ae-terms.yaml").path)
    }

    /// Parsed CSV text, for comparing values rather than quoting.
    static func records(_ csv: String) -> [[String]] { FixtureCSV.records(csv) }

    @Test("ae.csv equals the hand-counted table (Fixtures/ae/README.md)")
    func handCounted() throws {
        let adsl = try FixtureCSV.table(file: "ae/adsl.csv")
        let adae = try FixtureCSV.table(file: "ae/adae.csv")
        let t = AdverseEventTable.build(adsl: adsl, adae: adae, dictionary: try Self.dictionary())
        let expected = try String(contentsOf: FixtureCSV.url("ae/expected-ae.csv"), encoding: .utf8)
        #expect(CSVOutput.ae(t) == expected)
        #expect(t.population == 8 && t.events == 20)
        #expect(t.rows.filter(\.isGroup).map(\.term) == ["Haematological toxicity", "Infection"])
        #expect(t.rows.filter(\.isMember).map(\.term) == ["Anaemia", "Thrombocytopenia", "Neutropenia",
                                                          "Pneumonia", "Bronchitis", "Sepsis", "Infection, other"])
    }

    /// `samples/` and `synth1k/` are the mmpipe outputs described in `RAgreementTests`
    /// (adae.csv of the same runs); `r-ae-reference.csv` by `Rscript docs/ae-reference.R DIR`.
    @Test("ae.csv of the samples and a synth cohort equals the independent R count (docs/ae-reference.R)",
          arguments: ["samples", "synth1k"])
    func matchesIndependentCount(dir: String) throws {
        let s = DatasetSummary(tables: try FixtureCSV.dataset(dir), aeTerms: try Self.dictionary())
        let mine = Self.records(CSVOutput.ae(s.adverseEvents))
        let reference = Self.records(try String(contentsOf: FixtureCSV.url(dir + "/r-ae-reference.csv"), encoding: .utf8))
        #expect(mine.first == CSVOutput.aeColumns)
        #expect(mine == reference)
        #expect(s.files.map(\.name).contains("ae.csv"))
    }

    @Test("without a dictionary every spelling is its own term; without adae.csv no ae.csv")
    func ungroupedAndAbsent() throws {
        let adsl = try FixtureCSV.table(file: "ae/adsl.csv")
        let adae = try FixtureCSV.table(file: "ae/adae.csv")
        let t = AdverseEventTable.build(adsl: adsl, adae: adae, dictionary: AETermDictionary())
        #expect(!t.grouped && t.rows.allSatisfy { !$0.isGroup && !$0.isMember })
        #expect(t.rows.map(\.term).contains("Polmonite") && t.rows.map(\.term).contains("Pneumonia"))
        let none = DatasetSummary(tables: try FixtureCSV.dataset("small"))
        #expect(!none.adverseEvents.hasData && !none.files.map(\.name).contains("ae.csv"))
        #expect(!(none.files.first { $0.name == "summary.html" }?.contents.contains("adverse events") ?? true))
    }

    @Test("a population of 0 writes no percentages, never NaN")
    func emptyPopulation() throws {
        let adsl = FixtureCSV.table("USUBJID\n")
        let adae = try FixtureCSV.table(file: "ae/adae.csv")
        let csv = CSVOutput.ae(AdverseEventTable.build(adsl: adsl, adae: adae, dictionary: try Self.dictionary()))
        #expect(csv == CSVOutput.aeColumns.joined(separator: ",") + "\n")
        #expect(!csv.lowercased().contains("nan"))
    }

    @Test("term matching ignores case, punctuation and a trailing qualifier")
    func termKeys() throws {
        let d = try Self.dictionary()
        #expect(d.canonicalTerm("Infezione (febbre > 38°C)") == "Infection, other")
        #expect(d.canonicalTerm("platelet count-decreased") == "Thrombocytopenia")
        #expect(d.canonicalTerm("ANEMIA") == "Anaemia")
        #expect(d.canonicalTerm("Hiccups") == nil)
    }

    @Test("a dictionary that would make two rows of one name is refused")
    func badDictionary() {
        #expect(throws: AETermDictionaryError.self) {
            try AETermDictionary([("Infection", [("Infection", []), ("Sepsis", [])])])
        }
        #expect(throws: AETermDictionaryError.self) {
            try AETermDictionary([("A", [("Anaemia", ["Anemia"])]), ("B", [("Other", ["anemia"])])])
        }
    }
}

extension AdverseEventTableTests {
    @Test("the samples' page with the AE table (preview for the visual check)")
    func preview() throws {
        let out = SummaryOutputTests.previewDirectory("samples-ISS")
        try DatasetSummary(tables: try FixtureCSV.dataset("samples"), by: "ISS", aeTerms: try Self.dictionary()).write(to: out)
        let html = try String(contentsOfFile: (out as NSString).appendingPathComponent("summary.html"), encoding: .utf8)
        #expect(html.contains("Treatment-emergent adverse events") && html.contains("<tr class=\"h\"><td>Infection</td>"))
    }
}

extension AdverseEventTableTests {
    @Test("summarize on a folder: --ae-terms groups the terms; a dictionary that cannot be read is an error naming it")
    func runWithDictionary() throws {
        let dir = try FixtureCSV.url("samples").path
        let out = SummaryOutputTests.previewDirectory("run-samples-ae")
        let path = Self.repositoryRoot.appendingPathComponent("schemas/ae-terms.yaml").path
        let s = try DatasetSummary.run(directory: dir, outDirectory: out, aeTermsPath: path)
        #expect(s.adverseEvents.grouped && s.adverseEvents.rows.contains { $0.isGroup && $0.term == "Infection" })
        let written = try String(contentsOfFile: (out as NSString).appendingPathComponent("ae.csv"), encoding: .utf8)
        #expect(written == CSVOutput.ae(s.adverseEvents))
        let missing = (out as NSString).appendingPathComponent("no-such-terms.yaml")
        #expect(throws: SummaryError.self) { try DatasetSummary.run(directory: dir, outDirectory: out, aeTermsPath: missing) }
        do {
            try DatasetSummary.run(directory: dir, outDirectory: out, aeTermsPath: missing)
        } catch {
            #expect(error.description.contains("no-such-terms.yaml") && error.description.contains("--ae-terms"))
        }
    }
}

extension AdverseEventTableTests {
    @Test("with --by the page has a pair of columns per group; the groups add up to All; ae.csv stays the population's")
    func byGroup() throws {
        let adsl = FixtureCSV.table("USUBJID,SEX\nP1,M\nP2,F\nP3,M\nP4,F\nP5,M\nP6,F\nP7,M\nP8,\n", name: "adsl.csv")
        let adae = try FixtureCSV.table(file: "ae/adae.csv")
        let t = AdverseEventTable.build(adsl: adsl, adae: adae, dictionary: try Self.dictionary(), by: "SEX")
        #expect(t.byGroup.map(\.label) == ["SEX = F", "SEX = M"] && t.byGroup.map(\.table.population) == [3, 4])
        let neutropenia = t.byGroup.map { $0.table.rows.first { $0.term == "Neutropenia" }?.anyGrade ?? 0 }
        #expect(neutropenia == [1, 1])   // P2 (F), P1 (M); P8 has no sex: All only
        #expect(CSVOutput.ae(t) == CSVOutput.ae(AdverseEventTable.build(adsl: adsl, adae: adae, dictionary: try Self.dictionary())))
        let html = HTMLReport.aeTable(t)
        #expect(html.contains("SEX = F<br>N = 3") && html.contains("1 patient(s) without a group value"))
        #expect(html.contains("<tr class=\"h\"><td>Infection</td><td>2 (66.7)</td><td>0 (0.0)</td><td>2 (50.0)</td><td>2 (50.0)</td><td>4 (50.0)</td><td>2 (25.0)</td></tr>"))
    }
}
