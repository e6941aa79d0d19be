import MMModel

/// The hash-chained audit log `audit.jsonl` (SPEC 7): one canonical JSON object per line with
/// `seq`, `time`, `action`, `usubjid`, `table`, `source`, `field`, `before`, `after`, `rule`,
/// `prev` and `hash`, where `hash` = lower-case hex SHA-256 of the UTF-8 bytes of `prev`
/// followed by the line's canonical JSON without `hash` (see `JSONValue` for canonical
/// JSON). `prev` of the first line is 64 zeros; of every other line, the previous `hash`.
/// The first line (`ingest`) also carries `tool`, `pipeline` and `inputs`; the last (`emit`)
/// carries `outputs`. A patient is named only by `USUBJID`.
final class AuditLog {
    static let genesis = String(repeating: "0", count: 64)

    private let file: OutputFile
    private let time: String
    private(set) var prev = AuditLog.genesis
    private(set) var seq = 0

    init(file: OutputFile, time: String) {
        self.file = file
        self.time = time
    }

    /// Appends one line: the standard fields plus any `extra` keys.
    func append(action: String, usubjid: String, table: String = "", source: String = "", field: String = "",
                before: String = "", after: String = "", rule: String = "",
                extra: [String: JSONValue] = [:]) throws(EmitError) {
        seq += 1
        if extra.isEmpty {
            try appendStandard(action: action, usubjid: usubjid, table: table, source: source, field: field,
                               before: before, after: after, rule: rule)
            return
        }
        var pairs: [(String, JSONValue)] = [
            ("seq", .int(seq)), ("time", .string(time)), ("action", .string(action)), ("usubjid", .string(usubjid)),
            ("table", .string(table)), ("source", .string(source)), ("field", .string(field)),
            ("before", .string(before)), ("after", .string(after)), ("rule", .string(rule)), ("prev", .string(prev)),
        ]
        for (k, v) in extra.sorted(by: { $0.key < $1.key }) where !pairs.contains(where: { $0.0 == k }) {
            pairs.append((k, v))
        }
        let hash = AuditLog.hash(prev: prev, body: JSONValue.canonicalObject(pairs))
        pairs.append(("hash", .string(hash)))
        var line = JSONValue.canonicalObject(pairs)
        line.append(0x0A)
        try file.write(line)
        prev = hash
    }

    /// Reused line buffers of the fast path: the keys up to `field`, and from `prev` on.
    private var head: [UInt8] = []
    private var tail: [UInt8] = []

    /// The hot path (one call per audit entry, millions on a large cohort): a line with only
    /// the standard keys is written straight into bytes in canonical key order (`action`,
    /// `after`, `before`, `field`, [`hash`], `prev`, `rule`, `seq`, `source`, `table`, `time`,
    /// `usubjid`), which is byte for byte what `canonicalObject` gives for the same pairs.
    private func appendStandard(action: String, usubjid: String, table: String, source: String, field: String,
                                before: String, after: String, rule: String) throws(EmitError) {
        head.removeAll(keepingCapacity: true)
        tail.removeAll(keepingCapacity: true)
        head.append(contentsOf: #"{"action":"#.utf8)
        JSONValue.writeString(action, into: &head)
        head.append(contentsOf: #","after":"#.utf8)
        JSONValue.writeString(after, into: &head)
        head.append(contentsOf: #","before":"#.utf8)
        JSONValue.writeString(before, into: &head)
        head.append(contentsOf: #","field":"#.utf8)
        JSONValue.writeString(field, into: &head)
        tail.append(contentsOf: #","prev":"#.utf8)
        JSONValue.writeString(prev, into: &tail)
        tail.append(contentsOf: #","rule":"#.utf8)
        JSONValue.writeString(rule, into: &tail)
        tail.append(contentsOf: #","seq":"#.utf8)
        tail.append(contentsOf: String(seq).utf8)
        tail.append(contentsOf: #","source":"#.utf8)
        JSONValue.writeString(source, into: &tail)
        tail.append(contentsOf: #","table":"#.utf8)
        JSONValue.writeString(table, into: &tail)
        tail.append(contentsOf: #","time":"#.utf8)
        JSONValue.writeString(time, into: &tail)
        tail.append(contentsOf: #","usubjid":"#.utf8)
        JSONValue.writeString(usubjid, into: &tail)
        tail.append(UInt8(ascii: "}"))
        // hash = SHA-256(prev + body), body = head + tail (the line without `hash`).
        let s = SHA256Stream()
        s.update(Array(prev.utf8))
        s.update(head)
        s.update(tail)
        let hash = s.finalize()
        head.append(contentsOf: #","hash":""#.utf8)
        head.append(contentsOf: hash.utf8)
        head.append(UInt8(ascii: "\""))
        tail.append(0x0A)
        try file.write(head)
        try file.write(tail)
        prev = hash
    }

    /// Chains and writes a block of lines formatted by `AuditFormatter` (their `seq` values
    /// continue this log's): each line gets `prev` and `hash` here, in order.
    func appendFormatted(_ block: AuditFormatter.Block) throws(EmitError) {
        let n = block.starts.count
        for i in 0..<n {
            let start = block.starts[i], cut = block.cuts[i]
            let end = i + 1 < n ? block.starts[i + 1] : block.bytes.count
            seq += 1
            tail.removeAll(keepingCapacity: true)
            tail.append(contentsOf: #","prev":""#.utf8)
            tail.append(contentsOf: prev.utf8)
            tail.append(UInt8(ascii: "\""))
            let s = SHA256Stream()
            s.update(Array(prev.utf8))
            block.bytes.withUnsafeBytes { all in s.update(UnsafeRawBufferPointer(rebasing: all[start..<cut])) }
            s.update(tail)
            block.bytes.withUnsafeBytes { all in s.update(UnsafeRawBufferPointer(rebasing: all[cut..<end])) }
            let hash = s.finalize()
            head.removeAll(keepingCapacity: true)
            head.append(contentsOf: block.bytes[start..<cut])
            head.append(contentsOf: #","hash":""#.utf8)
            head.append(contentsOf: hash.utf8)
            head.append(UInt8(ascii: "\""))
            head.append(contentsOf: tail)
            head.append(contentsOf: block.bytes[cut..<end])
            head.append(0x0A)
            try file.write(head)
            prev = hash
        }
    }

    /// SHA-256 hex of `prev` + canonical body.
    static func hash(prev: String, body: [UInt8]) -> String {
        let s = SHA256Stream()
        s.update(Array(prev.utf8))
        s.update(body)
        return s.finalize()
    }

    /// ISO 8601 UTC (`2024-05-01T12:00:00Z`) of a Unix time.
    static func isoTime(epochSeconds t: Int) -> String {
        let days = t >= 0 ? t / 86_400 : -((-t + 86_399) / 86_400)
        let secs = t - days * 86_400
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        let day = Day(rawValue: Int32(clamping: days))
        return "\(day.iso)T\(two(secs / 3600)):\(two(secs % 3600 / 60)):\(two(secs % 60))Z"
    }
}
