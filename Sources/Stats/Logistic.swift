import Foundation

/// A fitted logistic regression (binomial GLM, logit link).
public struct LogisticFit: Sendable, Hashable {
    /// `(Intercept)` first, then the design's terms.
    public var terms: [String]
    public var coefficients: [Double]
    /// Model-based variance (X'WX)⁻¹, as R's `vcov(glm)`.
    public var variance: [[Double]]
    /// HC0 sandwich (X'WX)⁻¹ X' diag(wᵢ² (yᵢ − pᵢ)²) X (X'WX)⁻¹ (`sandwich::vcovHC(type = "HC0")`);
    /// `nil` unless asked for.
    public var robustVariance: [[Double]]?
    /// Fitted probabilities, one per row.
    public var fitted: [Double]
    public var deviance: Double
    public var iterations: Int
    public var n: Int
    /// Rows with y = 1 (unweighted).
    public var events: Int

    public var reportedVariance: [[Double]] { robustVariance ?? variance }
    /// Wald estimates (odds ratios) from `reportedVariance`.
    public var wald: [WaldEstimate] { Wald.estimates(coefficients: coefficients, variance: reportedVariance) }
}

/// Logistic regression by iteratively reweighted least squares as R's `glm.fit` runs it
/// (family `binomial`, prior weights, start from μ = (w·y + 0.5)/(w + 1), convergence when
/// |dev − dev_old| / (|dev| + 0.1) < 1e-8, at most 25 iterations).
///
/// Separation (a level with all or no events): the fitted probabilities reach 0 or 1 and a
/// coefficient runs away; R warns "fitted probabilities numerically 0 or 1 occurred" — here it
/// is an error naming the terms whose standard error exploded, never a NaN.
///
/// Sources: McCullagh & Nelder, *Generalized Linear Models* (1989), 2.5; R's `glm.fit`;
/// White, Econometrica 1980 (HC0).
public enum LogisticModel {
    public static let epsilon = 1e-8
    public static let maxIterations = 25

    public static func fit(y: [Bool], x: [[Double]], terms: [String]? = nil, weights: [Double]? = nil,
                           robust: Bool = false) throws -> LogisticFit {
        let n = y.count
        guard x.count == n, weights.map({ $0.count == n }) ?? true else {
            throw StatsError.invalidInput("outcome, covariates and weights differ in length")
        }
        guard n > 0 else { throw StatsError.noRows }
        let w = weights ?? Array(repeating: 1, count: n)
        guard w.allSatisfy({ $0 > 0 && $0.isFinite }) else { throw StatsError.invalidInput("weights must be positive and finite") }
        let p = (x.first?.count ?? 0) + 1
        let names = ["(Intercept)"] + (terms ?? (1..<p).map { "x\($0)" })
        let design = x.map { [1.0] + $0 }
        let yv = y.map { $0 ? 1.0 : 0.0 }

        func deviance(_ mu: [Double]) -> Double {
            var d = 0.0
            for i in 0..<n {
                // 2 w [y log(y/μ) + (1−y) log((1−y)/(1−μ))]
                d += 2 * w[i] * (y[i] ? -log(mu[i]) : -log(1 - mu[i]))
            }
            return d
        }

        var mu = (0..<n).map { (w[$0] * yv[$0] + 0.5) / (w[$0] + 1) }
        var eta = mu.map { log($0 / (1 - $0)) }
        var devOld = deviance(mu)
        var beta = Array(repeating: 0.0, count: p)
        var chol: [[Double]] = []
        var converged = false
        var iterations = 0
        for iter in 1...maxIterations {
            iterations = iter
            // Working response z and weights W = w μ(1−μ).
            var xtwx = Array(repeating: Array(repeating: 0.0, count: p), count: p)
            var xtwz = Array(repeating: 0.0, count: p)
            for i in 0..<n {
                let v = mu[i] * (1 - mu[i])
                let wi = w[i] * v
                let z = eta[i] + (yv[i] - mu[i]) / v
                for a in 0..<p {
                    xtwz[a] += wi * design[i][a] * z
                    for b in 0...a { xtwx[a][b] += wi * design[i][a] * design[i][b] }
                }
            }
            for a in 0..<p { for b in 0..<a { xtwx[b][a] = xtwx[a][b] } }
            chol = try DenseMatrix.cholesky(xtwx, terms: names)
            beta = DenseMatrix.solve(chol, xtwz)
            eta = DenseMatrix.times(design, beta)
            mu = eta.map { 1 / (1 + exp(-$0)) }
            let dev = deviance(mu)
            if abs(dev - devOld) / (abs(dev) + 0.1) < epsilon { converged = true; break }
            devOld = dev
        }
        guard converged else { throw StatsError.notConverged(iterations: iterations) }

        // R's vcov(glm): (X'WX)⁻¹ of the last IRLS step (its weights from the μ before the
        // final update).
        let variance = DenseMatrix.inverse(chol)
        // Separation: fitted probabilities within 1e-8 of 0 or 1 (R warns at 10·eps; a
        // separated level stops a little earlier) and standard errors without bound.
        // A fit whose extreme probabilities come with bounded standard errors is kept.
        if mu.contains(where: { $0 < 1e-8 || $0 > 1 - 1e-8 }) || !variance.joined().allSatisfy(\.isFinite) {
            let runaway = (0..<p).filter { !(variance[$0][$0].squareRoot() <= 10 * max(1, abs(beta[$0]))) }
            if !runaway.isEmpty { throw StatsError.infinite(terms: runaway.map { names[$0] }) }
        }
        var robustVariance: [[Double]]? = nil
        if robust {
            var meat = Array(repeating: Array(repeating: 0.0, count: p), count: p)
            for i in 0..<n {
                let s = w[i] * (yv[i] - mu[i])
                for a in 0..<p { for b in 0..<p { meat[a][b] += s * s * design[i][a] * design[i][b] } }
            }
            // The bread at the final μ (as the base-R reference in docs/compare-reference.R).
            var xtwx = Array(repeating: Array(repeating: 0.0, count: p), count: p)
            for i in 0..<n {
                let wi = w[i] * mu[i] * (1 - mu[i])
                for a in 0..<p { for b in 0..<p { xtwx[a][b] += wi * design[i][a] * design[i][b] } }
            }
            let bread = DenseMatrix.inverse(try DenseMatrix.cholesky(xtwx, terms: names))
            robustVariance = DenseMatrix.sandwich(bread, meat)
        }
        return LogisticFit(terms: names, coefficients: beta, variance: variance, robustVariance: robustVariance,
                           fitted: mu, deviance: deviance(mu), iterations: iterations, n: n,
                           events: y.filter { $0 }.count)
    }
}
