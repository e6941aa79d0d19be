import Foundation

/// A fitted Cox proportional-hazards model.
public struct CoxFit: Sendable, Hashable {
    public var coefficients: [Double]
    /// The model-based variance: the inverse of the information matrix at the estimate.
    public var variance: [[Double]]
    /// The robust (sandwich) variance V·(Σ wᵢ² rᵢ rᵢᵀ)·V with rᵢ the Efron score residuals,
    /// as `coxph(…, weights = w, robust = TRUE)` reports in `fit$var`; `nil` unless asked for.
    public var robustVariance: [[Double]]?
    /// Partial log-likelihood at β = 0 and at the estimate (`fit$loglik`).
    public var nullLogLikelihood: Double
    public var logLikelihood: Double
    public var iterations: Int
    public var converged: Bool
    /// Rows and (unweighted) events used (`fit$n`, `fit$nevent`).
    public var n: Int
    public var events: Int

    /// Robust variance when computed, else the model-based one.
    public var reportedVariance: [[Double]] { robustVariance ?? variance }

    /// The Wald estimates (hazard ratios) of every coefficient from `reportedVariance`.
    public var wald: [WaldEstimate] { Wald.estimates(coefficients: coefficients, variance: reportedVariance) }
}

/// The Cox partial-likelihood fit of R's `survival::coxph` (survival 3.x, `coxfit6`) with its
/// defaults: Efron's approximation for tied event times, case weights, Newton–Raphson from
/// β = 0 with step halving when the log-likelihood falls, convergence when
/// |1 − ℓ_old/ℓ_new| ≤ 1e-9 (at most 20 iterations), and R's infinite-coefficient check
/// (|V·U| > eps and > sqrt(eps)·|β|).
///
/// Sources: Cox, JRSS B 1972; Efron, JASA 1977; Therneau & Grambsch, *Modeling Survival
/// Data* (2000), ch. 3 and 7 (the robust variance); survival's `coxfit6.c`, `coxscore2.c`,
/// `coxph.fit`.
public enum CoxModel {
    public static let epsilon = 1e-9
    public static let maxIterations = 20

    /// - Parameters:
    ///   - time: follow-up times; `event`: whether each ended in the event.
    ///   - x: one row of covariates per subject (a `ModelFrame`'s `x`); no intercept.
    ///   - terms: the column names, for messages (default `x1, x2, …`).
    ///   - weights: case weights (default 1).
    ///   - robust: also compute the sandwich variance.
    public static func fit(time: [Double], event: [Bool], x: [[Double]], terms: [String]? = nil,
                           weights: [Double]? = nil, robust: Bool = false) throws -> CoxFit {
        let n = time.count
        guard event.count == n, x.count == n, weights.map({ $0.count == n }) ?? true else {
            throw StatsError.invalidInput("time, event, covariates and weights differ in length")
        }
        guard n > 0 else { throw StatsError.noRows }
        let w = weights ?? Array(repeating: 1, count: n)
        guard w.allSatisfy({ $0 > 0 && $0.isFinite }) else { throw StatsError.invalidInput("weights must be positive and finite") }
        guard event.contains(true) else { throw StatsError.noEvents }
        let p = x.first?.count ?? 0
        let names = terms ?? (0..<p).map { "x\($0 + 1)" }

        // Centre the covariates on their weighted means (as coxph does) for numerical safety;
        // estimates and variances are unchanged.
        let wsum = w.reduce(0, +)
        let means = (0..<p).map { j in (0..<n).reduce(0.0) { $0 + w[$1] * x[$1][j] } / wsum }
        // Subjects by time, latest first (the risk set grows as time goes back).
        let order = (0..<n).sorted { time[$0] != time[$1] ? time[$0] > time[$1] : $0 < $1 }
        let data = Sorted(time: order.map { time[$0] }, event: order.map { event[$0] },
                          x: order.map { i in (0..<p).map { x[i][$0] - means[$0] } }, w: order.map { w[$0] })

        var beta = Array(repeating: 0.0, count: p)
        var current = data.evaluate(beta)
        let nullLoglik = current.loglik
        guard p > 0 else {
            return CoxFit(coefficients: [], variance: [], robustVariance: robust ? [] : nil,
                          nullLogLikelihood: nullLoglik, logLikelihood: nullLoglik, iterations: 0,
                          converged: true, n: n, events: event.filter { $0 }.count)
        }
        var chol = try DenseMatrix.cholesky(current.imat, terms: names)
        var newBeta = zip(beta, DenseMatrix.solve(chol, current.u)).map { $0 + $1 }
        var oldLoglik = current.loglik
        var halving = false
        var converged = false
        var iterations = 0
        for iter in 1...maxIterations {
            iterations = iter
            let next = data.evaluate(newBeta)
            chol = try DenseMatrix.cholesky(next.imat, terms: names)
            if abs(1 - oldLoglik / next.loglik) <= epsilon && !halving {
                current = next
                converged = true
                break
            }
            current = next
            if iter == maxIterations { break }
            if next.loglik < oldLoglik {
                halving = true
                newBeta = zip(newBeta, beta).map { ($0 + $1) / 2 }
            } else {
                halving = false
                oldLoglik = next.loglik
                let step = DenseMatrix.solve(chol, next.u)
                beta = newBeta
                newBeta = zip(newBeta, step).map { $0 + $1 }
            }
        }
        guard converged else { throw StatsError.notConverged(iterations: iterations) }
        beta = newBeta
        let variance = DenseMatrix.inverse(chol)
        // R's check for a coefficient running to infinity (monotone likelihood).
        let infs = DenseMatrix.times(variance, current.u).map(abs)
        let runaway = (0..<p).filter { infs[$0] > epsilon && infs[$0] > epsilon.squareRoot() * abs(beta[$0]) }
        if !runaway.isEmpty { throw StatsError.infinite(terms: runaway.map { names[$0] }) }
        guard beta.allSatisfy(\.isFinite), variance.allSatisfy({ $0.allSatisfy(\.isFinite) }) else {
            throw StatsError.infinite(terms: names)
        }

        var robustVariance: [[Double]]? = nil
        if robust {
            let r = data.scoreResiduals(beta)
            var meat = Array(repeating: Array(repeating: 0.0, count: p), count: p)
            for i in 0..<n {
                let wi2 = data.w[i] * data.w[i]
                for a in 0..<p { for b in 0..<p { meat[a][b] += wi2 * r[i][a] * r[i][b] } }
            }
            robustVariance = DenseMatrix.sandwich(variance, meat)
        }
        return CoxFit(coefficients: beta, variance: variance, robustVariance: robustVariance,
                      nullLogLikelihood: nullLoglik, logLikelihood: current.loglik,
                      iterations: iterations, converged: true, n: n, events: event.filter { $0 }.count)
    }

    /// The subjects sorted by descending time, covariates centred.
    struct Sorted {
        let time: [Double]
        let event: [Bool]
        let x: [[Double]]
        let w: [Double]

        struct Evaluation {
            var loglik: Double
            var u: [Double]
            var imat: [[Double]]
        }

        /// One tied death time seen from the risk set: the Efron steps k = 0…d−1, each with
        /// its denominator and weighted mean covariate vector.
        struct DeathTime {
            var meanWeight: Double
            var deaths: Int
            var denominators: [Double]
            var means: [[Double]]
        }

        /// Walks the unique times from the latest back, calling `body` at each time holding
        /// events with the range of its subjects and its Efron steps.
        func walk(_ beta: [Double], perTime body: (Range<Int>, DeathTime, [[Double]]) -> Void) {
            let n = time.count, p = beta.count
            let risk = (0..<n).map { i in exp(zip(beta, x[i]).reduce(0) { $0 + $1.0 * $1.1 }) }
            var denom = 0.0
            var a = Array(repeating: 0.0, count: p)
            var cmat = Array(repeating: Array(repeating: 0.0, count: p), count: p)
            var i = 0
            while i < n {
                let t = time[i]
                var j = i
                var denom2 = 0.0, deadWeight = 0.0, deaths = 0
                var a2 = Array(repeating: 0.0, count: p)
                var cmat2 = Array(repeating: Array(repeating: 0.0, count: p), count: p)
                while j < n, time[j] == t {
                    let r = risk[j] * w[j]
                    denom += r
                    for k in 0..<p {
                        a[k] += r * x[j][k]
                        for l in 0...k { cmat[k][l] += r * x[j][k] * x[j][l] }
                    }
                    if event[j] {
                        deaths += 1
                        deadWeight += w[j]
                        denom2 += r
                        for k in 0..<p {
                            a2[k] += r * x[j][k]
                            for l in 0...k { cmat2[k][l] += r * x[j][k] * x[j][l] }
                        }
                    }
                    j += 1
                }
                if deaths > 0 {
                    var dt = DeathTime(meanWeight: deadWeight / Double(deaths), deaths: deaths, denominators: [], means: [])
                    var second: [[Double]] = []
                    for k in 0..<deaths {
                        let f = Double(k) / Double(deaths)
                        let d2 = denom - f * denom2
                        dt.denominators.append(d2)
                        dt.means.append((0..<p).map { (a[$0] - f * a2[$0]) / d2 })
                        // E[x xᵀ] at this step, lower triangle.
                        second.append(contentsOf: [(0..<p).flatMap { r in (0...r).map { c in (cmat[r][c] - f * cmat2[r][c]) / d2 } }])
                    }
                    body(i..<j, dt, second)
                }
                i = j
            }
        }

        /// Log-likelihood, score and information at β (Efron ties, weights): `coxfit6`'s loop.
        func evaluate(_ beta: [Double]) -> Evaluation {
            let p = beta.count
            var e = Evaluation(loglik: 0, u: Array(repeating: 0, count: p),
                               imat: Array(repeating: Array(repeating: 0, count: p), count: p))
            walk(beta) { range, dt, second in
                for s in range where event[s] {
                    let eta = zip(beta, x[s]).reduce(0) { $0 + $1.0 * $1.1 }
                    e.loglik += w[s] * eta
                    for k in 0..<p { e.u[k] += w[s] * x[s][k] }
                }
                for k in 0..<dt.deaths {
                    e.loglik -= dt.meanWeight * log(dt.denominators[k])
                    let m = dt.means[k]
                    var idx = 0
                    for r in 0..<p {
                        e.u[r] -= dt.meanWeight * m[r]
                        for c in 0...r {
                            e.imat[r][c] += dt.meanWeight * (second[k][idx] - m[r] * m[c])
                            idx += 1
                        }
                    }
                }
            }
            for r in 0..<p { for c in 0..<r { e.imat[c][r] = e.imat[r][c] } }
            return e
        }

        /// Efron score residuals rᵢ = ∫ (xᵢ − x̄(t)) dMᵢ(t) (survival's `coxscore2`): a subject
        /// dying in a tie of d is at risk with weight 1 − k/d in Efron step k.
        func scoreResiduals(_ beta: [Double]) -> [[Double]] {
            let n = time.count, p = beta.count
            // Per death time (ascending order later): hazard increments summed over the steps,
            // with full weight (survivors) and with weight 1 − k/d (the dying).
            struct Step { var t: Double; var h: Double; var hx: [Double]; var hDead: Double; var hxDead: [Double]; var xbar: [Double] }
            var steps: [Step] = []
            walk(beta) { range, dt, _ in
                var s = Step(t: time[range.lowerBound], h: 0, hx: Array(repeating: 0, count: p), hDead: 0,
                             hxDead: Array(repeating: 0, count: p), xbar: Array(repeating: 0, count: p))
                for k in 0..<dt.deaths {
                    let inc = dt.meanWeight / dt.denominators[k]
                    let down = 1 - Double(k) / Double(dt.deaths)
                    s.h += inc
                    s.hDead += inc * down
                    for r in 0..<p {
                        s.hx[r] += inc * dt.means[k][r]
                        s.hxDead[r] += inc * down * dt.means[k][r]
                        s.xbar[r] += dt.means[k][r] / Double(dt.deaths)
                    }
                }
                steps.append(s)
            }
            steps.reverse()
            // Cumulative sums over death times strictly before each step.
            var cumH = [0.0], cumHX = [Array(repeating: 0.0, count: p)]
            for s in steps {
                cumH.append(cumH.last! + s.h)
                cumHX.append(zip(cumHX.last!, s.hx).map { $0 + $1 })
            }
            let stepTimes = steps.map(\.t)
            var out = Array(repeating: Array(repeating: 0.0, count: p), count: n)
            for i in 0..<n {
                let risk = exp(zip(beta, x[i]).reduce(0) { $0 + $1.0 * $1.1 })
                // Number of death times ≤ time[i].
                var lo = 0, hi = stepTimes.count
                while lo < hi { let mid = (lo + hi) / 2; if stepTimes[mid] <= time[i] { lo = mid + 1 } else { hi = mid } }
                let upTo = lo
                var h = cumH[upTo], hx = cumHX[upTo]
                if event[i], upTo > 0, stepTimes[upTo - 1] == time[i] {
                    // Replace the own death time's full-weight increment by the Efron one.
                    let s = steps[upTo - 1]
                    h += s.hDead - s.h
                    for r in 0..<p { hx[r] += s.hxDead[r] - s.hx[r] }
                    for r in 0..<p { out[i][r] = x[i][r] - s.xbar[r] }
                }
                for r in 0..<p { out[i][r] -= risk * (x[i][r] * h - hx[r]) }
            }
            return out
        }
    }
}
