import Foundation

/// A coefficient's Wald inference: the estimate on the ratio scale (hazard or odds ratio =
/// exp β), its 95 % interval exp(β ± z₀.₉₇₅·se) and the two-sided P = 2·Φ(−|β/se|), as
/// R's `summary.coxph` and `summary.glm` + `confint.default` print them.
public struct WaldEstimate: Sendable, Hashable {
    public var coefficient: Double
    public var standardError: Double
    public var z: Double { coefficient / standardError }
    /// exp(β).
    public var ratio: Double { exp(coefficient) }
    public var lower: Double { exp(coefficient - Normal.q975 * standardError) }
    public var upper: Double { exp(coefficient + Normal.q975 * standardError) }
    public var p: Double { Normal.twoSidedP(z) }

    public init(coefficient: Double, variance: Double) {
        self.coefficient = coefficient
        standardError = variance.squareRoot()
    }
}

/// The Wald estimates of every coefficient of a fit from its variance matrix.
public enum Wald {
    public static func estimates(coefficients: [Double], variance: [[Double]]) -> [WaldEstimate] {
        coefficients.indices.map { WaldEstimate(coefficient: coefficients[$0], variance: variance[$0][$0]) }
    }
}

/// The standard normal distribution (R's `pnorm`, `qnorm(0.975)`).
public enum Normal {
    /// `qnorm(0.975)` to double precision.
    public static let q975 = 1.959963984540054

    /// Φ(x) through erfc, accurate far into both tails.
    public static func cdf(_ x: Double) -> Double { 0.5 * erfc(-x / 2.0.squareRoot()) }

    /// 2·Φ(−|z|).
    public static func twoSidedP(_ z: Double) -> Double { erfc(abs(z) / 2.0.squareRoot()) }
}
