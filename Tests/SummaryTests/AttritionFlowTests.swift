import Foundation
import MMModel
import Testing
@testable import MMSummary

@Suite("summary.html draws the patient flow of attrition.csv (SPEC 9)")
struct AttritionFlowTests {
    @Test("with attrition.csv beside adsl.csv the flow is drawn; without it nothing is")
    func flow() throws {
        let dir = NSTemporaryDirectory() + "mmpipe-flow-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        for f in ["adsl.csv", "adtte.csv"] {
            try FileManager.default.copyItem(at: try FixtureCSV.url("small/" + f), to: URL(fileURLWithPath: dir + "/" + f))
        }
        let without = try DatasetSummary.run(directory: dir, outDirectory: dir + "/a")
        #expect(without.attrition == nil)
        #expect(!(try String(contentsOfFile: dir + "/a/summary.html", encoding: .utf8)).contains("Patient flow"))
        try "STEP,N,EXCLUDED,REASON\nPatients in the upload,12,2,no line of therapy contains the index regimen (LOT-003)\nAnalysis population,10,0,\n"
            .write(toFile: dir + "/attrition.csv", atomically: true, encoding: .utf8)
        let with = try DatasetSummary.run(directory: dir, outDirectory: dir + "/b")
        #expect(with.attrition?.map(\.n) == [12, 10])
        let html = try String(contentsOfFile: dir + "/b/summary.html", encoding: .utf8)
        #expect(html.contains("Patient flow") && html.contains("excluded 2: no line of therapy contains the index regimen (LOT-003)"))
    }
}
