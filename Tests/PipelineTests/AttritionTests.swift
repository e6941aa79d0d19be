import Foundation
import MMModel
import Testing
@testable import MMPipeline

/// SPEC 9: `mmpipe run` writes `attrition.csv` (`STEP N EXCLUDED REASON`) and draws the flow in
/// report.html.
@Suite("attrition.csv and the patient flow")
struct AttritionTests {
    @Test("rows, patients, usable records and the analysis population add up; report.html shows the flow")
    func flow() throws {
        let dir = try temporaryFolder()
        try UploadFixture.reference.writeCSV(to: dir.appendingPathComponent("in"))
        let out = dir.appendingPathComponent("out")
        let summary = try runPipeline([dir.appendingPathComponent("in").path], out: out)
        let text = try String(contentsOf: out.appendingPathComponent("attrition.csv"), encoding: .utf8)
        let rows = text.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        #expect(rows.first == AttritionFlow.columns)
        let steps = try #require(AttritionFlow.steps(records: Array(rows.dropFirst())))
        #expect(steps.map(\.step) == ["Rows in the upload", "Patients in the upload", "Patients with a usable record", "Analysis population"])
        #expect(steps[1].n == summary.patients)
        #expect(steps[3].n == summary.analysisPopulation)
        #expect(steps[1].n - steps[1].excluded == steps[2].n)
        #expect(steps[2].n - steps[2].excluded == steps[3].n)
        let adsl = try String(contentsOf: out.appendingPathComponent("adsl.csv"), encoding: .utf8)
        #expect(steps[3].n == adsl.split(separator: "\n").count - 1)
        let report = try String(contentsOf: out.appendingPathComponent("report.html"), encoding: .utf8)
        #expect(report.contains("From the upload to the analysis population") && report.contains("n = \(steps[3].n)"))
    }
}
