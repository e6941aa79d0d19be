import Foundation
import Yams

/// The adverse-event term dictionary (`schemas/ae-terms.yaml`): which reported terms are one
/// term (synonyms, site-local spellings) and which terms make a group of the AE table (seed
/// 000 Table 2: "Infection" = pneumonia, bronchitis, sepsis…). SPEC 3 `ae.csv`.
public struct AETermDictionary: Sendable, Hashable {
    /// One row group of the table: its name and member terms, in file order.
    public struct Group: Sendable, Hashable {
        public var name: String
        public var terms: [String]
        /// A group whose only term has its name is one row, not a group row over a term row.
        public var isSingleTerm: Bool { terms == [name] }
    }

    public private(set) var groups: [Group] = []
    /// Normalised spelling → canonical term.
    private var canonical: [String: String] = [:]

    public init() {}

    /// Builds the dictionary from `(group, [(term, synonyms)])` in table order. Fails on a
    /// spelling given to two terms or a group named as another entry's term.
    public init(_ entries: [(group: String, terms: [(term: String, synonyms: [String])])]) throws(AETermDictionaryError) {
        var memberOf: [String: String] = [:]
        for (group, terms) in entries {
            for (term, synonyms) in terms {
                if let g = memberOf[term] { throw .duplicateTerm(term, firstGroup: g) }
                memberOf[term] = group
                for s in [term] + synonyms {
                    let key = Self.key(s)
                    if let other = canonical[key], other != term { throw .ambiguousSynonym(s, terms: [other, term]) }
                    canonical[key] = term
                }
            }
            groups.append(Group(name: group, terms: terms.map(\.term)))
        }
        for g in groups where !g.isSingleTerm {
            if let owner = memberOf[g.name] { throw .groupNamedAsTerm(g.name, termGroup: owner) }
        }
    }

    /// The canonical term of a reported term; nil when the dictionary does not know it.
    public func canonicalTerm(_ reported: String) -> String? { canonical[Self.key(reported)] }

    /// Matching key: a trailing parenthesised qualifier dropped ("Infezione (febbre > 38°C)"),
    /// then letters and digits only, lower case ("Platelet count-decreased" = "platelet count decreased").
    static func key(_ term: String) -> String {
        var t = term.trimmingCharacters(in: .whitespaces)
        if t.hasSuffix(")"), let open = t.lastIndex(of: "("), open > t.startIndex {
            t = String(t[..<open])
        }
        return String(t.lowercased().unicodeScalars.filter { CharacterSet.alphanumerics.contains($0) }.map(Character.init))
    }

    /// Reads the YAML file (`groups:` list of `group`, `terms:` with `term` and `synonyms`).
    public static func load(path: String) throws(AETermDictionaryError) -> AETermDictionary {
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch { throw .unreadable(path: path, reason: error.localizedDescription) }
        let root: Any?
        do { root = try Yams.load(yaml: text) } catch { throw .invalid(path: path, reason: "\(error)") }
        guard let top = root as? [String: Any], let list = top["groups"] as? [Any] else {
            throw .invalid(path: path, reason: "missing the 'groups' list")
        }
        var entries: [(group: String, terms: [(term: String, synonyms: [String])])] = []
        for item in list {
            guard let g = item as? [String: Any], let name = g["group"] as? String, let terms = g["terms"] as? [Any], !terms.isEmpty else {
                throw .invalid(path: path, reason: "each entry of 'groups' needs a 'group' name and a non-empty 'terms' list")
            }
            var members: [(term: String, synonyms: [String])] = []
            for t in terms {
                guard let m = t as? [String: Any], let term = m["term"] as? String else {
                    throw .invalid(path: path, reason: "group '\(name)': each of its 'terms' needs a 'term'")
                }
                // YAML reads a bare synonym such as `COVID` or `1` as text or a number alike.
                let synonyms = (m["synonyms"] as? [Any] ?? []).map { "\($0)" }
                members.append((term, synonyms))
            }
            entries.append((name, members))
        }
        do { return try AETermDictionary(entries) } catch { throw .invalid(path: path, reason: error.description) }
    }
}

/// A term dictionary that cannot be read or used.
public enum AETermDictionaryError: Error, CustomStringConvertible, Sendable, Equatable {
    case unreadable(path: String, reason: String)
    case invalid(path: String, reason: String)
    case duplicateTerm(String, firstGroup: String)
    case ambiguousSynonym(String, terms: [String])
    case groupNamedAsTerm(String, termGroup: String)

    public var description: String {
        switch self {
        case .unreadable(let p, let r): return "Cannot read the AE term dictionary '\(p)': \(r)"
        case .invalid(let p, let r): return "The AE term dictionary '\(p)' is not usable: \(r)"
        case .duplicateTerm(let t, let g): return "term '\(t)' is listed twice (first under group '\(g)'); list each term once"
        case .ambiguousSynonym(let s, let ts): return "'\(s)' would mean both '\(ts[0])' and '\(ts[1])'; give it to one term"
        case .groupNamedAsTerm(let g, let o): return "group '\(g)' has the name of a term of group '\(o)'; rename one so the table's rows are distinct"
        }
    }
}
