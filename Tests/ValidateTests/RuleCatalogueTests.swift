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
        #expect(parsed.allSatisfy { Set($0.keys) == ["id", "family", "severity", "title", "description", "source", "fix"] })
        let chr3 = try #require(parsed.first { $0["id"] == "CHR-003" })
        #expect(chr3["family"] == "CHR" && chr3["severity"] == "ERROR")
        #expect(json == Rule.catalogueJSON(Rule.catalogue.reversed()), "order-independent output")
    }

    @Test func markdownHasATablePerFamily() {
        let md = Rule.catalogueMarkdown()
        for f in Set(Rule.catalogue.map(\.family)) { #expect(md.contains("\n## \(f) — \(Rule.familyName(f))\n")) }
        for r in Rule.catalogue { #expect(md.contains("| `\(r.id)` |")) }
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
