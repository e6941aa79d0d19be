import MMModel

/// Every finding of a run, given back sorted without being held all at once (SPEC 8: the
/// memory bound holds for findings too — 2 million identical rows give 2 million findings).
/// Findings are collected in memory up to `runLength`, then sorted and spilled as a run to a
/// temporary file; `forEachSorted` merges the runs. Counts by severity are kept as findings
/// arrive. One owner thread.
public final class FindingStore: @unchecked Sendable {
    private var pending: [Finding] = []
    private var runs: [(offset: Int, count: Int)] = []
    private var spill: SpillFile?
    private let directory: String?
    private let runLength: Int
    public private(set) var count = 0
    public private(set) var errors = 0
    public private(set) var warnings = 0
    public private(set) var infos = 0

    /// `directory`: where a spilled run goes (nil: everything stays in memory).
    public init(directory: String?, runLength: Int = 100_000) {
        self.directory = directory
        self.runLength = runLength
    }

    /// A store holding `findings` (in memory).
    public convenience init(_ findings: [Finding]) {
        self.init(directory: nil)
        append(contentsOf: findings)
    }

    public func append(_ f: Finding) {
        count += 1
        switch f.severity {
        case .error: errors += 1
        case .warning: warnings += 1
        case .info: infos += 1
        }
        pending.append(f)
        if pending.count >= runLength, directory != nil { spillRun() }
    }

    public func append(contentsOf findings: [Finding]) {
        for f in findings { append(f) }
    }

    /// Sorts the pending findings and writes them as one run; if the disk refuses, they stay
    /// in memory (the run goes on, only larger).
    private func spillRun() {
        if spill == nil, let directory { spill = SpillFile(directory: directory) }
        guard let spill else { return }
        Self.sort(&pending)
        var w = ByteWriter()
        for f in pending { Self.encode(f, into: &w) }
        guard let offset = spill.append(w.bytes) else { return }
        runs.append((offset, w.bytes.count))
        pending.removeAll(keepingCapacity: true)
    }

    /// Every finding in `Finding` order (stable for equal findings: runs in the order spilled).
    /// Stops at the first error `body` throws.
    public func forEachSorted<E: Error>(_ body: (Finding) throws(E) -> Void) throws(E) {
        Self.sort(&pending)
        if runs.isEmpty {
            for f in pending { try body(f) }
            return
        }
        var cursors = runs.map { RunCursor(file: spill!, offset: $0.offset, count: $0.count) }
        var heads: [Finding?] = cursors.indices.map { cursors[$0].next() }
        var memory = 0
        while true {
            var best = -1
            var bestFinding: Finding?
            for (i, head) in heads.enumerated() {
                guard let head else { continue }
                if bestFinding == nil || head < bestFinding! { best = i; bestFinding = head }
            }
            if memory < pending.count, bestFinding == nil || pending[memory] < bestFinding! {
                try body(pending[memory])
                memory += 1
                continue
            }
            guard let chosen = bestFinding else { return }
            try body(chosen)
            heads[best] = cursors[best].next()
        }
    }

    /// All findings sorted, in memory (tests, small runs).
    public var sorted: [Finding] {
        var all: [Finding] = []
        all.reserveCapacity(count)
        forEachSorted { all.append($0) }
        return all
    }

    /// Sorts in `Finding` order, stable, computing each finding's key once.
    static func sort(_ findings: inout [Finding]) {
        guard findings.count > 1 else { return }
        let keyed = findings.map { ($0.sortKey, $0) }.sorted { $0.0.lexicographicallyPrecedes($1.0) }
        findings = keyed.map(\.1)
    }

    static func encode(_ f: Finding, into w: inout ByteWriter) {
        var body = ByteWriter()
        for s in [f.siteID, f.subjectID, f.table?.rawValue ?? "", f.source, f.field, f.value, f.rule.id, f.message, f.rowKey] {
            body.string(s)
        }
        body.code(f.severity)
        body.code(f.status)
        w.varint(UInt64(body.bytes.count))
        w.bytes.append(contentsOf: body.bytes)
    }

    /// Reads one spilled run back a block at a time.
    private struct RunCursor {
        let file: SpillFile
        var offset: Int
        var remaining: Int
        var block: [UInt8] = []
        var at = 0

        init(file: SpillFile, offset: Int, count: Int) {
            self.file = file
            self.offset = offset
            remaining = count
        }

        /// Makes at least `n` bytes available from `at`; false at the end of the run.
        private mutating func ensure(_ n: Int) -> Bool {
            if block.count - at >= n { return true }
            let want = min(remaining, max(n - (block.count - at), 256 << 10))
            guard want > 0 else { return false }
            var more: [UInt8] = []
            guard file.read(offset: offset, count: want, into: &more) else {
                preconditionFailure("mmpipe: a temporary file of findings could not be read back")
            }
            block = Array(block[at...]) + more
            at = 0
            offset += want
            remaining -= want
            return block.count >= n
        }

        mutating func next() -> Finding? {
            guard ensure(1) else { return nil }
            _ = ensure(10)  // the length prefix: at most 10 bytes
            let length: Int = block.withUnsafeBytes { raw in
                var r = ByteReader(UnsafeRawBufferPointer(rebasing: raw[at...]))
                let n = Int(r.varint())
                return n + r.at
            }
            guard ensure(length) else { return nil }
            return block.withUnsafeBytes { raw in
                var r = ByteReader(UnsafeRawBufferPointer(rebasing: raw[at..<at + length]))
                _ = r.varint()
                let s = (0..<9).map { _ in r.string() }
                let severity: Severity = r.code()!
                let status: FindingStatus? = r.code()
                at += length
                var f = Finding(siteID: s[0], subjectID: s[1], table: TableName(rawValue: s[2]),
                                location: FindingLocation(source: s[3]), field: s[4], value: s[5],
                                rule: Rule.read(id: s[6], severity: severity), severity: severity, message: s[7])
                f.rowKey = s[8]
                f.status = status
                return f
            }
        }
    }
}
