import Testing
@testable import MMModel

/// `Finding`'s typed fields (SPEC 5): where it points, which catalogue rule, which table —
/// and the `SOURCE`/`RULEID`/`TABLE` texts written from them.
@Suite("Finding — typed location, rule and table")
struct FindingTests {
    static func finding(_ location: FindingLocation, rule: Rule = .SCH001, table: TableName? = .labs) -> Finding {
        Finding(siteID: "S01", subjectID: "P001", table: table, location: location, field: "value", value: "",
                rule: rule, severity: rule.severity, message: "m")
    }

    @Test("SOURCE is file:line, file:line path (ODM), the file, or empty")
    func sourceText() {
        #expect(Self.finding(.row(Provenance(file: "labs.csv", line: 12))).source == "labs.csv:12")
        let odm = Provenance(file: "s04.xml", line: 40, xmlPath: "SubjectData[@SubjectKey='*']/ItemGroupData[@ItemGroupOID='IG.LABS']")
        #expect(Self.finding(.row(odm)).source == "s04.xml:40 SubjectData[@SubjectKey='*']/ItemGroupData[@ItemGroupOID='IG.LABS']")
        #expect(Self.finding(.file("s04.xml")).source == "s04.xml")
        #expect(Self.finding(.none).source == "")
        #expect(FindingLocation.row(odm).fileAndLine == "s04.xml:40")
    }

    /// A previous upload's `SOURCE` (SPEC 10) reads back as the location that writes it.
    @Test("SOURCE read back gives the same location, and the same text", arguments: [
        "", "labs.csv:12", "s04.xml", "s04.xml:40 SubjectData[@SubjectKey='*']/FormData[@FormOID='F:1']",
        "odd:name.csv:7", "notes:abc", "file:12x", "weird name.csv:3",
    ])
    func sourceRoundTrip(_ source: String) {
        let location = FindingLocation(source: source)
        #expect(location.source == source)
        #expect(FindingLocation(source: location.source) == location)
    }

    @Test("A SOURCE names a row only when it ends in :line (or :line and a path)")
    func sourceParsing() {
        #expect(FindingLocation(source: "labs.csv:12") == .row(Provenance(file: "labs.csv", line: 12)))
        #expect(FindingLocation(source: "odd:name.csv:7") == .row(Provenance(file: "odd:name.csv", line: 7)))
        #expect(FindingLocation(source: "s.xml:4 A[@B='c:9']") == .row(Provenance(file: "s.xml", line: 4, xmlPath: "A[@B='c:9']")))
        #expect(FindingLocation(source: "s04.xml") == .file("s04.xml"))
        #expect(FindingLocation(source: "file:12x") == .file("file:12x"))
        #expect(FindingLocation(source: "") == FindingLocation.none)
    }

    /// SPEC 5: findings sorted by site, subject, table, then source with line numbers compared as
    /// numbers: line 9 before line 10, a file's own finding before its rows.
    @Test("Findings sort by line as a number, the file before its rows")
    func order() {
        let rows = [10, 9, 100, 2].map { Self.finding(.row(Provenance(file: "labs.csv", line: $0))) }
        let whole = Self.finding(.file("labs.csv"))
        #expect((rows + [whole]).sorted().map(\.source) == ["labs.csv", "labs.csv:2", "labs.csv:9", "labs.csv:10", "labs.csv:100"])
        let nothing = Self.finding(.none, table: nil)
        #expect([rows[0], nothing].sorted().first == nothing)
    }

    @Test("The tracking key holds the rule ID and the table's name, never the line (SPEC 10)")
    func trackingKey() {
        var a = Self.finding(.row(Provenance(file: "labs.csv", line: 12)), rule: .DUP003)
        var b = Self.finding(.row(Provenance(file: "labs.csv", line: 80)), rule: .DUP003)
        a.rowKey = "2021-01-01 HGB"
        b.rowKey = a.rowKey
        #expect(a.trackingKey == b.trackingKey)
        #expect(a.trackingKey.split(separator: "\u{1F}", omittingEmptySubsequences: false).map(String.init)
            == ["DUP-003", "S01", "P001", "labs", "value", "2021-01-01 HGB"])
    }

    @Test("File-level: an ING or PHI finding naming no patient")
    func fileLevel() {
        var f = Self.finding(.file("x.csv"), rule: .ING011, table: nil)
        f.subjectID = ""
        #expect(f.isFileLevel)
        f.rule = .SCH001
        #expect(!f.isFileLevel)
    }

    /// A rule an earlier catalogue had (a previous upload's `findings.csv`) is kept by its ID.
    @Test("A rule read back: the catalogue's, or one known by its ID alone")
    func ruleReadBack() {
        #expect(Rule.read(id: "CHR-003", severity: .info) == .CHR003)
        #expect(Rule.read(id: "CHR-003", severity: .info).title == Rule.CHR003.title)
        let retired = Rule.read(id: "XYZ-009", severity: .warning)
        #expect(retired.id == "XYZ-009" && retired.severity == .warning && Rule.named("XYZ-009") == nil)
    }

    @Test("An audit entry's rule: a catalogue rule when the text names one, else the reference as written")
    func auditRule() {
        #expect(AuditRule("UNIT-002") == .catalogue(.UNIT002))
        #expect(AuditRule("RULES.md 1") == .reference("RULES.md 1"))
        let literal: AuditRule = "SPEC 4.1"
        #expect(literal.text == "SPEC 4.1" && AuditRule.catalogue(.SCH010).text == "SCH-010")
    }
}
