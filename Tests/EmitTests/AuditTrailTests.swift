import Foundation
import MMModel
import Testing
@testable import MMEmit

/// The patients' audit entries are spilled in chunks and read back unchanged and in order
/// (SPEC 7 and 8: a run rejecting millions of rows writes every `reject` line without holding them).
@Suite struct AuditTrailTests {
    /// Entries exercising every field, optional ones present and absent, non-ASCII text.
    static func entries(_ n: Int) -> [AuditEntry] {
        (0..<n).map { i in
            AuditEntry(action: i % 3 == 0 ? .reject : (i % 3 == 1 ? .normalize : .correct),
                       key: i % 5 == 0 ? nil : PatientKey(site: "S0\(i % 4)", patientID: "P\(i)"),
                       table: "labs", source: "s01_labs.csv:\(i + 2)", field: i % 2 == 0 ? "value" : "",
                       before: "µmol/L \(i)", after: "mg/dL", rule: AuditRule("UNIT-00\(i % 9)"),
                       count: i % 4 == 0 ? i : nil, lastSource: i % 4 == 0 ? "s01_labs.csv:\(i + 90)" : nil)
        }
    }

    @Test("chunks of 7 spilled to a temporary file give back all 100 entries in order")
    func spilledChunksRoundTrip() throws {
        let directory = FileManager.default.temporaryDirectory.path
        let trail = AuditTrail(directory: directory, chunkLength: 7)
        let all = Self.entries(100)
        trail.append(contentsOf: Array(all[..<40]))
        trail.append(contentsOf: Array(all[40...]))
        #expect(trail.count == 100)
        #expect(trail.spilledChunks == 100 / 7)
        var back: [AuditEntry] = []
        var sizes: [Int] = []
        trail.forEachChunk { chunk in
            back += chunk
            sizes.append(chunk.count)
        }
        #expect(back == all)
        // Rejects per site are counted as entries arrive, equal to a count over them all.
        var rejects: [String: Int] = [:]
        for e in all where e.action == .reject { if let site = e.key?.site { rejects[site, default: 0] += 1 } }
        #expect(trail.rejectedBySite == rejects)
        #expect(!rejects.isEmpty)
        #expect(sizes.allSatisfy { $0 <= 7 })
        // The temporary file is unlinked at once: nothing is left in the folder.
        let left = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasPrefix(".mmpipe-spill") }
        #expect(left.isEmpty)
    }

    @Test("without a folder everything stays in memory, in one chunk")
    func inMemory() {
        let trail = AuditTrail(directory: nil, chunkLength: 7)
        trail.append(contentsOf: Self.entries(20))
        #expect(trail.spilledChunks == 0)
        var chunks = 0
        trail.forEachChunk { _ in chunks += 1 }
        #expect(chunks == 1)
    }
}
