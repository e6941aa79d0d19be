import MMModel

/// The audit entries of a run's patients, in the order they are added (the pipeline adds them
/// in `USUBJID` order), without holding them all (SPEC 8: the memory bound holds for the audit
/// trail too — a run that rejects two million duplicate rows writes two million `reject` lines,
/// SPEC 7). Entries are kept in memory `chunkLength` at a time; a full chunk is encoded and
/// written to a temporary file, and `forEachChunk` gives the chunks back in order. If the disk
/// refuses a chunk, it stays in memory (the run goes on, only larger). One owner thread.
public final class AuditTrail: @unchecked Sendable {
    private var pending: [AuditEntry] = []
    private var chunks: [(offset: Int, bytes: Int)] = []
    /// Chunks the disk refused, kept in order between the spilled ones.
    private var held: [Int: [AuditEntry]] = [:]
    private var spill: SpillFile?
    private let directory: String?
    private let chunkLength: Int
    public private(set) var count = 0
    /// Chunks written to the temporary file so far.
    public var spilledChunks: Int { chunks.count - held.count }

    /// `directory`: where a full chunk goes (nil: everything stays in memory).
    public init(directory: String?, chunkLength: Int = 16_384) {
        self.directory = directory
        self.chunkLength = max(1, chunkLength)
    }

    public func append(contentsOf entries: [AuditEntry]) {
        for e in entries {
            pending.append(e)
            count += 1
            if pending.count >= chunkLength, directory != nil { spillChunk() }
        }
    }

    private func spillChunk() {
        if spill == nil, let directory { spill = SpillFile(directory: directory) }
        var w = ByteWriter()
        for e in pending { Self.encode(e, into: &w) }
        if let spill, let offset = spill.append(w.bytes) {
            chunks.append((offset, w.bytes.count))
        } else {
            held[chunks.count] = pending
            chunks.append((-1, 0))
        }
        pending.removeAll(keepingCapacity: true)
    }

    /// Every entry in the order added, a chunk at a time. Stops at the first error `body` throws.
    public func forEachChunk<E: Error>(_ body: ([AuditEntry]) throws(E) -> Void) throws(E) {
        for (i, chunk) in chunks.enumerated() {
            if let kept = held[i] {
                try body(kept)
                continue
            }
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
