import MMModel

/// Every finding of a run, given back sorted without being held all at once (SPEC 8: the
/// memory bound holds for findings too — 2 million identical rows give 2 million findings).
/// Findings are collected in memory up to `runLength`, then sorted and spilled as a run to a
/// temporary file; `forEachSorted` merges the runs. Counts by severity are kept as findings
/// arrive. The order is `Finding`'s unless another key is given (a site's queries are listed
/// ERRORs first, SPEC 7); equal keys keep the order of arrival. One owner thread.
public final class FindingStore: @unchecked Sendable {
    /// The key a store sorts by (compared element by element).
    public typealias Order = @Sendable (Finding) -> [String]

    private var pending: [Finding] = []
    private var runs: [(offset: Int, count: Int)] = []
    private var spill: SpillFile?
    private let directory: String?
    private let runLength: Int
    private let order: Order
    /// Sorted runs written to the temporary file so far (the rest is in memory).
    public var spilledRuns: Int { runs.count }
    public private(set) var count = 0
    public private(set) var errors = 0
    public private(set) var warnings = 0
    public private(set) var infos = 0

    /// `directory`: where a spilled run goes (nil: everything stays in memory).
    /// `runLength`: findings held in memory before they are sorted and spilled.
    public init(directory: String?, runLength: Int = 16_384, order: @escaping Order = { $0.sortKey }) {
        self.directory = directory
        self.runLength = max(1, runLength)
        self.order = order
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
        sortPending()
        var w = ByteWriter()
        for f in pending { Self.encode(f, into: &w) }
        guard let offset = spill.append(w.bytes) else { return }
        runs.append((offset, w.bytes.count))
        pending.removeAll(keepingCapacity: true)
    }

    /// Every finding in the store's order (stable for equal keys: runs in the order spilled,
    /// then those still in memory). Stops at the first error `body` throws.
    public func forEachSorted<E: Error>(_ body: (Finding) throws(E) -> Void) throws(E) {
        sortPending()
        if runs.isEmpty {
            for f in pending { try body(f) }
            return
        }
        var cursors = runs.map { SpilledRun(file: spill!, offset: $0.offset, count: $0.count) }
        // Each run's head with its key, computed once per finding; the pending findings last.
        var heads: [(key: [String], finding: Finding)?] = cursors.indices.map { i in cursors[i].next(Self.decode).map { (order($0), $0) } }
        var memory = 0
        var memoryHead = pending.first.map { (key: order($0), finding: $0) }
        while true {
            var best = -1
            for (i, head) in heads.enumerated() {
                guard let head else { continue }
                if best < 0 || head.key.lexicographicallyPrecedes(heads[best]!.key) { best = i }
            }
            if let m = memoryHead, best < 0 || m.key.lexicographicallyPrecedes(heads[best]!.key) {
                try body(m.finding)
                memory += 1
                memoryHead = memory < pending.count ? (order(pending[memory]), pending[memory]) : nil
                continue
            }
            guard best >= 0, let chosen = heads[best] else { return }
            try body(chosen.finding)
            heads[best] = cursors[best].next(Self.decode).map { (order($0), $0) }
        }
    }

    /// All findings sorted, in memory (tests, small runs).
    public var sorted: [Finding] {
        var all: [Finding] = []
        all.reserveCapacity(count)
        forEachSorted { all.append($0) }
        return all
    }

    /// Sorts the pending findings in the store's order, stable, computing each key once.
    private func sortPending() {
        guard pending.count > 1 else { return }
        let keyed = pending.map { (order($0), $0) }.sorted { $0.0.lexicographicallyPrecedes($1.0) }
        pending = keyed.map(\.1)
    }

    static func encode(_ f: Finding, into w: inout ByteWriter) {
        var body = ByteWriter()
        for s in [f.siteID, f.subjectID, f.table?.rawValue ?? "", f.source, f.field, f.value, f.rule.id, f.message, f.rowKey] {
            body.string(s)
        }
        body.code(f.severity)
        body.code(f.status)
        SpilledRun.frame(body, into: &w)
    }

    static func decode(_ r: inout ByteReader) -> Finding {
        let s = (0..<9).map { _ in r.string() }
        let severity: Severity = r.code()!
        let status: FindingStatus? = r.code()
        var f = Finding(siteID: s[0], subjectID: s[1], table: TableName(rawValue: s[2]),
                        location: FindingLocation(source: s[3]), field: s[4], value: s[5],
                        rule: Rule.read(id: s[6], severity: severity), severity: severity, message: s[7])
        f.rowKey = s[8]
        f.status = status
        return f
    }
}
