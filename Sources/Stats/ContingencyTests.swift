import Foundation

/// A test's result: the statistic (nil for an exact test), its degrees of freedom, the P value
/// and the test's name as the tables print it.
public struct TestResult: Sendable, Hashable {
    public var method: String
    public var statistic: Double?
    public var degreesOfFreedom: Int?
    public var p: Double
}

/// Tests of association in an r×c table of counts, with R's defaults.
public enum ContingencyTest {
    /// Largest number of tables the exact test enumerates before falling back to χ².
    public static let exactLimit = 2_000_000

    /// The table's rows and columns with a zero margin dropped (R would give NaN for them: a
    /// level nobody has tells nothing).
    static func trimmed(_ table: [[Int]]) -> [[Int]] {
        let rows = table.filter { $0.reduce(0, +) > 0 }
        guard let width = rows.first?.count else { return [] }
        let keep = (0..<width).filter { j in rows.reduce(0) { $0 + $1[j] } > 0 }
        return rows.map { r in keep.map { r[$0] } }
    }

    /// Expected counts under independence.
    static func expected(_ t: [[Int]]) -> [[Double]] {
        let n = Double(t.joined().reduce(0, +))
        let rs = t.map { Double($0.reduce(0, +)) }
        let cs = (0..<(t.first?.count ?? 0)).map { j in Double(t.reduce(0) { $0 + $1[j] }) }
        return rs.map { r in cs.map { r * $0 / n } }
    }

    /// SPEC 9: χ² unless an expected count is < 5, then Fisher's exact test. `nil` when the
    /// table has fewer than two non-empty rows or columns (nothing to compare).
    public static func association(_ table: [[Int]]) -> TestResult? {
        let t = trimmed(table)
        guard t.count >= 2, (t.first?.count ?? 0) >= 2 else { return nil }
        if expected(t).joined().contains(where: { $0 < 5 }), let f = fisher(t) { return f }
        return chiSquare(t)
    }

    /// Pearson's χ² as R's `chisq.test(x)` with its default `correct = TRUE`: Yates' continuity
    /// correction min(0.5, |O − E|) for a 2×2 table only; larger tables uncorrected.
    public static func chiSquare(_ table: [[Int]]) -> TestResult? {
        let t = trimmed(table)
        guard t.count >= 2, (t.first?.count ?? 0) >= 2 else { return nil }
        let e = expected(t)
        let yates = t.count == 2 && t[0].count == 2
        var x2 = 0.0
        for i in t.indices {
            for j in t[i].indices {
                let diff = abs(Double(t[i][j]) - e[i][j])
                let c = yates ? min(0.5, diff) : 0
                x2 += (diff - c) * (diff - c) / e[i][j]
            }
        }
        let df = (t.count - 1) * (t[0].count - 1)
        return TestResult(method: yates ? "chi-square (Yates)" : "chi-square", statistic: x2, degreesOfFreedom: df,
                          p: chiSquareUpperTail(x2, degreesOfFreedom: df) ?? 1)
    }

    /// Fisher's exact test, two-sided as R's `fisher.test`: the sum of the probabilities of all
    /// tables with the observed margins that are no more likely than the observed one
    /// (relative tolerance 1e-7). Tables with two rows or two columns are enumerated exactly
    /// (every comparison of two arms is one); `nil` when there are more than `exactLimit`
    /// tables or neither dimension is 2 (the caller then uses χ²).
    public static func fisher(_ table: [[Int]]) -> TestResult? {
        var t = trimmed(table)
        guard t.count >= 2, (t.first?.count ?? 0) >= 2 else { return nil }
        if t.count != 2 {
            guard t[0].count == 2 else { return nil }
            t = (0..<2).map { j in t.map { $0[j] } }
        }
        let cols = (0..<t[0].count).map { j in t[0][j] + t[1][j] }
        let row0 = t[0].reduce(0, +)
        let n = cols.reduce(0, +)
        // log P(table) = Σ log C(col_j, a_j) − log C(n, row0), a = the first row.
        func logChoose(_ a: Int, _ b: Int) -> Double { lgamma(Double(a + 1)) - lgamma(Double(b + 1)) - lgamma(Double(a - b + 1)) }
        let base = logChoose(n, row0)
        let observed = zip(cols, t[0]).reduce(0.0) { $0 + logChoose($1.0, $1.1) } - base
        // Suffix sums of the column totals bound the remaining first-row cells.
        var suffix = Array(repeating: 0, count: cols.count + 1)
        for j in stride(from: cols.count - 1, through: 0, by: -1) { suffix[j] = suffix[j + 1] + cols[j] }
        var total = 0.0, visited = 0
        var tooMany = false
        let limit = observed + log1p(1e-7)
        func walk(_ j: Int, _ left: Int, _ logp: Double) {
            if tooMany { return }
            if j == cols.count - 1 {
                visited += 1
                if visited > exactLimit { tooMany = true; return }
                let lp = logp + logChoose(cols[j], left) - base
                if lp <= limit { total += exp(lp) }
                return
            }
            let lo = max(0, left - suffix[j + 1]), hi = min(cols[j], left)
            guard lo <= hi else { return }
            for a in lo...hi { walk(j + 1, left - a, logp + logChoose(cols[j], a)) }
        }
        walk(0, row0, 0)
        if tooMany { return nil }
        return TestResult(method: "Fisher's exact", statistic: nil, degreesOfFreedom: nil, p: min(1, total))
    }
}

/// The Wilcoxon rank-sum (Mann–Whitney) test as R's `wilcox.test(x, y)` with its defaults:
/// exact when both groups have fewer than 50 values and there are no ties; otherwise the
/// normal approximation with the continuity correction (0.5 toward the mean) and the tie
/// correction of the variance. Two-sided.
public enum MannWhitney {
    public static func test(_ x: [Double], _ y: [Double]) -> TestResult? {
        let nx = x.count, ny = y.count
        guard nx > 0, ny > 0 else { return nil }
        // Mid-ranks of the pooled sample.
        let pooled = (x.map { ($0, true) } + y.map { ($0, false) }).sorted { $0.0 < $1.0 }
        var rankSumX = 0.0
        var ties: [Int] = []
        var i = 0
        while i < pooled.count {
            var j = i
            while j < pooled.count, pooled[j].0 == pooled[i].0 { j += 1 }
            let rank = Double(i + j + 1) / 2
            for k in i..<j where pooled[k].1 { rankSumX += rank }
            ties.append(j - i)
            i = j
        }
        let w = rankSumX - Double(nx * (nx + 1)) / 2
        let hasTies = ties.contains { $0 > 1 }
        let mean = Double(nx * ny) / 2
        if nx < 50, ny < 50, !hasTies {
            // Exact: counts of U over all C(nx+ny, nx) rank subsets (R's cwilcox).
            let counts = exactCounts(nx, ny)
            let total = counts.reduce(0, +)
            let q = Int(w.rounded())
            let p: Double
            if w > mean {
                p = 2 * counts[q...].reduce(0, +) / total
            } else {
                p = 2 * counts[...q].reduce(0, +) / total
            }
            return TestResult(method: "Mann-Whitney (exact)", statistic: w, degreesOfFreedom: nil, p: min(1, p))
        }
        let n = Double(nx + ny)
        let tieTerm = ties.reduce(0.0) { $0 + Double($1 * $1 * $1 - $1) }
        let sigma = (Double(nx * ny) / 12 * ((n + 1) - tieTerm / (n * (n - 1)))).squareRoot()
        guard sigma > 0 else { return TestResult(method: "Mann-Whitney", statistic: w, degreesOfFreedom: nil, p: 1) }
        let d = w - mean
        let correction = d == 0 ? 0 : (d > 0 ? 0.5 : -0.5)
        let z = (d - correction) / sigma
        return TestResult(method: "Mann-Whitney", statistic: w, degreesOfFreedom: nil, p: min(1, Normal.twoSidedP(z)))
    }

    /// Number of ways U = u, u = 0…m·n (the coefficients of the Gaussian binomial).
    static func exactCounts(_ m: Int, _ n: Int) -> [Double] {
        // f[k][u]: ways to choose k of the items seen so far with U = u, adding items one by one.
        var f = Array(repeating: [Double](), count: m + 1)
        f[0] = [1]
        for item in 0..<(m + n) {
            for k in stride(from: min(m, item + 1), through: 1, by: -1) {
                // Choosing this item as the k-th x adds (item − (k − 1)) y's below it to U.
                let shift = item - (k - 1)
                guard shift >= 0, shift <= n, !f[k - 1].isEmpty else { continue }
                let src = f[k - 1]
                if f[k].count < src.count + shift { f[k] += Array(repeating: 0, count: src.count + shift - f[k].count) }
                for (u, v) in src.enumerated() where v > 0 { f[k][u + shift] += v }
            }
        }
        var out = f[m]
        if out.count < m * n + 1 { out += Array(repeating: 0, count: m * n + 1 - out.count) }
        return out
    }
}

/// The Kruskal–Wallis rank-sum test as R's `kruskal.test`: H on mid-ranks, divided by the
/// tie correction 1 − Σ(t³ − t)/(N³ − N), against χ² with k − 1 degrees of freedom. Used for
/// a continuous variable across more than two groups (Mann–Whitney's extension).
public enum KruskalWallis {
    public static func test(_ groups: [[Double]]) -> TestResult? {
        let used = groups.filter { !$0.isEmpty }
        guard used.count >= 2 else { return nil }
        let pooled = used.enumerated().flatMap { g, xs in xs.map { ($0, g) } }.sorted { $0.0 < $1.0 }
        let n = Double(pooled.count)
        var rankSums = Array(repeating: 0.0, count: used.count)
        var tieTerm = 0.0
        var i = 0
        while i < pooled.count {
            var j = i
            while j < pooled.count, pooled[j].0 == pooled[i].0 { j += 1 }
            let rank = Double(i + j + 1) / 2
            for k in i..<j { rankSums[pooled[k].1] += rank }
            let t = Double(j - i)
            tieTerm += t * t * t - t
            i = j
        }
        let h0 = 12 / (n * (n + 1)) * zip(rankSums, used).reduce(0) { $0 + $1.0 * $1.0 / Double($1.1.count) } - 3 * (n + 1)
        let correction = 1 - tieTerm / (n * n * n - n)
        guard correction > 0 else { return TestResult(method: "Kruskal-Wallis", statistic: 0, degreesOfFreedom: used.count - 1, p: 1) }
        let h = h0 / correction
        return TestResult(method: "Kruskal-Wallis", statistic: h, degreesOfFreedom: used.count - 1,
                          p: chiSquareUpperTail(h, degreesOfFreedom: used.count - 1) ?? 1)
    }
}
