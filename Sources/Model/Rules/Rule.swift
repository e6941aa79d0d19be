/// A rule of the validation catalogue (SPEC 5). The catalogue is defined in code, one file
/// per family (`Sources/Model/Rules`), each rule with the files that raise it (`raisedIn`), and
/// exported to `schemas/rules.json` / `docs/rules.md` (kept in sync by a test).
/// Every finding carries its rule, so a rule is small: its ID and severity, and its texts held
/// once, by reference.
public struct Rule: Sendable, Hashable, Codable {
    /// `ING-001`, `SCH-004`, …
    public var id: String
    public var severity: Severity
    private let text: Text

    /// A short title.
    public var title: String { text.title }
    /// What the rule checks.
    public var description: String { text.description }
    /// Where the rule comes from (SPEC/RULES section, paper).
    public var source: String { text.source }
    /// What the site should do.
    public var fix: String { text.fix }

    /// The texts of a rule, shared by every copy of it.
    private final class Text: Sendable {
        let title: String, description: String, source: String, fix: String

        init(title: String, description: String, source: String, fix: String) {
            self.title = title
            self.description = description
            self.source = source
            self.fix = fix
        }
    }

    public init(_ id: String, _ severity: Severity, title: String, description: String, source: String, fix: String) {
        self.id = id
        self.severity = severity
        text = Text(title: title, description: description, source: source, fix: fix)
    }

    private enum CodingKeys: String, CodingKey { case id, severity, title, description, source, fix }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(try c.decode(String.self, forKey: .id), try c.decode(Severity.self, forKey: .severity),
                  title: try c.decode(String.self, forKey: .title), description: try c.decode(String.self, forKey: .description),
                  source: try c.decode(String.self, forKey: .source), fix: try c.decode(String.self, forKey: .fix))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(severity, forKey: .severity)
        try c.encode(title, forKey: .title)
        try c.encode(description, forKey: .description)
        try c.encode(source, forKey: .source)
        try c.encode(fix, forKey: .fix)
    }

    /// The family prefix (`ING`, `SCH`, …).
    public var family: String { String(id.prefix(while: { $0 != "-" })) }

    /// Every rule, in catalogue order (family, then number).
    public static var catalogue: [Rule] {
        (ingestRules + schemaRules + duplicateRules + chronologyRules + unitRules + responseRules
            + stagingRules + lineRules + identifierRules + adverseEventRules)
            .sorted { $0.id < $1.id }
    }

    /// Looks a rule up by ID.
    public static func named(_ id: String) -> Rule? { byID[id] }

    private static let byID: [String: Rule] = Dictionary(uniqueKeysWithValues: catalogue.map { ($0.id, $0) })

    /// The rule a finding read back names (a spilled run, a previous upload's `findings.csv`,
    /// SPEC 10): the catalogue's, or — for an ID this catalogue does not hold, such as a rule
    /// of an earlier version — a rule known by its ID alone, kept so that its finding is not lost.
    public static func read(id: String, severity: Severity) -> Rule {
        named(id) ?? Rule(id, severity, title: "", description: "", source: "", fix: "")
    }

    /// A rule is its ID: the catalogue holds one rule per ID.
    public static func == (a: Rule, b: Rule) -> Bool { a.id == b.id }

    public func hash(into hasher: inout Hasher) { hasher.combine(id) }
}

// MARK: - Catalogue export (SPEC 5: "the rule catalogue lives in `schemas/` … and is rendered in `docs/`")

extension Rule {
    /// The families in the order of SPEC 5, with a plain-language name for each.
    public static let familyNames: [(family: String, name: String)] = [
        ("ING", "Files"), ("SCH", "Fields"), ("DUP", "Duplicates and conflicts"), ("CHR", "Chronology"),
        ("UNIT", "Units"), ("IMWG", "Response (IMWG)"), ("STG", "Staging"), ("LOT", "Lines of therapy"),
        ("PHI", "Direct identifiers"), ("AE", "Adverse events"),
    ]

    /// The plain-language name of a family (`CHR` → `Chronology`); the prefix itself when unknown.
    public static func familyName(_ family: String) -> String {
        familyNames.first { $0.family == family }?.name ?? family
    }

    /// `schemas/rules.json`: an array of `{id, family, severity, title, description, source,
    /// fix, raised_in}` sorted by ID, two-space indented, keys in that order, one trailing newline —
    /// byte-identical for the same catalogue.
    public static func catalogueJSON(_ rules: [Rule] = catalogue) -> String {
        let sorted = rules.sorted { $0.id < $1.id }
        var out = "[\n"
        for (n, rule) in sorted.enumerated() {
            let fields: [(String, String)] = [
                ("id", rule.id), ("family", rule.family), ("severity", rule.severity.rawValue), ("title", rule.title),
                ("description", rule.description), ("source", rule.source), ("fix", rule.fix),
                ("raised_in", rule.raisedIn.joined(separator: ", ")),
            ]
            out += "  {\n"
            for (i, (k, v)) in fields.enumerated() {
                out += "    \"\(k)\": \(jsonString(v))\(i + 1 < fields.count ? "," : "")\n"
            }
            out += "  }\(n + 1 < sorted.count ? "," : "")\n"
        }
        return out + "]\n"
    }

    /// `docs/rules.md`: one table per family, families in SPEC 5 order, rules by ID.
    public static func catalogueMarkdown(_ rules: [Rule] = catalogue) -> String {
        let sorted = rules.sorted { $0.id < $1.id }
        let known = familyNames.map(\.family)
        let present = Set(sorted.map(\.family))
        let families = known.filter(present.contains) + present.subtracting(known).sorted()
        var out = """
            # Validation rules

            Every finding mmpipe raises names one of these rules (`RULEID` in `findings.csv`).
            Severity: **ERROR** — the value cannot be used; **WARNING** — used but doubtful;
            **INFO** — for the record. The machine-readable catalogue is `schemas/rules.json`.

            A **rule** is one check with a stable ID (`SCH-004`): what it checks, how severe a
            failure is and what the site should do. Findings are the rule's failures, one per value,
            row or file. The *Source* column names where the check comes from: `SPEC n` is section n
            of mmpipe's product specification (what it reads and writes: the input layout is
            [input-format.md](input-format.md)), `RULES.md n` is section n of its clinical rule book
            (how each derivation is defined: see the *Derivation* column of [outputs.md](outputs.md)).
            *Raised in* names the source files (under `Sources/`) that raise the rule; the stages
            are described in [architecture.md](architecture.md).

            This page is generated from the code (`Rule.catalogue`); do not edit it by hand.
            Regenerate both files from the repository root with `swift run mmpipe rules --write .`

            | family | rules |
            |---|---|

            """
        for f in families {
            out += "| [\(f) — \(familyName(f))](#\(anchor(f, familyName(f)))) | \(sorted.filter { $0.family == f }.count) |\n"
        }
        for f in families {
            out += "\n## \(f) — \(familyName(f))\n\n| ID | Severity | Title | What it checks | What to do | Source | Raised in |\n|---|---|---|---|---|---|---|\n"
            for r in sorted where r.family == f {
                let raisedIn = r.raisedIn.map { "`\($0)`" }.joined(separator: ", ")
                out += "| `\(r.id)` | \(r.severity.rawValue) | \(cell(r.title)) | \(cell(r.description)) | \(cell(r.fix)) | \(cell(r.source)) | \(raisedIn) |\n"
            }
        }
        return out
    }

    /// A GitHub-style heading anchor for `## ING — Files`.
    private static func anchor(_ family: String, _ name: String) -> String {
        let text = "\(family) — \(name)".lowercased()
        return String(text.compactMap { c -> Character? in
            if c.isLetter || c.isNumber || c == "-" || c == "_" { return c }
            if c == " " { return "-" }
            return nil
        })
    }

    /// A Markdown table cell: pipes escaped, line breaks flattened.
    private static func cell(_ s: String) -> String {
        var out = ""
        for c in s {
            switch c {
            case "|": out += "\\|"
            case "\n", "\r\n": out += " "
            default: out.append(c)
            }
        }
        return out
    }

    /// A JSON string literal (RFC 8259): quotes, backslashes and control characters escaped,
    /// other characters as UTF-8.
    static func jsonString(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if u.value < 0x20 {
                    let hex = String(u.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        return out + "\""
    }
}
