import Foundation

/// P(X ≥ x) for X ~ χ²(df): the regularized upper incomplete gamma function Q(df/2, x/2)
/// (R's `pchisq(x, df, lower.tail = FALSE)`). Series for x < a + 1, Lentz continued
/// fraction otherwise (Numerical Recipes 6.2), both to double precision.
public func chiSquareUpperTail(_ x: Double, degreesOfFreedom df: Int) -> Double? {
    guard df > 0, x.isFinite || x == .infinity else { return nil }
    if x <= 0 { return 1 }
    if x == .infinity { return 0 }
    return regularizedUpperGamma(a: Double(df) / 2, x: x / 2)
}

/// Q(a, x) = Γ(a, x) / Γ(a).
func regularizedUpperGamma(a: Double, x: Double) -> Double {
    let logPrefix = a * log(x) - x - lgamma(a)
    if x < a + 1 {
        // P(a, x) by its series; Q = 1 − P.
        var term = 1 / a, sum = term, ap = a
        for _ in 0..<10_000 {
            ap += 1
            term *= x / ap
            sum += term
            if abs(term) < abs(sum) * 1e-17 { break }
        }
        return max(0, 1 - sum * exp(logPrefix))
    }
    let tiny = 1e-300
    var b = x + 1 - a
    var c = 1 / tiny
    var d = 1 / b
    var h = d
    for i in 1...10_000 {
        let an = -Double(i) * (Double(i) - a)
        b += 2
        d = an * d + b
        if abs(d) < tiny { d = tiny }
        c = b + an / c
        if abs(c) < tiny { c = tiny }
        d = 1 / d
        let delta = d * c
        h *= delta
        if abs(delta - 1) < 1e-17 { break }
    }
    return exp(logPrefix) * h
}
