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
