import MMModel

/// The patients of the `--key-map` file (SPEC 7: `SITEID,SUBJID,USUBJID` for every patient
/// named anywhere in the outputs, sorted by site and ID), collected without holding them all
/// (SPEC 8: memory flat in the number of patients). Keys are added as the run names them —
/// derived patients, then findings, then audit entries; they are held up to `runLength`, then
/// sorted, made distinct and spilled as a run to a temporary file; `forEachSorted` merges the
/// runs. Of keys that compare equal, the one added first is kept (as a dictionary filled in the
/// same order would). Only a run asked for a key map makes one. One owner thread.
final class KeyMapStore {
    private var pending: [PatientKey] = []
    private var runs: [(offset: Int, count: Int)] = []
    private var spill: SpillFile?
    private let directory: String?
    private let runLength: Int
    /// Sorted runs written to the temporary file so far (the rest is in memory).
    var spilledRuns: Int { runs.count }

    /// `directory`: where a spilled run goes (nil: everything stays in memory).
    init(directory: String?, runLength: Int) {
        self.directory = directory
        self.runLength = max(1, runLength)
    }

    /// Notes a patient named by the outputs.
    func add(_ key: PatientKey) {
        // A patient is usually named many times in a row (his findings, his audit entries).
        if let last = pending.last, last == key { return }
        pending.append(key)
        if pending.count >= runLength, directory != nil { spillRun() }
    }

    /// Sorts the pending keys and writes them as one run; if the disk refuses, they stay in
    /// memory (the run goes on, only larger).
    private func spillRun() {
        if spill == nil, let directory { spill = SpillFile(directory: directory) }
        guard let spill else { return }
        sortPending()
        var w = ByteWriter()
        for k in pending {
            var body = ByteWriter()
            body.string(k.site)
            body.string(k.patientID)
            SpilledRun.frame(body, into: &w)
        }
        guard let offset = spill.append(w.bytes) else { return }
        runs.append((offset, w.bytes.count))
        pending.removeAll(keepingCapacity: true)
    }

    /// Sorts the pending keys and keeps the first added of each.
    private func sortPending() {
        guard pending.count > 1 else { return }
        let order = pending.indices.sorted { (pending[$0], $0) < (pending[$1], $1) }
        var distinct: [PatientKey] = []
        for i in order where distinct.last != pending[i] { distinct.append(pending[i]) }
        pending = distinct
    }

    /// Every key once, sorted by site and ID (of equal keys, the first added: runs in the order
    /// spilled, then those still in memory).
    func forEachSorted<E: Error>(_ body: (PatientKey) throws(E) -> Void) throws(E) {
        sortPending()
        var cursors = runs.map { SpilledRun(file: spill!, offset: $0.offset, count: $0.count, blockBytes: 64 << 10) }
        var memory = 0
        func next(_ source: Int) -> PatientKey? {
            if source < cursors.count { return cursors[source].next(Self.decode) }
            defer { memory += 1 }
            return memory < pending.count ? pending[memory] : nil
        }
        // The least head on top; ties go to the earliest run (the pending keys come last).
        var heads = (0...cursors.count).map(next)
        var heap = MergeHeap(heads.indices.filter { heads[$0] != nil }) { a, b in
            heads[a]! != heads[b]! ? heads[a]! < heads[b]! : a < b
        }
        var last: PatientKey?
        while let source = heap.top {
            let key = heads[source]!
            if last != key { try body(key) }
            last = key
            heads[source] = next(source)
            if heads[source] == nil { heap.removeTop() } else { heap.topChanged() }
        }
    }

    private static func decode(_ r: inout ByteReader) -> PatientKey {
        let site = r.string()
        return PatientKey(site: site, patientID: r.string())
    }
}
