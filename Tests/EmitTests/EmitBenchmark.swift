import Foundation
import Testing
import MMModel
@testable import MMEmit

/// Throughput of the emit stage, run on purpose only (not a timed unit test, SPEC 8):
/// `MMPIPE_EMIT_BENCH=20000 swift test --filter EmitTests.EmitBenchmark` prints patients/s.
@Suite("Emit benchmark", .enabled(if: ProcessInfo.processInfo.environment["MMPIPE_EMIT_BENCH"] != nil))
struct EmitBenchmark {
    @Test("Write N patients (each: ADSL, 2 lines, 2 responses, 2 endpoints, 2 AEs, 2 drugs, 2 audit entries)")
    func throughput() throws {
        let n = Int(ProcessInfo.processInfo.environment["MMPIPE_EMIT_BENCH"] ?? "") ?? 10_000
        var output = Fixture.output()
        output.derivations = (0..<n).map { i in
            Fixture.derivation(PatientKey(site: "S\(i % 50)", patientID: "P\(i)"), age: 50 + i % 40,
                               crcl: 40 + Double(i % 70) + 0.05, pfsDays: i % 900, event: i % 3 == 0)
        }
        let out = Fixture.tempPath("bench")
        defer { try? FileManager.default.removeItem(atPath: out) }
        let start = Date()
        try Fixture.writer(out).write(output)
        let seconds = Date().timeIntervalSince(start)
        let verifyStart = Date()
        #expect(AuditVerifier.verify(path: out).exitCode == 0)
        let verifySeconds = Date().timeIntervalSince(verifyStart)
        print("emit: \(n) patients in \(String(format: "%.2f", seconds)) s (\(Int(Double(n) / seconds)) patients/s); verify \(String(format: "%.2f", verifySeconds)) s")
    }
}
