import Yams

/// A YAML document as a plain Sendable tree, with the dotted key of every node, so that a bad
/// pipeline file or dictionary fails with the key and the reason (SPEC 4.3).
struct YAMLTree {
    enum Value {
        case scalar(String)
        case mapping([(key: String, value: YAMLTree)])
        case sequence([YAMLTree])
    }

    var value: Value
    /// Dotted key from the root (`response.nadir`, `dictionaries.drugs`, `index_regimen.all_of[1]`).
    var key: String
    /// 1-based line in the file, 0 when unknown.
    var line: Int
    /// The file the tree was read from (for errors).
    var path: String

    static func parse(_ text: String, path: String) throws(PipelineFileError) -> YAMLTree {
        let node: Node?
        do { node = try Yams.compose(yaml: text) } catch {
            throw .invalid(path: path, key: "(file)", reason: "not valid YAML (\(error)); check the indentation and the quoting")
        }
        guard let node else { return YAMLTree(value: .mapping([]), key: "", line: 0, path: path) }
        return try convert(node, key: "", path: path)
    }

    private static func convert(_ node: Node, key: String, path: String) throws(PipelineFileError) -> YAMLTree {
        let line = node.mark?.line ?? 0
        switch node {
        case .scalar(let s):
            return YAMLTree(value: .scalar(s.string), key: key, line: line, path: path)
        case .mapping(let m):
            var pairs: [(key: String, value: YAMLTree)] = []
            for (k, v) in m {
                guard let name = k.scalar?.string else {
                    throw .invalid(path: path, key: key.isEmpty ? "(root)" : key, reason: "a key must be a plain name (line \(line))")
                }
                let child = key.isEmpty ? name : key + "." + name
                if pairs.contains(where: { $0.key == name }) {
                    throw .invalid(path: path, key: child, reason: "the key is given twice (line \(k.mark?.line ?? 0)); keep one")
                }
                pairs.append((name, try convert(v, key: child, path: path)))
            }
            return YAMLTree(value: .mapping(pairs), key: key, line: line, path: path)
        case .sequence(let s):
            var items: [YAMLTree] = []
            for (i, v) in s.enumerated() { items.append(try convert(v, key: "\(key)[\(i)]", path: path)) }
            return YAMLTree(value: .sequence(items), key: key, line: line, path: path)
        case .alias:
            throw .invalid(path: path, key: key, reason: "YAML aliases are not supported; write the value out")
        }
    }

    // MARK: Typed access, each failing with the key and the reason.

    func fail(_ reason: String) -> PipelineFileError {
        .invalid(path: path, key: key.isEmpty ? "(root)" : key, reason: line > 0 ? "\(reason) (line \(line))" : reason)
    }

    /// The entries of a mapping, refusing keys outside `allowed` (catches typos).
    func mapping(allowed: [String]? = nil) throws(PipelineFileError) -> [(key: String, value: YAMLTree)] {
        if case .scalar(let s) = value, s.isEmpty { return [] }  // `key:` with nothing after it
        guard case .mapping(let pairs) = value else { throw fail("expected a mapping of keys to values") }
        if let allowed {
            for (k, v) in pairs where !allowed.contains(k) {
                throw v.fail("unknown key '\(k)'; the keys allowed here are \(allowed.joined(separator: ", "))")
            }
        }
        return pairs
    }

    func sequence() throws(PipelineFileError) -> [YAMLTree] {
        if case .scalar(let s) = value, s.isEmpty { return [] }
        guard case .sequence(let items) = value else { throw fail("expected a list (- item, or [a, b])") }
        return items
    }

    func string() throws(PipelineFileError) -> String {
        guard case .scalar(let s) = value else { throw fail("expected a single value, not a list or mapping") }
        return s
    }

    func strings() throws(PipelineFileError) -> [String] {
        // A single value is accepted where a list is expected.
        if case .scalar(let s) = value { return s.isEmpty ? [] : [s] }
        var out: [String] = []
        for item in try sequence() { out.append(try item.string()) }
        return out
    }

    func int(in range: ClosedRange<Int> = 0...100_000) throws(PipelineFileError) -> Int {
        let s = try string()
        guard let v = Int(s) else { throw fail("'\(s)' is not a whole number") }
        guard range.contains(v) else { throw fail("\(v) is outside \(range.lowerBound)…\(range.upperBound)") }
        return v
    }

    func double() throws(PipelineFileError) -> Double {
        let s = try string()
        guard let v = Double(s) else { throw fail("'\(s)' is not a number") }
        return v
    }

    func bool() throws(PipelineFileError) -> Bool {
        let s = try string()
        switch s.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default: throw fail("'\(s)' is not true or false")
        }
    }

    /// A value of a code list (`nadir: confirmed | lowest`).
    func choice<E: RawRepresentable & CaseIterable>(_: E.Type) throws(PipelineFileError) -> E where E.RawValue == String {
        let s = try string()
        if let v = E(rawValue: s) { return v }
        throw fail("'\(s)' is not allowed; use one of \(E.allCases.map(\.rawValue).joined(separator: ", "))")
    }

    /// A child that must be present.
    func require(_ name: String, _ reason: String) throws(PipelineFileError) -> YAMLTree {
        guard let v = self[name] else { throw fail(reason) }
        return v
    }

    subscript(name: String) -> YAMLTree? {
        guard case .mapping(let pairs) = value else { return nil }
        return pairs.first { $0.key == name }?.value
    }
}
