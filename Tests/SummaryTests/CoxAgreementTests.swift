import Foundation
import Testing
@testable import MMSummary

/// `summarize --cox` (SPEC 3 `cox.csv`) equals R's `survival::coxph` (3.5.3) to 3 decimals:
/// `r-cox-reference.csv` beside each fixture's adsl.csv/adtte.csv was written by
/// `Rscript docs/cox-reference.R DIR DIR/r-cox-reference.csv VAR…` with the variables below
/// (`samples/`, `synth1k/`: the mmpipe outputs described in `RAgreementTests`; `cohort/`: the
/// seeded cohort of make-fixtures.R, with missing ISS and LDHHIFL, so complete cases differ
/// between models; `emd/`: the samples with `patients.extramedullary` through `mmpipe run`,
/// `EMDFL` in the models — see its README).
@Suite("Cox models agree with R survival::coxph")
struct CoxAgreementTests {
    static let cases: [(dir: String, variables: [String])] = [
        ("samples", ["ISS", "LDHHIFL", "CRCL60FL", "DARAEXFL", "PRIORLOT"]),
        ("synth1k", ["ISS", "LDHHIFL", "CRCL60FL", "DARAEXFL"]),
        ("cohort", ["ISS", "LDHHIFL", "CRCL60FL", "DARAEXFL", "AGE"]),
        ("emd", ["ISS", "LDHHIFL", "CRCL60FL", "DARAEXFL", "EMDFL"]),
    ]

    @Test("every term's HR, CI and P equal R's to 3 decimals; N and EVENTS equal; same terms in R's order",
          arguments: cases.map(\.dir))
    func matchesR(dir: String) throws {
        let variables = try #require(Self.cases.first { $0.dir == dir }).variables
        let summary = DatasetSummary(tables: try FixtureCSV.dataset(dir), cox: variables)
        let csv = FixtureCSV.table(CSVOutput.cox(summary.cox))
        let reference = try FixtureCSV.table(file: dir + "/r-cox-reference.csv")
        #expect(csv.columns == CSVOutput.coxColumns)
        #expect(csv.rows.count == reference.rows.count)
        for (mine, r) in zip(csv.rows, reference.rows) {
            let what = "\(dir) \(r.joined(separator: " "))"
            for c in ["PARAMCD", "MODEL", "TERM", "N", "EVENTS"] {
                #expect(csv.value(mine, c) == reference.value(r, c), "\(what) \(c)")
            }
            for c in ["HR", "LCL", "UCL", "P"] {
                let a = try #require(csv.value(mine, c).flatMap(Double.init), "\(what) \(c) empty")
                let b = try #require(reference.value(r, c).flatMap(Double.init))
                #expect(abs(a - b) < 0.0005, "\(what) \(c): mine \(a), R \(b)")
                if c == "P" { #expect(abs(a - b) <= 1e-4 * b + 1e-12, "\(what) P relative: mine \(a), R \(b)") }
            }
        }
    }

    @Test("factor coding as R: levels sorted, first the reference, TERM = variable + level; numbers are linear")
    func coding() throws {
        let c = CoxAnalysis(tables: try FixtureCSV.dataset("cohort"), variables: ["ISS", "AGE"])
        let multi = c.rows.filter { $0.paramcd == "PFS" && $0.model == CoxAnalysis.multivariable }
        #expect(multi.map(\.term) == ["ISSII", "ISSIII", "AGE"])
        #expect(multi.map(\.reference) == ["I", "I", nil] && multi.map(\.level) == ["II", "III", nil])
        #expect(c.rows.filter { $0.paramcd == "OS" }.count == 3 + 3)
    }

    @Test("--cox names are matched as --by matches them (any case) and used once, spelt as in adsl.csv")
    func variableNames() throws {
        let c = CoxAnalysis(tables: try FixtureCSV.dataset("cohort"), variables: ["iss", "ISS", "daraexfl"])
        #expect(c.variables == ["ISS", "DARAEXFL"])
        #expect(c.rows.filter { $0.paramcd == "PFS" }.map(\.term) == ["ISSII", "ISSIII", "DARAEXFLY", "ISSII", "ISSIII", "DARAEXFLY"])
    }

    @Test("a variable without values (EMDFL where no site recorded it): empty estimates, N 0, a reason; never NaN")
    func notEstimable() throws {
        let summary = DatasetSummary(tables: try FixtureCSV.dataset("samples"), cox: ["EMDFL", "ISS"])
        let uni = try #require(summary.cox.rows.first { $0.paramcd == "PFS" && $0.model == CoxAnalysis.univariable && $0.variable == "EMDFL" })
        #expect(uni.estimate == nil && uni.n == 0 && uni.events == 0 && uni.note == "no complete case to fit")
        // ISS alone still fits.
        #expect(summary.cox.rows.contains { $0.term == "ISSII" && $0.estimate != nil })
        for (name, contents) in summary.files { #expect(!contents.contains("nan") && !contents.contains("NaN"), "\(name)") }
        let html = try #require(summary.files.first { $0.name == "summary.html" }).contents
        #expect(html.contains("Not estimable (NE) — EMDFL: no complete case to fit."))
    }

    @Test("--cox with EMDFL recorded: usable as any flag (TERM EMDFLY)")
    func extramedullary() throws {
        var tables = try FixtureCSV.dataset("samples")
        // Give every third patient extramedullary disease, the others none.
        let k = try #require(tables.adsl.index(of: "EMDFL"))
        for i in tables.adsl.rows.indices { tables.adsl.rows[i][k] = i % 3 == 0 ? "Y" : "N" }
        let c = CoxAnalysis(tables: tables, variables: ["EMDFL"])
        #expect(c.rows.map(\.term) == ["EMDFLY", "EMDFLY", "EMDFLY", "EMDFLY"])
        #expect(c.rows.allSatisfy { $0.estimate != nil && $0.n == 52 })
    }

    @Test("an unknown --cox variable is an error naming it")
    func unknownVariable() throws {
        let dir = try FixtureCSV.url("cohort").path
        #expect(throws: SummaryError.unknownCoxVariable("NOPE")) {
            try DatasetSummary.run(directory: dir, outDirectory: SummaryOutputTests.previewDirectory("cox-unknown"), cox: ["ISS", "NOPE"])
        }
    }

    @Test("the forest plots (preview for the visual check): one per endpoint, every level drawn",
          arguments: ["samples", "cohort"])
    func preview(dir: String) throws {
        let variables = try #require(Self.cases.first { $0.dir == dir }).variables
        let out = SummaryOutputTests.previewDirectory("\(dir)-cox")
        let s = DatasetSummary(tables: try FixtureCSV.dataset(dir), cox: variables)
        try s.write(to: out)
        let html = try String(contentsOfFile: (out as NSString).appendingPathComponent("summary.html"), encoding: .utf8)
        #expect(html.components(separatedBy: "<svg class=\"forest\"").count - 1 == 2)
        #expect(html.contains(">II vs I<") && html.contains(">III vs I<") && html.contains(">Y vs N<"))
        #expect(FileManager.default.fileExists(atPath: (out as NSString).appendingPathComponent("cox.csv")))
    }
}

extension CoxAgreementTests {
    @Test("forest plot: a model that could not be fitted shows NE on each level of a factor, not a row of its own")
    func forestNotEstimable() throws {
        let c = CoxAnalysis(tables: try FixtureCSV.dataset("samples"), variables: ["EMDFL", "ISS"])
        let plot = ForestPlot(title: "PFS", rows: c.rows.filter { $0.paramcd == "PFS" })
        #expect(plot.lines.map(\.label) == ["Extramedullary disease (EMDFL)", "ISS stage (ISS)", "II vs I", "III vs I"])
        let ii = try #require(plot.lines.first { $0.label == "II vs I" })
        #expect(ii.univariable?.estimate != nil && ii.multivariable?.estimate == nil && ii.multivariable?.note == "no complete case to fit")
        #expect(plot.svg().components(separatedBy: ">NE<").count - 1 == 4)   // EMDFL × 2 models, ISS levels × multivariable
    }
}
