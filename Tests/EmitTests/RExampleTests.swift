import Foundation
import Testing
import MMModel
@testable import MMEmit

/// Writes the small cohort used by docs/r-example.md into `MMPIPE_EXAMPLE_OUT`:
/// `MMPIPE_EXAMPLE_OUT=/tmp/r-example swift test --filter EmitTests.RExample`, then run the
/// R lines of the doc in that folder.
@Suite("R example cohort (docs/r-example.md)")
struct RExample {
    static let target = ProcessInfo.processInfo.environment["MMPIPE_EXAMPLE_OUT"]

    /// Twelve patients: PFS days and whether progression was observed.
    static let pfs: [(Int, Bool)] = [(30, true), (62, false), (95, true), (120, true), (150, false), (181, true),
                                     (210, true), (240, false), (300, true), (365, false), (400, true), (455, false)]

    static func cohort() -> RunOutput {
        var output = Fixture.output()
        output.findings = []
        output.derivations = pfs.enumerated().map { i, p in
            Fixture.derivation(PatientKey(site: i < 6 ? "S01" : "S02", patientID: "P\(100 + i)"), age: 60 + i,
                               crcl: 50 + Double(i) * 2.5, pfsDays: p.0, event: p.1)
        }
        return output
    }

    @Test("The example cohort is written with one PFS and one OS row per patient")
    func cohortShape() throws {
        let out = Self.target ?? Fixture.tempPath("rex")
        defer { if Self.target == nil { try? FileManager.default.removeItem(atPath: out) } }
        try Fixture.writer(out).write(Self.cohort())
        let adtte = Fixture.csv("\(out)/adtte.csv")
        #expect(adtte.count == 1 + 2 * Self.pfs.count)
        let events = adtte.filter { $0[3] == "PFS" && $0[9] == "0" }.count
        #expect(events == Self.pfs.filter(\.1).count)
    }
}
