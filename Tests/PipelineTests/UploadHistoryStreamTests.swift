import Foundation
import MMEmit
import MMModel
import Testing
@testable import MMPipeline

/// `--since` over many findings (SPEC 8, 10): the comparison streams this upload's findings
/// from spilled runs and keeps the previous upload as counts per key digest; its statuses and
/// resolved list are those of the matching done in memory (a multiset of tracking keys, this
/// upload's in sorted order taking the previous upload's in file order).
@Suite("--since over many findings: streamed, same statuses as the in-memory match")
struct UploadHistoryStreamTests {
    static func finding(_ i: Int, site: String) -> Finding {
        var f = Finding(siteID: site, subjectID: "P\(i % 23)", table: "labs", source: "labs.csv:\(i + 2)", field: "test",
                        value: "SPEP_M", ruleID: i % 4 == 0 ? "SCH-002" : "DUP-002", severity: i % 4 == 0 ? .error : .warning,
                        message: "row \(i)")
        // Many findings share a key (the same row repeated): the match is a multiset.
        f.rowKey = "2014-03-09|SPEP_M|\(i % 37)"
        return f
    }

    /// The matching of SPEC 10 done in memory, as `UploadHistory` did before it streamed.
    static func reference(_ current: [Finding], previous: [Finding]) -> (statuses: [Finding], resolved: [Finding]) {
        var waiting: [String: [Int]] = [:]
        for (i, f) in previous.enumerated() { waiting[f.trackingKey, default: []].append(i) }
        var matched = Set<Int>()
        var out = current.sorted()
        for i in out.indices {
            if var queue = waiting[out[i].trackingKey], !queue.isEmpty {
                matched.insert(queue.removeFirst())
                waiting[out[i].trackingKey] = queue
                out[i].status = .open
            } else {
                out[i].status = .new
            }
        }
        let resolved = previous.indices.filter { !matched.contains($0) }.map { i -> Finding in
            var f = previous[i]
            f.status = .resolved
            return f
        }.sorted()
        return (out, resolved)
    }

    @Test("5,000 findings in runs of 64 against 4,000 previous ones: every status and every resolved finding as in memory")
    func manyFindings() throws {
        let dir = try temporaryFolder()
        let previous = (0..<4_000).map { Self.finding($0 * 3 % 7_001, site: $0 % 2 == 0 ? "S01" : "S02") }
        var text = "SITEID,SUBJID,TABLE,SOURCE,FIELD,VALUE,RULEID,SEVERITY,MESSAGE,ROWKEY,STATUS\n"
        for f in previous {
            text += [f.siteID, f.subjectID, f.table, f.source, f.field, f.value, f.ruleID, f.severity.rawValue, f.message, f.rowKey, ""]
                .joined(separator: ",") + "\n"
        }
        // A finding the previous upload had already resolved is not compared again.
        text += "S01,P1,labs,labs.csv:9,test,SPEP_M,DUP-002,WARNING,old,gone-key,RESOLVED\n"
        try Data(text.utf8).write(to: dir.appendingPathComponent("findings.csv"))

        let current = (0..<5_000).map { Self.finding($0, site: $0 % 3 == 0 ? "S02" : "S01") }
        let store = FindingStore(directory: dir.path, runLength: 64)
        store.append(contentsOf: current.shuffled())
        let compared = FindingStore(directory: dir.path, runLength: 64)
        let comparison = try UploadHistory.compare(store, previousFolder: dir.path, into: compared)
        #expect(store.spilledRuns >= 5_000 / 64)
        #expect(compared.spilledRuns >= 5_000 / 64)

        let expected = Self.reference(current, previous: previous)
        #expect(compared.sorted == expected.statuses)
        #expect(comparison.resolved == expected.resolved)
        #expect(comparison.new == expected.statuses.filter { $0.status == .new }.count)
        #expect(comparison.open == expected.statuses.filter { $0.status == .open }.count)
        #expect(comparison.new > 0 && comparison.open > 0 && !comparison.resolved.isEmpty)
        #expect(!comparison.resolved.contains { $0.rowKey == "gone-key" })
    }
}
