import Foundation
import Testing
@testable import MMSummary

/// The files of `mmpipe summarize` (SPEC 3): the contract's km.csv, a self-contained and
/// deterministic summary.html.
@Suite("summarize outputs")
struct SummaryOutputTests {
    /// Where the rendered preview goes (inspected in headless Chromium, docs/summary.md).
    static func previewDirectory(_ name: String) -> String {
        (NSTemporaryDirectory() as NSString).appendingPathComponent("mmpipe-summary-preview/\(name)")
    }

    @Test("km.csv: exactly the contract's columns, ALL then strata per endpoint, empty = not reached")
    func kmCSV() throws {
        let s = DatasetSummary(tables: try FixtureCSV.dataset("small"), by: "GROUP")
        let text = CSVOutput.km(s.survival)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines[0] == "PARAMCD,STRATUM,N,EVENTS,MEDIAN,MEDIAN_LCL,MEDIAN_UCL,RATE12,RATE12_LCL,RATE12_UCL,RATE24,RATE24_LCL,RATE24_UCL")
        #expect(lines[1].hasPrefix("PFS,ALL,22,13,"))
        #expect(lines[2] == "PFS,A,10,7,5.9138,2.9569,,,,,,,")
        // Group B: S = 0.5 until the end → midpoint (60 + 90) / 2 days.
        #expect(lines[3].hasPrefix("PFS,B,4,2,2.4641,"))
        #expect(lines[4] == "PFS,C,5,1,,,,0.8000,0.5161,1.0000,,,")
        #expect(lines.count == 1 + 3 * 5 + 1)
    }

    @Test("summary.html is self-contained: inline CSS and SVG, no scripts or external resources")
    func htmlSelfContained() throws {
        let s = DatasetSummary(tables: try FixtureCSV.dataset("cohort"), by: "DARAEXFL")
        let html = try #require(s.files.first { $0.name == "summary.html" }).contents
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.contains("<style>"))
        for banned in ["<script", "http://", "https://", "src=", "url(", "<link", "@import"] {
            #expect(!html.contains(banned), "found \(banned)")
        }
        #expect(html.components(separatedBy: "<svg ").count - 1 == 3, "PFS, OS and TTNT plots")
        #expect(html.contains("Log-rank p"))
        #expect(html.contains("No. at risk"))
        #expect(html.contains("Median follow-up"))
    }

    @Test("same dataset → byte-identical files")
    func deterministic() throws {
        let t = try FixtureCSV.dataset("cohort")
        let a = DatasetSummary(tables: t, by: "ISS").files.map(\.contents)
        let b = DatasetSummary(tables: t, by: "ISS").files.map(\.contents)
        #expect(a == b)
    }

    @Test("writes every file (preview for the visual check)", arguments: [("cohort", nil as String?), ("cohort", "DARAEXFL"), ("cohort", "ISS"), ("small", "GROUP")])
    func writesFiles(dir: String, by: String?) throws {
        let out = Self.previewDirectory(dir + "-" + (by ?? "all"))
        try DatasetSummary(tables: try FixtureCSV.dataset(dir), by: by).write(to: out)
        for f in ["table1.csv", "response.csv", "km.csv", "km_tests.csv", "summary.html"] {
            #expect(FileManager.default.fileExists(atPath: (out as NSString).appendingPathComponent(f)))
        }
    }

    @Test("reads an emitted folder through the ingest CSV reader")
    func runOnFolder() throws {
        let dir = try FixtureCSV.url("cohort").path
        let out = Self.previewDirectory("run-cohort")
        let s = try DatasetSummary.run(directory: dir, by: "ISS", outDirectory: out)
        #expect(s.table1.columnN.last == 300)
        let km = try String(contentsOfFile: (out as NSString).appendingPathComponent("km.csv"), encoding: .utf8)
        #expect(km == CSVOutput.km(SurvivalSummary(tables: try FixtureCSV.dataset("cohort"), by: "ISS")))
    }

    /// SPEC 3: `mmpipe summarize` on a folder without the dataset fails with one sentence
    /// naming the missing file (the CLI prints it and exits 2) and writes nothing.
    @Test("a folder without adsl.csv or adtte.csv: an error naming the missing file, no output written")
    func missingTables() throws {
        let dir = (NSTemporaryDirectory() as NSString).appendingPathComponent("mmpipe-summary-missing-\(UUID().uuidString)")
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let adsl = (dir as NSString).appendingPathComponent("adsl.csv")
        let adtte = (dir as NSString).appendingPathComponent("adtte.csv")
        #expect(throws: SummaryError.missingTable(path: adsl)) { try DatasetSummary.run(directory: dir) }
        #expect(SummaryError.missingTable(path: adsl).description.contains("adsl.csv"))
        #expect(!SummaryError.missingTable(path: adsl).description.contains("\n"))
        try "USUBJID\nX\n".write(toFile: adsl, atomically: true, encoding: .utf8)
        #expect(throws: SummaryError.missingTable(path: adtte)) { try DatasetSummary.run(directory: dir) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["adsl.csv"])
    }

    @Test("a --by column ADSL does not have is an error naming it")
    func unknownBy() throws {
        #expect(SummaryError.unknownByVariable("XYZ").description.contains("'XYZ'"))
    }
}

/// An empty analysis population still gives every file, with zero counts and no estimates.
@Suite("summarize on an empty dataset")
struct EmptyDatasetTests {
    @Test("no patients: N 0, km.csv rows with empty estimates, a valid page")
    func empty() throws {
        let empty = DatasetTables(adsl: DataTable(columns: [], rows: []), adtte: DataTable(columns: [], rows: []))
        let s = DatasetSummary(tables: empty)
        #expect(s.table1.columnN == [0])
        let km = CSVOutput.km(s.survival)
        #expect(km.contains("\nPFS,ALL,0,0,,,,,,,,,\n"))
        let html = try #require(s.files.first { $0.name == "summary.html" }).contents
        #expect(html.hasSuffix("</html>\n"))
    }
}
