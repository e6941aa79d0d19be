import Foundation
import MMModel
import Testing

/// The rule catalogue (SPEC 5): every family exists, IDs are unique, and the committed
/// `schemas/rules.json` / `docs/rules.md` are exactly what the code generates.
@Suite struct RuleCatalogueTests {
    /// The repository root, from this file's path (Tests/ValidateTests/…).
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let regenerate = "regenerate with `swift run mmpipe rules --write .` from the repository root and commit"

    @Test func everyFamilyOfSpec5Exists() {
        let families = Set(Rule.catalogue.map(\.family))
        for f in ["ING", "SCH", "DUP", "CHR", "UNIT", "IMWG", "STG", "LOT", "PHI"] {
            #expect(families.contains(f), "family \(f)")
        }
    }

    @Test func idsAreUniqueAndWellFormed() {
        let ids = Rule.catalogue.map(\.id)
        #expect(Set(ids).count == ids.count)
        for r in Rule.catalogue {
            #expect(r.id.range(of: #"^[A-Z]+-[0-9]{3}$"#, options: .regularExpression) != nil, "\(r.id)")
            #expect(!r.title.isEmpty && !r.description.isEmpty && !r.source.isEmpty && !r.fix.isEmpty, "\(r.id)")
        }
    }

    @Test func jsonIsTheCatalogueSortedById() throws {
        let json = Rule.catalogueJSON()
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: String]])
        #expect(parsed.map { $0["id"] ?? "" } == Rule.catalogue.map(\.id).sorted())
        #expect(parsed.allSatisfy { Set($0.keys) == ["id", "family", "severity", "title", "description", "source", "fix",
                                                      "raised_in"] })
        let chr3 = try #require(parsed.first { $0["id"] == "CHR-003" })
        #expect(chr3["family"] == "CHR" && chr3["severity"] == "ERROR")
        #expect(json == Rule.catalogueJSON(Rule.catalogue.reversed()), "order-independent output")
    }

    @Test func markdownHasATablePerFamily() {
        let md = Rule.catalogueMarkdown()
        for f in Set(Rule.catalogue.map(\.family)) { #expect(md.contains("\n## \(f) — \(Rule.familyName(f))\n")) }
        for r in Rule.catalogue { #expect(md.contains("| `\(r.id)` |")) }
    }

    @Test("Raised in: every rule names its files, each of them raises it, and every Finding(.RULE …) is listed")
    func raisedInIsTrue() throws {
        let sources = Self.root.appendingPathComponent("Sources")
        func text(_ path: String) throws -> String {
            try String(contentsOf: sources.appendingPathComponent(path), encoding: .utf8)
        }
        for r in Rule.catalogue {
            #expect(!r.raisedIn.isEmpty, "\(r.id) has no raised-in file")
            let token = #"\."# + r.id.replacingOccurrences(of: "-", with: "") + #"\b"#
            for file in r.raisedIn {
                #expect(try text(file).range(of: token, options: .regularExpression) != nil, "\(r.id) is not in \(file)")
            }
        }
        // Every file that makes a finding of a rule is listed for it.
        let files = try FileManager.default.subpathsOfDirectory(atPath: sources.path).filter { $0.hasSuffix(".swift") }
        let finding = try NSRegularExpression(pattern: #"Finding\(\.([A-Z]+)([0-9]{3})\b"#)
        for file in files where !file.hasPrefix("Model/Rules/") {
            let t = try text(file)
            for m in finding.matches(in: t, range: NSRange(t.startIndex..., in: t)) {
                let id = String(t[Range(m.range(at: 1), in: t)!]) + "-" + String(t[Range(m.range(at: 2), in: t)!])
                #expect(Rule.named(id)?.raisedIn.contains(file) == true, "\(file) raises \(id) but the catalogue does not say so")
            }
        }
    }

    @Test("The site-vs-derived rules are raised by Validate's reconciliation step, never in Derive (issue 16)")
    func reconciliationRulesLeftDerive() throws {
        let derive = Self.root.appendingPathComponent("Sources/Derive")
        let files = try FileManager.default.subpathsOfDirectory(atPath: derive.path).filter { $0.hasSuffix(".swift") }
        for id in ["LOT-001", "IMWG-001", "IMWG-003", "STG-001", "AE-001"] {
            let rule = try #require(Rule.named(id))
            #expect(rule.raisedIn.allSatisfy { $0.hasPrefix("Validate/Reconciliation/") }, "\(id): \(rule.raisedIn)")
            let token = #"\."# + id.replacingOccurrences(of: "-", with: "") + #"\b"#
            for file in files {
                let t = try String(contentsOf: derive.appendingPathComponent(file), encoding: .utf8)
                #expect(t.range(of: token, options: .regularExpression) == nil, "Derive/\(file) mentions \(id)")
            }
        }
    }

    @Test func committedSchemaMatchesTheCatalogue() throws {
        let committed = try String(contentsOf: Self.root.appendingPathComponent("schemas/rules.json"), encoding: .utf8)
        #expect(committed == Rule.catalogueJSON(), "schemas/rules.json is out of date: \(Self.regenerate)")
    }

    @Test func committedDocsMatchTheCatalogue() throws {
        let committed = try String(contentsOf: Self.root.appendingPathComponent("docs/rules.md"), encoding: .utf8)
        #expect(committed == Rule.catalogueMarkdown(), "docs/rules.md is out of date: \(Self.regenerate)")
    }
}
