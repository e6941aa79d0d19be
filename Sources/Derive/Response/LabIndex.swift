import MMModel

/// A patient's usable labs (`usableLabs`) indexed once per patient for the response engine, the
/// line baselines and the clinical relapse features (RULES.md 2.1, 2.2, 2.5): each test's rows and
/// the response-relevant rows, sorted by (date, input order). On dense histories (~500 lab rows a
/// patient, several lines, the response evaluated twice when lines move) filtering and sorting
/// every lab row again per line and per pass was Derive's largest cost; with the index a line's
/// baseline is a binary search per test and a line's assessments a slice (SPEC 8;
/// docs/performance.md, "Derive on dense histories").
struct LabIndex: Sendable {
    /// The response-relevant labs (`LabTest.isResponseRelevant`), by (date, order).
    let responseByDate: [LabPoint]
    /// Calcium, Hb and creatinine (RULES.md 2.5), by (date, order).
    let crabByDate: [LabPoint]
    /// Each test's labs, by (date, order).
    private let byTest: [LabTest: [LabPoint]]

    init(_ record: PatientRecord) {
        // `order` is unique: (date, order) is a total order, the same whatever the sort.
        let sorted = usableLabs(record).sorted { ($0.date, $0.order) < ($1.date, $1.order) }
        responseByDate = sorted.filter { $0.test.isResponseRelevant }
        crabByDate = sorted.filter { $0.test == .ca || $0.test == .hgb || $0.test == .creat }
        byTest = Dictionary(grouping: sorted, by: \.test)
    }

    /// The last value of each of `tests` in `[from, through]`; of two rows on that date the first
    /// in input order — the baseline rule of RULES.md 2.1.
    func lastValues(tests: [LabTest], from: Day, through: Day) -> [LabTest: LabPoint] {
        var chosen: [LabTest: LabPoint] = [:]
        for test in tests {
            guard let rows = byTest[test] else { continue }
            let end = Self.firstIndex(rows[...]) { $0.date > through }
            guard end > 0, rows[end - 1].date >= from else { continue }
            let day = rows[end - 1].date
            chosen[test] = rows[Self.firstIndex(rows[..<end]) { $0.date >= day }]
        }
        return chosen
    }

    /// The response-relevant labs dated strictly inside `(after, before)`, by (date, order).
    func responseLabs(after: Day, before: Day?) -> ArraySlice<LabPoint> {
        let low = Self.firstIndex(responseByDate[...]) { $0.date > after }
        let high = before.map { b in Self.firstIndex(responseByDate[...]) { $0.date >= b } } ?? responseByDate.count
        return low < high ? responseByDate[low..<high] : []
    }

    /// Calcium, Hb and creatinine dated within `days` (either side) of `date`.
    func crabLabs(around date: Day, days: Int) -> ArraySlice<LabPoint> {
        let low = Self.firstIndex(crabByDate[...]) { date - $0.date <= days }
        let high = Self.firstIndex(crabByDate[...]) { $0.date - date > days }
        return low < high ? crabByDate[low..<high] : []
    }

    /// The first index of `rows` (sorted so that `isAfter` is false, then true) where `isAfter`
    /// holds; `rows.endIndex` when it never does.
    static func firstIndex(_ rows: ArraySlice<LabPoint>, where isAfter: (LabPoint) -> Bool) -> Int {
        var low = rows.startIndex, high = rows.endIndex
        while low < high {
            let mid = low + (high - low) / 2
            if isAfter(rows[mid]) { high = mid } else { low = mid + 1 }
        }
        return low
    }
}
