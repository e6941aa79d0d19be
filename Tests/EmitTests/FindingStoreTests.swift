import Foundation
import MMModel
import Testing
@testable import MMEmit

/// Findings collected without holding them all (SPEC 8; issue 18 item 3): sorted runs spilled
/// to a temporary file and merged give exactly the in-memory sort.
@Suite("FindingStore: spilled runs merged in order")
struct FindingStoreTests {
    static func findings(_ n: Int) -> [Finding] {
        (0..<n).map { i in
            var f = Finding(siteID: "S0\(i % 3)", subjectID: "P\((i * 7919) % 97)", table: i % 2 == 0 ? .labs : .therapies,
                            location: .row(Provenance(file: "labs.csv", line: (i * 31) % 500 + 2)), field: "value",
                            value: "\(i % 11)", rule: [Rule.DUP001, .DUP002, .DUP003][i % 3],
                            severity: Severity.allCases[i % 3], message: "message ü \(i % 13) — \"quoted\"")
            f.rowKey = i % 4 == 0 ? "" : "row-\(i % 7)"
            f.status = i % 5 == 0 ? nil : FindingStatus.allCases[i % 3]
            return f
        }
    }

    @Test("Runs of 7 spilled and merged equal one in-memory sort, counts included", arguments: [0, 1, 7, 50, 1_000])
    func spilledEqualsSorted(_ n: Int) {
        let all = Self.findings(n)
        let store = FindingStore(directory: FileManager.default.temporaryDirectory.path, runLength: 7)
        store.append(contentsOf: all)
        #expect(store.sorted == all.sorted())
        #expect(store.count == n)
        #expect(store.errors + store.warnings + store.infos == n)
        #expect(store.errors == all.filter { $0.severity == .error }.count)
        // A second pass gives the same.
        #expect(store.sorted == all.sorted())
    }

    /// A site's queries are sorted by severity only (`SitePackages`): among equal keys the order
    /// of arrival must survive the merge of hundreds of runs (ties go to the earlier run).
    @Test("Equal keys keep their order of arrival across many spilled runs", arguments: [1, 7, 64])
    func equalKeysKeepArrivalOrder(_ runLength: Int) {
        let all = Self.findings(1_500)
        let store = FindingStore(directory: FileManager.default.temporaryDirectory.path, runLength: runLength) {
            [$0.severity.rawValue]
        }
        store.append(contentsOf: all)
        let expected = Severity.allCases.flatMap { s in all.filter { $0.severity.rawValue == s.rawValue } }
            .sorted { $0.severity.rawValue < $1.severity.rawValue }
        #expect(store.sorted == expected)
    }
}
