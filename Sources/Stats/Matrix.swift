import Foundation

/// Small dense-matrix algebra for the model fits (p ≲ 30): a Cholesky
/// decomposition with R's singularity rule (`cholesky2` in survival, tolerance
/// `toler.chol = .Machine$double.eps^0.75` relative to the largest diagonal element).
enum DenseMatrix {
    static let tolerance = pow(Double.ulpOfOne, 0.75)

    /// The lower-triangular L with a = L Lᵀ; throws `singular` naming the first column whose
    /// pivot falls below the tolerance (that column is a combination of the ones before it).
    static func cholesky(_ a: [[Double]], terms: [String]) throws -> [[Double]] {
        let n = a.count
        let scale = (0..<n).map { abs(a[$0][$0]) }.max() ?? 0
        let eps = scale * tolerance
        var l = Array(repeating: Array(repeating: 0.0, count: n), count: n)
        for j in 0..<n {
            var d = a[j][j]
            for k in 0..<j { d -= l[j][k] * l[j][k] }
            if !(d > eps) { throw StatsError.singular(term: j < terms.count ? terms[j] : "x\(j + 1)") }
            l[j][j] = d.squareRoot()
            for i in (j + 1)..<max(n, j + 1) {
                var s = a[i][j]
                for k in 0..<j { s -= l[i][k] * l[j][k] }
                l[i][j] = s / l[j][j]
            }
        }
        return l
    }

    /// Solves (L Lᵀ) x = b.
    static func solve(_ l: [[Double]], _ b: [Double]) -> [Double] {
        let n = b.count
        var y = b
        for i in 0..<n {
            for k in 0..<i { y[i] -= l[i][k] * y[k] }
            y[i] /= l[i][i]
        }
        for i in stride(from: n - 1, through: 0, by: -1) {
            for k in (i + 1)..<max(n, i + 1) { y[i] -= l[k][i] * y[k] }
            y[i] /= l[i][i]
        }
        return y
    }

    /// (L Lᵀ)⁻¹.
    static func inverse(_ l: [[Double]]) -> [[Double]] {
        let n = l.count
        var inv = Array(repeating: Array(repeating: 0.0, count: n), count: n)
        for j in 0..<n {
            var e = Array(repeating: 0.0, count: n)
            e[j] = 1
            let col = solve(l, e)
            for i in 0..<n { inv[i][j] = col[i] }
        }
        return inv
    }

    /// a · b for square matrices.
    static func product(_ a: [[Double]], _ b: [[Double]]) -> [[Double]] {
        let n = a.count, m = b.first?.count ?? 0, k = b.count
        var c = Array(repeating: Array(repeating: 0.0, count: m), count: n)
        for i in 0..<n { for j in 0..<m { var s = 0.0; for r in 0..<k { s += a[i][r] * b[r][j] }; c[i][j] = s } }
        return c
    }

    /// The sandwich A · B · A (A symmetric).
    static func sandwich(_ bread: [[Double]], _ meat: [[Double]]) -> [[Double]] {
        product(product(bread, meat), bread)
    }

    static func times(_ a: [[Double]], _ v: [Double]) -> [Double] {
        a.map { row in zip(row, v).reduce(0) { $0 + $1.0 * $1.1 } }
    }
}
