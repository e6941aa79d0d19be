import Foundation
import Testing
@testable import MMEmit

@Suite("mmpipe audit verify (SPEC 3, 7)")
struct AuditVerifierTests {
    func written() throws -> String {
        let out = Fixture.tempPath("verify")
        try Fixture.writer(out).write(Fixture.output())
        return out
    }

    /// Replaces one byte at `offset` of a file by another character.
    func flip(_ path: String, at offset: Int) {
        var bytes = Fixture.read(path)
        let old = bytes[offset]
        bytes[offset] = old == UInt8(ascii: "a") ? UInt8(ascii: "b") : UInt8(ascii: "a")
        _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
    }

    @Test("An untouched output verifies OK (folder and audit file)")
    func intact() throws {
        let out = try written()
        defer { try? FileManager.default.removeItem(atPath: out) }
        #expect(AuditVerifier.verify(path: out) == .intact(lines: 15, files: 16))
        #expect(AuditVerifier.verify(path: "\(out)/audit.jsonl") == .intact(lines: 15, files: 0))
        #expect(AuditVerifier.verify(path: out).exitCode == 0)
    }

    @Test("Editing one character of an audit line names that line and its seq", arguments: [1, 2, 5, 14])
    func editedAuditLine(_ line: Int) throws {
        let out = try written()
        defer { try? FileManager.default.removeItem(atPath: out) }
        let path = "\(out)/audit.jsonl"
        let text = Fixture.read(path)
        // Offset of the `after` value's first character on that line (inside a string value).
        var starts = [0]
        for (i, b) in text.enumerated() where b == 0x0A { starts.append(i + 1) }
        let lineBytes = Array(text[starts[line - 1]..<starts[line]])
        let marker = Array("\"rule\":\"".utf8)
        let pos = try #require((0..<(lineBytes.count - marker.count)).first { Array(lineBytes[$0..<$0 + marker.count]) == marker })
        flip(path, at: starts[line - 1] + pos + marker.count)
        let outcome = AuditVerifier.verify(path: out)
        #expect(outcome.exitCode == 1)
        guard case .altered(let message) = outcome else { Issue.record("not altered: \(outcome)"); return }
        #expect(message.contains("line \(line) (seq \(line))"), "\(message)")
        #expect(AuditVerifier.verify(path: path).exitCode == 1)
    }

    @Test("Removing an audit line breaks the chain at the next line")
    func removedLine() throws {
        let out = try written()
        defer { try? FileManager.default.removeItem(atPath: out) }
        let path = "\(out)/audit.jsonl"
        var lines = Fixture.text(path).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        lines.remove(at: 3)
        _ = FileManager.default.createFile(atPath: path, contents: Data(lines.joined(separator: "\n").utf8))
        guard case .altered(let message) = AuditVerifier.verify(path: path) else { Issue.record("not altered"); return }
        #expect(message.contains("line 4"))
    }

    @Test("Editing one character of any output names the file", arguments: [
        "adsl.csv", "adlot.csv", "adrs.csv", "adtte.csv", "adae.csv", "adexp.csv", "findings.csv",
        "dataset.sqlite", "define.json", "report.html",
    ])
    func editedOutput(_ name: String) throws {
        let out = try written()
        defer { try? FileManager.default.removeItem(atPath: out) }
        let path = "\(out)/\(name)"
        flip(path, at: Fixture.read(path).count / 2)
        let outcome = AuditVerifier.verify(path: out)
        #expect(outcome.exitCode == 1)
        guard case .altered(let message) = outcome else { Issue.record("not altered"); return }
        #expect(message.hasPrefix("\(name) was altered"), "\(message)")
    }

    @Test("A missing output or a deleted manifest entry is caught")
    func missingFile() throws {
        let out = try written()
        defer { try? FileManager.default.removeItem(atPath: out) }
        try FileManager.default.removeItem(atPath: "\(out)/adtte.csv")
        #expect(AuditVerifier.verify(path: out).exitCode == 1)
    }

    @Test("Unreadable folder or file: exit 2")
    func unreadable() {
        #expect(AuditVerifier.verify(path: "/nonexistent/mmpipe-out").exitCode == 2)
        let empty = Fixture.tempPath("empty")
        try? FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: empty) }
        #expect(AuditVerifier.verify(path: empty).exitCode == 2)
    }

    @Test("Canonical JSON: sorted keys, no spaces, RFC 8259 escapes; parse → serialise is the identity")
    func canonicalJSON() throws {
        let v = JSONValue.object(["b": .string("x\"y\\z\n\u{01}/é"), "a": .int(-3), "c": .array([.null, .bool(true)])])
        let text = String(decoding: v.canonical(), as: UTF8.self)
        #expect(text == "{\"a\":-3,\"b\":\"x\\\"y\\\\z\\n\\u0001/é\",\"c\":[null,true]}")
        #expect(try JSONParser.parse(v.canonical()) == v)
        #expect(try JSONParser.parse(Array("{\"a\":\"\\u00e9\\ud83d\\ude00\"}".utf8))["a"]?.stringValue == "é😀")
        #expect(throws: JSONParser.Failure.self) { try JSONParser.parse(Array("{\"a\":1,\"a\":2}".utf8)) }
        #expect(throws: JSONParser.Failure.self) { try JSONParser.parse(Array("{\"a\":1} x".utf8)) }
    }
}

@Suite("audit verify: a rewritten chain is caught by the manifest")
struct RewrittenChainTests {
    @Test("Editing a line and recomputing every later hash still fails: manifest.json records audit.jsonl's hash")
    func recomputedChain() throws {
        let out = Fixture.tempPath("rechain")
        defer { try? FileManager.default.removeItem(atPath: out) }
        try Fixture.writer(out).write(Fixture.output())
        let path = "\(out)/audit.jsonl"
        var prev = AuditLog.genesis
        var rewritten: [UInt8] = []
        for (i, line) in Fixture.text(path).split(separator: "\n").enumerated() {
            guard case .object(var o) = try JSONParser.parse(Array(line.utf8)) else { return }
            if i == 4 { o["after"] = .string("tampered") }
            o["prev"] = .string(prev)
            o["hash"] = nil
            let hash = AuditLog.hash(prev: prev, body: JSONValue.object(o).canonical())
            o["hash"] = .string(hash)
            rewritten += JSONValue.object(o).canonical() + [0x0A]
            prev = hash
        }
        _ = FileManager.default.createFile(atPath: path, contents: Data(rewritten))
        #expect(AuditVerifier.verify(path: path).exitCode == 0, "the chain alone is consistent")
        guard case .altered(let message) = AuditVerifier.verify(path: out) else { Issue.record("not caught"); return }
        #expect(message.hasPrefix("audit.jsonl was altered"))
    }
}
