import MMModel

/// The audit entries of a run's patients, in the order they are added (the pipeline adds them
/// in `USUBJID` order), without holding them all (SPEC 8: the memory bound holds for the audit
/// trail too — a run that rejects two million duplicate rows writes two million `reject` lines,
/// SPEC 7). Entries are kept in memory `chunkLength` at a time; a full chunk is encoded and
/// written to a temporary file, and `forEachChunk` gives the chunks back in order. If the disk
/// refuses a chunk, it and every later entry stay in memory (the run goes on, only larger).
/// One owner thread.
public final class AuditTrail: @unchecked Sendable {
    private var pending: [AuditEntry] = []
    private var chunks: [(offset: Int, bytes: Int)] = []
    private var spill: SpillFile?
    /// Nil once the disk has refused a chunk: the rest stays in `pending`, after the chunks.
    private var directory: String?
    private let chunkLength: Int
    public private(set) var count = 0
    /// `reject` entries per site, counted as they are added (the reports need no pass over
    /// the spilled chunks).
    public private(set) var rejectedBySite: [String: Int] = [:]
    /// Chunks written to the temporary file so far.
    public var spilledChunks: Int { chunks.count }

    /// `directory`: where a full chunk goes (nil: everything stays in memory).
    public init(directory: String?, chunkLength: Int = 8_192) {
        self.directory = directory
        self.chunkLength = max(1, chunkLength)
    }

    public func append(contentsOf entries: [AuditEntry]) {
        for e in entries {
            pending.append(e)
            count += 1
            if e.action == .reject, let site = e.key?.site { rejectedBySite[site, default: 0] += 1 }
            if pending.count >= chunkLength, directory != nil { spillChunk() }
        }
    }

    private func spillChunk() {
        if spill == nil, let directory { spill = SpillFile(directory: directory) }
        var w = ByteWriter()
        for e in pending { Self.encode(e, into: &w) }
        guard let spill, let offset = spill.append(w.bytes) else {
            directory = nil
            return
        }
        chunks.append((offset, w.bytes.count))
        pending.removeAll(keepingCapacity: true)
    }

    /// Every entry in the order added, a chunk at a time. Stops at the first error `body` throws.
    public func forEachChunk<E: Error>(_ body: ([AuditEntry]) throws(E) -> Void) throws(E) {
        for chunk in chunks {
            var bytes: [UInt8] = []
            guard let spill, spill.read(offset: chunk.offset, count: chunk.bytes, into: &bytes) else {
                preconditionFailure("mmpipe: a temporary file of audit entries could not be read back")
            }
            try body(Self.decode(bytes))
        }
        if !pending.isEmpty { try body(pending) }
    }

    static func encode(_ e: AuditEntry, into w: inout ByteWriter) {
        w.string(e.action.rawValue)
        w.optString(e.key?.site)
        w.optString(e.key?.patientID)
        for s in [e.table, e.source, e.field, e.before, e.after, e.rule?.text ?? ""] { w.string(s) }
        w.optInt(e.count)
        w.optString(e.lastSource)
    }

    static func decode(_ bytes: [UInt8]) -> [AuditEntry] {
        bytes.withUnsafeBytes { raw in
            var r = ByteReader(raw)
            var entries: [AuditEntry] = []
            while !r.atEnd {
                guard let action = AuditEntry.Action(rawValue: r.string()) else {
                    preconditionFailure("mmpipe: a temporary file of audit entries could not be read back")
                }
                let site = r.optString(), patientID = r.optString()
                let key = site.map { PatientKey(site: $0, patientID: patientID ?? "") }
                let s = (0..<6).map { _ in r.string() }
                let count = r.optInt()
                let lastSource = r.optString()
                entries.append(AuditEntry(action: action, key: key, table: s[0], source: s[1], field: s[2],
                                          before: s[3], after: s[4], rule: s[5].isEmpty ? nil : AuditRule(s[5]), count: count,
                                          lastSource: lastSource))
            }
            return entries
        }
    }
}
