/// A binary heap of the sources of a k-way merge (spilled runs, then what is still in memory),
/// the one `precedes` puts first on top: each merged item costs log(sources) comparisons.
/// `FindingStore` and `KeyMapStore` merge their sorted runs with it (SPEC 8).
struct MergeHeap {
    private var items: [Int]
    private let precedes: (Int, Int) -> Bool

    init(_ sources: [Int], precedes: @escaping (Int, Int) -> Bool) {
        items = []
        self.precedes = precedes
        for s in sources {
            items.append(s)
            var i = items.count - 1
            while i > 0, precedes(items[i], items[(i - 1) / 2]) {
                items.swapAt(i, (i - 1) / 2)
                i = (i - 1) / 2
            }
        }
    }

    var top: Int? { items.first }

    mutating func removeTop() {
        items.swapAt(0, items.count - 1)
        items.removeLast()
        topChanged()
    }

    /// Restores the order after the top's head changed.
    mutating func topChanged() {
        var i = 0
        while true {
            let l = 2 * i + 1, r = l + 1
            var m = i
            if l < items.count, precedes(items[l], items[m]) { m = l }
            if r < items.count, precedes(items[r], items[m]) { m = r }
            guard m != i else { return }
            items.swapAt(i, m)
            i = m
        }
    }
}
