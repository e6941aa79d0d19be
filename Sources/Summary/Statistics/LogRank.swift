import MMStats
/// The log-rank test of equal survival across strata, as R's `survival::survdiff(rho = 0)`:
/// observed minus expected events per group at every distinct event time, the
/// hypergeometric covariance, chi-square = (O − E)ᵀ V⁻¹ (O − E) over the groups with a
/// positive expected count less the first, df = that number of groups − 1.
///
/// Sources: Mantel 1966; Peto & Peto 1972; Therneau, survival package (`survdiff`).
public struct LogRankTest: Sendable, Hashable {
    public var observed: [Double]
    public var expected: [Double]
    public var chiSquare: Double
    public var degreesOfFreedom: Int
    /// Upper-tail chi-square probability; `nil` when fewer than two groups can be compared.
    public var pValue: Double?

    /// `groups[k]` holds the observations of stratum k.
    public init(groups: [[SurvivalObservation]]) {
        let k = groups.count
        var all: [(time: Double, event: Bool, group: Int)] = []
        for (g, obs) in groups.enumerated() {
            for o in obs where o.time.isFinite { all.append((o.time, o.event, g)) }
        }
        all.sort { $0.time < $1.time }
        var atRisk = groups.map { $0.filter { $0.time.isFinite }.count }
        var o = [Double](repeating: 0, count: k)
        var e = [Double](repeating: 0, count: k)
        var v = [[Double]](repeating: [Double](repeating: 0, count: k), count: k)
        var i = 0
        while i < all.count {
            let t = all[i].time
            var d = [Int](repeating: 0, count: k)
            var leaving = [Int](repeating: 0, count: k)
            while i < all.count, all[i].time == t {
                if all[i].event { d[all[i].group] += 1 }
                leaving[all[i].group] += 1
                i += 1
            }
            let dt = Double(d.reduce(0, +))
            let nt = Double(atRisk.reduce(0, +))
            if dt > 0 {
                for a in 0..<k {
                    let na = Double(atRisk[a])
                    o[a] += Double(d[a])
                    e[a] += dt * na / nt
                    if nt > 1 {
                        let factor = dt * (nt - dt) / (nt - 1) * na / nt
                        for b in 0..<k {
                            let nb = Double(atRisk[b])
                            v[a][b] += factor * ((a == b ? 1 : 0) - nb / nt)
                        }
                    }
                }
            }
            for a in 0..<k { atRisk[a] -= leaving[a] }
        }
        observed = o
        expected = e
        let kept = (0..<k).filter { e[$0] > 0 }
        degreesOfFreedom = kept.count - 1
        if kept.count < 2 {
            chiSquare = 0
            pValue = nil
            return
        }
        let use = Array(kept.dropFirst())
        let diff = use.map { o[$0] - e[$0] }
        let matrix = use.map { a in use.map { b in v[a][b] } }
        if let solved = solveLinearSystem(matrix, diff) {
            chiSquare = zip(solved, diff).reduce(0) { $0 + $1.0 * $1.1 }
            pValue = chiSquareUpperTail(chiSquare, degreesOfFreedom: degreesOfFreedom)
        } else {
            chiSquare = .nan
            pValue = nil
        }
    }
}

/// Solves A x = b by Gaussian elimination with partial pivoting; nil when A is singular.
func solveLinearSystem(_ a: [[Double]], _ b: [Double]) -> [Double]? {
    let n = b.count
    var m = a
    var r = b
    for col in 0..<n {
        guard let pivot = (col..<n).max(by: { abs(m[$0][col]) < abs(m[$1][col]) }),
              abs(m[pivot][col]) > 1e-12 else { return nil }
        m.swapAt(col, pivot)
        r.swapAt(col, pivot)
        for row in (col + 1)..<max(n, col + 1) {
            let f = m[row][col] / m[col][col]
            if f == 0 { continue }
            for c in col..<n { m[row][c] -= f * m[col][c] }
            r[row] -= f * r[col]
        }
    }
    var x = [Double](repeating: 0, count: n)
    for row in stride(from: n - 1, through: 0, by: -1) {
        var s = r[row]
        for c in (row + 1)..<max(n, row + 1) { s -= m[row][c] * x[c] }
        x[row] = s / m[row][row]
    }
    return x
}
