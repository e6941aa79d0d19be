import Foundation
import MMEmit
import MMModel
import Testing
@testable import MMValidate

/// `report.html` (SPEC 7): self-contained, escaped, a section per site with its counts,
/// completeness and queries; file-level findings in their own section; deterministic.
@Suite struct SiteReportTests {
    static func finding(_ site: String, _ subject: String, _ source: String, _ rule: String, _ severity: Severity,
                        value: String = "", field: String = "date", table: String = "labs") -> Finding {
        Finding(siteID: site, subjectID: subject, table: TableName(rawValue: table), location: FindingLocation(source: source),
                field: field, value: value, rule: Rule.named(rule)!, severity: severity, message: "\(source): something to fix in \(field) — correct it.")
    }

    static func adsl(_ site: String, _ id: String, b2m: Double?, measurable: String?) -> PatientDerivation {
        var row = ADSLRow(key: PatientKey(site: site, patientID: id))
        row.B2M = b2m
        row.ALB = 3.9
        row.MEASDIS = measurable
        row.ECOG = 1
        row.LSTALVDT = Day(iso: "2024-05-0\(id.count)")
        return PatientDerivation(key: row.key, adsl: row)
    }

    static func sample() -> RunOutput {
        let findings = [
            finding("S01", "P002", "labs.csv:12", "DUP-003", .warning, value: "9.8 g/dL", field: "value"),
            finding("S01", "P001", "labs.csv:40", "CHR-004", .error, value: "<script>alert('x')</script>"),
            finding("S01", "P001", "labs.csv:9", "CHR-006", .error, value: "2031-01-01"),
            finding("S01", "P001", "labs.csv:100", "CHR-004", .error, value: "2021-01-01"),
            finding("S02", "A-7", "therapies.csv:3", "CHR-008", .warning, field: "end_date", table: "therapies"),
            finding("", "", "patients.csv:1", "PHI-001", .error, field: "cognome", table: "patients"),
        ].sorted()
        var options = PipelineOptions()
        options.studyID = "ISA-RW"
        return RunOutput(
            options: options, toolVersion: "0.1.0", pipelinePath: "/home/x/pipelines/reference.yaml", pipelineBytes: [],
            inputs: [InputFileSummary(path: "/up/labs.csv", name: "labs.csv", format: "csv", tables: ["labs"],
                                      encoding: "Windows-1252", delimiter: ";", bytes: 1000, rows: 50, rejectedRows: 1)],
            derivations: [adsl("S01", "P001", b2m: 3.1, measurable: "SERUM"), adsl("S01", "P002", b2m: nil, measurable: "NONE"),
                          PatientDerivation(key: PatientKey(site: "S02", patientID: "A-7"))],
            findings: findings,
            audit: [AuditEntry(action: .reject, key: PatientKey(site: "S01", patientID: "P001"), table: "labs", source: "labs.csv:40")],
            readRows: ["labs": 50], rejectedRows: ["labs": 2])
    }

    /// The part of the page between one site's heading and the next section.
    static func section(_ html: String, _ anchor: String) -> String {
        guard let start = html.range(of: "id=\"\(anchor)\"") else { return "" }
        let rest = html[start.upperBound...]
        let end = rest.range(of: "</section>")?.lowerBound ?? rest.endIndex
        return String(rest[..<end])
    }

    @Test func rendersASectionPerSiteWithCountsAndCompleteness() {
        let html = SiteReport.render(Self.sample())
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.contains("ISA-RW") && html.contains("0.1.0") && html.contains("reference.yaml"))
        #expect(!html.contains("/home/x"), "only the pipeline file's name")
        #expect(html.contains("Windows-1252") && html.contains("semicolon"))
        #expect(html.contains("data up to 2024-05-04"))

        let s1 = Self.section(html, "site-1")
        #expect(s1.contains("Site S01"))
        #expect(s1.contains("<span class=\"n\">3</span><span class=\"l\">errors</span>"))
        #expect(s1.contains("<span class=\"n\">1</span><span class=\"l\">warnings</span>"))
        #expect(s1.contains("<span class=\"n\">1</span><span class=\"l\">rows rejected</span>"))
        #expect(s1.contains("Future date") && s1.contains("Event after death") && s1.contains("Conflicting values"))
        // B2M in 1 of 2 patients; measurable disease (not NONE) in 1 of 2; albumin in both.
        #expect(s1.contains("Beta-2 microglobulin</td><td>ISS, R-ISS and R2-ISS</td><td class=\"num\">1 of 2</td>"))
        #expect(s1.contains("Measurable disease at index</td><td>IMWG response</td><td class=\"num\">1 of 2</td>"))
        #expect(s1.contains("Albumin</td><td>ISS</td><td class=\"num\">2 of 2</td>"))
        #expect(s1.contains(">50%<") && s1.contains(">100%<"))
        // Most frequent queries: each kind once, with its count and its first example (patient,
        // then source with lines compared as numbers: line 9 before line 40).
        #expect(s1.contains("Most frequent queries"))
        #expect(s1.contains("<td class=\"code\">CHR-004</td><td>labs</td><td class=\"code\">date</td>"))
        #expect(s1.contains("P001 labs.csv:40</td>") && !s1.contains("labs.csv:100"), "one line per kind, its first example")
        #expect(s1.contains("<td class=\"num\">2</td><td class=\"code\">P001 labs.csv:40</td>"))
        #expect(s1.contains("P001 labs.csv:9</td>"))
        #expect(s1.contains("P002 labs.csv:12"))

        let s2 = Self.section(html, "site-2")
        #expect(s2.contains("Site S02") && s2.contains("CHR-008") && s2.contains("No patient of this site is in the analysis population"))
        #expect(!s2.contains("CHR-004"))

        let files = Self.section(html, "files")
        #expect(files.contains("PHI-001") && files.contains("cognome"))
    }

    @Test func escapesValuesAndLoadsNothingExternal() {
        let html = SiteReport.render(Self.sample())
        #expect(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"))
        #expect(!html.contains("<script"))
        for external in ["src=", "<link", "@import", "http://", "https://"] { #expect(!html.contains(external), "\(external)") }
    }

    @Test func isDeterministic() {
        var shuffled = Self.sample()
        shuffled.findings.reverse()
        #expect(SiteReport.render(Self.sample()) == SiteReport.render(Self.sample()))
        #expect(SiteReport.render(shuffled) == SiteReport.render(Self.sample()), "queries are re-sorted")
    }

    @Test func emptyRunStillRenders() {
        let empty = RunOutput(options: PipelineOptions(), toolVersion: "0.1.0", pipelinePath: "p.yaml", pipelineBytes: [],
                              inputs: [], derivations: [], findings: [], audit: [], readRows: [:], rejectedRows: [:])
        let html = SiteReport.render(empty)
        #expect(html.contains("No problem with the files themselves") && html.hasSuffix("</html>\n"))
    }

    /// Writes a sample report with the validator's real messages, for
    /// `scripts/report-screenshot.sh` (a look at wrapping, colours and layout).
    @Test func writesTheSampleForScreenshots() throws {
        var output = Self.sample()
        for (i, c) in ChronologyRulesTests.cases.enumerated() + DuplicateRulesTests.conflicts.map(\.record).enumerated().map({ ($0.offset + 100, ChronologyRulesTests.Case("dup", patient: $0.element.patient ?? TestData.patient(), labs: $0.element.labs, assessments: $0.element.assessments, cytogenetics: $0.element.cytogenetics, [])) }) {
            let (_, log) = TestData.validate(c.record)
            for var f in log.findings {
                f.siteID = i % 3 == 0 ? "S02" : "S01"
                f.subjectID = "P\(1000 + i)"
                output.findings.append(f)
            }
        }
        output.findings.sort()
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("mmpipe-sample-report.html")
        try Data(SiteReport.render(output).utf8).write(to: url)
    }
}
