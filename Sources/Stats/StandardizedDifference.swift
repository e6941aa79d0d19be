import Foundation

/// Standardized mean differences between two groups, optionally weighted, reported as absolute
/// values (as `tableone::ExtractSmd` and seed 003 report them).
///
/// - continuous: |x̄₁ − x̄₀| / √((s₁² + s₀²)/2) (Austin, Stat Med 2009 eq. 1); weighted means
///   and the weighted variance Σw/((Σw)² − Σw²) · Σw(x − x̄)² (Austin & Stuart 2015);
/// - a factor: with proportions p₁, p₀ of the levels but the first, T = p₁ − p₀ and
///   S = (S₁ + S₀)/2, Sₖₖ = pₖ(1 − pₖ), Sₖₗ = −pₖpₗ: √(Tᵀ S⁻¹ T) (Yang & Dalton, SAS Global
///   Forum 2012); for two levels this is Austin's |p₁ − p₀| / √((p₁(1−p₁) + p₀(1−p₀))/2).
///
/// `nil` when a group is empty or the pooled variance is 0 (nothing varies).
public enum StandardizedDifference {
    public static func continuous(_ x1: [Double], _ x0: [Double], weights1: [Double]? = nil, weights0: [Double]? = nil) -> Double? {
        guard let (m1, v1) = moments(x1, weights1), let (m0, v0) = moments(x0, weights0) else { return nil }
        let pooled = (v1 + v0) / 2
        guard pooled > 0 else { return m1 == m0 ? 0 : nil }
        return abs(m1 - m0) / pooled.squareRoot()
    }

    static func moments(_ x: [Double], _ w: [Double]?) -> (Double, Double)? {
        guard x.count >= 2 else { return nil }
        let w = w ?? Array(repeating: 1, count: x.count)
        let sw = w.reduce(0, +), sw2 = w.reduce(0) { $0 + $1 * $1 }
        let mean = zip(x, w).reduce(0) { $0 + $1.0 * $1.1 } / sw
        let ss = zip(x, w).reduce(0) { $0 + $1.1 * ($1.0 - mean) * ($1.0 - mean) }
        return (mean, sw / (sw * sw - sw2) * ss)
    }

    /// - Parameters: the two groups' values (levels) and optional weights; `levels` fixes the
    ///   order (the first is left out of T and S), by default the sorted union.
    public static func categorical(_ g1: [String], _ g0: [String], weights1: [Double]? = nil, weights0: [Double]? = nil,
                                   levels: [String]? = nil) -> Double? {
        guard !g1.isEmpty, !g0.isEmpty else { return nil }
        let lv = levels ?? Array(Set(g1 + g0)).sorted()
        guard lv.count >= 2 else { return 0 }
        func proportions(_ g: [String], _ w: [Double]?) -> [Double] {
            let w = w ?? Array(repeating: 1, count: g.count)
            let total = w.reduce(0, +)
            return lv.map { l in zip(g, w).reduce(0) { $0 + ($1.0 == l ? $1.1 : 0) } / total }
        }
        return categorical(proportions: proportions(g1, weights1), proportions(g0, weights0))
    }

    /// The multivariate SMD from the two groups' proportions of every level (the first level is
    /// the one left out).
    public static func categorical(proportions q1: [Double], _ q0: [Double]) -> Double? {
        guard q1.count == q0.count, q1.count >= 2 else { return q1.count == q0.count ? 0 : nil }
        let p1 = Array(q1.dropFirst()), p0 = Array(q0.dropFirst())
        let k = p1.count
        let t = zip(p1, p0).map { $0 - $1 }
        if t.allSatisfy({ $0 == 0 }) { return 0 }
        var s = Array(repeating: Array(repeating: 0.0, count: k), count: k)
        for a in 0..<k {
            for b in 0..<k {
                s[a][b] = a == b ? (p1[a] * (1 - p1[a]) + p0[a] * (1 - p0[a])) / 2 : -(p1[a] * p1[b] + p0[a] * p0[b]) / 2
            }
        }
        guard let l = try? DenseMatrix.cholesky(s, terms: []) else { return nil }
        let sol = DenseMatrix.solve(l, t)
        return max(0, zip(t, sol).reduce(0) { $0 + $1.0 * $1.1 }).squareRoot()
    }
}
