import Foundation
import MMModel
import Testing
@testable import MMEmit

/// Site packages written from the merged sorted findings, one site at a time (SPEC 7, 8;
/// issue 18 item 3): a site's queries are held `runLength` at a time, the rest spilled, and
/// the packages are the same whatever that limit.
@Suite("Site packages: streamed from the sorted findings, bounded per site")
struct SitePackagesTests {
    /// `n` findings over three sites, in no order: identical DUP-002 runs on consecutive lines,
    /// scattered errors, file-level findings, an INFO per patient.
    static func output(findings n: Int, storeRun: Int) -> RunOutput {
        var all: [Finding] = []
        for i in 0..<n {
            let site = ["S01", "S02", "S03"][i % 3]
            switch i % 5 {
            case 0, 1, 2:
                all.append(Finding(siteID: site, subjectID: "P1", table: "labs", source: "labs.csv:\(i + 2)", field: "test",
                                   value: "SPEP_M", ruleID: "DUP-002", severity: .warning, message: "labs.csv:\(i + 2): this row repeats labs.csv:1."))
            case 3:
                all.append(Finding(siteID: site, subjectID: "P\(i % 17)", table: "labs", source: "labs.csv:\(i + 2)", field: "value",
                                   value: "x\(i % 7)", ruleID: "SCH-002", severity: .error, message: "Not a number: correct it."))
            default:
                all.append(Finding(siteID: site, subjectID: i % 2 == 0 ? "" : "P\(i % 13)", table: "", source: "s.xml:\(i)",
                                   field: "c\(i % 3)", value: "", ruleID: i % 2 == 0 ? "ING-010" : "STG-001", severity: .info,
                                   message: "For information."))
            }
        }
        var options = PipelineOptions()
        options.studyID = "ISAPD"
        var output = RunOutput(options: options, toolVersion: "0.1.0-test", pipelinePath: "pipelines/reference.yaml",
                               pipelineBytes: [], inputs: [],
                               derivations: [Fixture.derivation(Fixture.p1, age: 71, crcl: 68.05, pfsDays: 300, event: true),
                                             Fixture.derivation(PatientKey(site: "S04", patientID: "P9"), age: 60, crcl: nil, pfsDays: 10, event: false)],
                               findings: [], audit: [], readRows: [:], rejectedRows: [:])
        let store = FindingStore(directory: FileManager.default.temporaryDirectory.path, runLength: storeRun)
        store.append(contentsOf: all.shuffled())
        output.findingStore = store
        return output
    }

    /// Each site's findings.csv rows (as `FindingRow`s would be written) and report.
    static func packages(_ output: RunOutput, runLength: Int) -> (sites: [String: (csv: [Finding], report: String)], spilled: [String: Int]) {
        let packages = SitePackages(output, directory: FileManager.default.temporaryDirectory.path, runLength: runLength)
        var sites: [String: (csv: [Finding], report: String)] = [:]
        var spilled: [String: Int] = [:]
        packages.forEachSite { queries in
            var csv: [Finding] = []
            queries.bySeverity.forEachSorted { csv.append($0) }
            var report = ""
            packages.report(queries) { report += $0 }
            sites[queries.site] = (csv, report)
            spilled[queries.site] = queries.bySeverity.spilledRuns + queries.inReportOrder.spilledRuns
        }
        return (sites, spilled)
    }

    @Test("runs of 16 findings spilled per site give the same packages as one in-memory pass; a site without findings still gets one")
    func boundedEqualsInMemory() {
        let output = Self.output(findings: 3_000, storeRun: 97)
        let small = Self.packages(output, runLength: 16)
        let whole = Self.packages(output, runLength: 1_000_000)
        #expect(small.sites.keys.sorted() == ["S01", "S02", "S03", "S04"])
        for site in ["S01", "S02", "S03"] {
            // 1,000 findings a site, 16 held at a time: at least 62 sorted runs per store spilled.
            #expect(small.spilled[site, default: 0] >= 2 * (1_000 / 16))
            #expect(whole.spilled[site] == 0)
            #expect(small.sites[site]?.csv == whole.sites[site]?.csv)
            #expect(small.sites[site]?.report == whole.sites[site]?.report)
            let csv = small.sites[site]?.csv ?? []
            #expect(csv.count == 1_000)
            #expect(csv.allSatisfy { $0.siteID == site }, "nothing of another site")
            // ERRORs first, then WARNINGs, then INFO, each in the findings' order.
            let ranks = csv.map { QueryOrder.rank($0.severity) }
            #expect(ranks == ranks.sorted())
            for sev in Severity.allCases {
                let part = csv.filter { $0.severity == sev }
                #expect(part == part.sorted())
            }
        }
        #expect(small.sites["S04"]?.csv.isEmpty == true)
        // The 600 DUP-002 of a site are on lines 3 apart, one patient: consecutive in QueryOrder,
        // hence one line of the report.
        let report = small.sites["S01"]?.report ?? ""
        #expect(report.components(separatedBy: "DUP-002</td><td><span").count - 1 == 1)
        #expect(report.contains("the same query for 600 rows"))
        #expect(!report.contains("S02"))
    }

    @Test("a site report with more than a megabyte of distinct queries is handed over in parts")
    func reportInParts() {
        let output = Self.output(findings: 60_000, storeRun: 10_000)
        let packages = SitePackages(output, directory: FileManager.default.temporaryDirectory.path, runLength: 1_000)
        var parts = 0
        var bytes = 0
        packages.forEachSite { queries in
            guard queries.site == "S01" else { return }
            packages.report(queries) { parts += 1; bytes += $0.utf8.count }
        }
        #expect(bytes > 1 << 20)
        #expect(parts >= 2)
    }
}
