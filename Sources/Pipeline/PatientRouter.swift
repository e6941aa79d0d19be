import Foundation
import MMEmit
import MMModel

/// Chooses each patient's partition so that partitions can be derived and emitted one after
/// another in `USUBJID` order (SPEC 7: every table is sorted by `USUBJID`; SPEC 8: emit as soon
/// as a patient is derived). A partition is a site and the first two hex digits of the
/// pseudonym; the lowest and highest `USUBJID` of each are kept, and partitions whose ranges
/// overlap (a site code containing `-` can interleave with another's) are derived together.
/// Thread-safe: every file's reader routes its rows here.
final class PatientRouter: @unchecked Sendable {
    // Guarded by `lock`.
    private let lock = NSLock()
    private var ids: [String: Int] = [:]
    private var ranges: [(low: String, high: String)] = []
    let pseudonyms: Pseudonymizer

    init(pseudonyms: Pseudonymizer) { self.pseudonyms = pseudonyms }

    /// The partition of a patient (called once per patient and file: `PartitionWriter` remembers).
    func partition(of key: PatientKey) -> Int {
        let pseudonym = pseudonyms.pseudonym(key)
        let usubjid = "\(pseudonyms.studyID)-\(key.site)-\(pseudonym)"
        let name = key.site + "\u{0}" + pseudonym.prefix(2)
        return lock.withLock {
            if let id = ids[name] {
                if usubjid < ranges[id].low { ranges[id].low = usubjid }
                if usubjid > ranges[id].high { ranges[id].high = usubjid }
                return id
            }
            ids[name] = ranges.count
            ranges.append((usubjid, usubjid))
            return ranges.count - 1
        }
    }

    /// Every site with a patient routed.
    var sites: Set<String> {
        lock.withLock { Set(ids.keys.map { String($0.prefix { $0 != "\u{0}" }) }) }
    }

    /// The partitions in `USUBJID` order, in groups of about `targetBytes` (`size` gives a
    /// partition's bytes); overlapping partitions always share a group.
    func groups(targetBytes: Int, size: (Int) -> Int) -> [[Int]] {
        let order = lock.withLock { ranges.indices.sorted { ranges[$0].low < ranges[$1].low } }
        var groups: [[Int]] = []
        var current: [Int] = []
        var bytes = 0
        var high = ""
        for p in order {
            let range = lock.withLock { ranges[p] }
            if !current.isEmpty, range.low > high, bytes >= targetBytes {
                groups.append(current)
                current = []
                bytes = 0
            }
            current.append(p)
            bytes += size(p)
            high = max(high, range.high)
        }
        if !current.isEmpty { groups.append(current) }
        return groups
    }
}
