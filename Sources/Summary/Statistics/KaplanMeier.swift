import Foundation

/// One subject's follow-up: time (months) and whether it ended in the event (ADTTE `CNSR = 0`).
public struct SurvivalObservation: Sendable, Hashable {
    public var time: Double
    public var event: Bool
    public init(time: Double, event: Bool) {
        self.time = time
        self.event = event
    }
}

/// A point estimate with its 95 % confidence interval; `nil` bounds are "not reached" /
/// not estimable (R prints `NA`).
public struct Estimate: Sendable, Hashable {
    public var value: Double?
    public var lower: Double?
    public var upper: Double?
    public init(value: Double?, lower: Double?, upper: Double?) {
        self.value = value
        self.lower = lower
        self.upper = upper
    }
}

/// The Kaplan–Meier product-limit estimate (RULES.md 8), computed as R's
/// `survival::survfit(Surv(time, status) ~ 1)` does (survival 3.x, `conf.type = "log"`):
///
/// - one step per distinct observed time (events and censorings); at a time with both,
///   the events happen first: subjects censored at t are still at risk at t;
/// - S(t) = ∏ (1 − dᵢ/nᵢ); Greenwood's variance of log S, σ²(t) = Σ dᵢ / (nᵢ (nᵢ − dᵢ));
/// - 95 % CI = exp(log S ± z·σ), the upper bound clipped to 1, undefined where S = 0
///   (R's `survfit_confint`, z = qnorm(0.975)).
///
/// Sources: Kaplan & Meier, JASA 1958; Greenwood 1926; Therneau, survival package
/// (`survfitKM`, `survfit_confint`, `quantile.survfit`).
public struct KaplanMeier: Sendable, Hashable {
    /// The two-sided 97.5 % normal quantile, `qnorm(0.975)` to double precision.
    public static let z975 = 1.959963984540054

    /// Distinct observed times, ascending.
    public private(set) var times: [Double] = []
    public private(set) var atRisk: [Int] = []
    public private(set) var events: [Int] = []
    public private(set) var censored: [Int] = []
    /// S(t) just after each time.
    public private(set) var survival: [Double] = []
    /// Standard error of log S (Greenwood); `.infinity` once the curve reaches 0.
    public private(set) var stdErrLog: [Double] = []
    /// Pointwise 95 % limits; `nil` where S = 0 (R: `NA`).
    public private(set) var lower: [Double?] = []
    public private(set) var upper: [Double?] = []
    /// Number of subjects and of events.
    public let subjects: Int
    public let totalEvents: Int

    /// - Parameter weights: case weights (`survfit(…, weights = w)`); `nil` = unweighted. With
    ///   weights the counts entering S(t) are weighted sums, and the variance of log S is R's
    ///   default for weighted data (survival 3.x, `robust = TRUE`): the infinitesimal jackknife
    ///   Σᵢ wᵢ² Uᵢ(t)², Uᵢ = ∂ log S(t)/∂wᵢ. `atRisk`, `events`, `censored`, `subjects` and
    ///   `totalEvents` stay unweighted counts (what a table of numbers at risk shows).
    public init(_ observations: [SurvivalObservation], weights: [Double]? = nil) {
        let indexed = observations.indices.filter { observations[$0].time.isFinite }
            .sorted { observations[$0].time < observations[$1].time }
        let sorted = indexed.map { observations[$0] }
        let w = weights.map { ws in indexed.map { ws[$0] } }
        subjects = sorted.count
        totalEvents = sorted.reduce(0) { $0 + ($1.event ? 1 : 0) }
        var count = sorted.count
        var n = w.map { $0.reduce(0, +) } ?? Double(count)
        var s = 1.0
        var greenwood = 0.0
        // Infinitesimal jackknife (weighted only): with g_k = d_k/(n_k(n_k − d_k)) and G its
        // running sum, a subject still at risk after t has U = G(t); one whose time Tᵢ ≤ t has
        // the constant cᵢ = G(Tᵢ) − δᵢ (g(Tᵢ) + 1/n(Tᵢ)).
        var settled = 0.0
        var w2AtRisk = w.map { $0.reduce(0) { $0 + $1 * $1 } } ?? 0
        var i = 0
        while i < sorted.count {
            let t = sorted[i].time
            var d = 0, c = 0
            var dw = 0.0, cw = 0.0
            let first = i
            while i < sorted.count, sorted[i].time == t {
                let wi = w?[i] ?? 1
                if sorted[i].event { d += 1; dw += wi } else { c += 1; cw += wi }
                i += 1
            }
            var g = 0.0
            if dw > 0 {
                // Same arithmetic as survfitKM: multiply by the conditional survival.
                s *= (n - dw) / n
                g = n > dw ? dw / (n * (n - dw)) : .infinity
                greenwood += g
            }
            times.append(t)
            atRisk.append(count)
            events.append(d)
            censored.append(c)
            survival.append(s)
            var se = greenwood.squareRoot()
            if let w {
                for k in first..<i {
                    let ck = greenwood - (sorted[k].event ? g + 1 / n : 0)
                    settled += w[k] * w[k] * ck * ck
                    w2AtRisk -= w[k] * w[k]
                }
                se = (greenwood * greenwood * max(0, w2AtRisk) + settled).squareRoot()
            }
            stdErrLog.append(se)
            if s == 0 {
                lower.append(nil)
                upper.append(nil)
            } else {
                lower.append(exp(log(s) - Self.z975 * se))
                upper.append(min(exp(log(s) + Self.z975 * se), 1))
            }
            count -= d + c
            n -= dw + cw
        }
    }

    /// Index of the last step at or before `t` (nil when `t` precedes the first time).
    private func stepIndex(at t: Double) -> Int? {
        var lo = 0, hi = times.count - 1, found: Int? = nil
        while lo <= hi {
            let mid = (lo + hi) / 2
            if times[mid] <= t { found = mid; lo = mid + 1 } else { hi = mid - 1 }
        }
        return found
    }

    /// S(t) with its CI, as `summary(fit, times = t)` (R's default `extend = FALSE`): the value
    /// of the last step at or before `t`; 1 (CI 1–1) before the first time; `nil` when `t`
    /// is beyond the last observed time (the curve is not followed that far).
    public func rate(at t: Double) -> Estimate? {
        guard let last = times.last, t <= last, t >= 0 else { return nil }
        guard let i = stepIndex(at: t) else { return Estimate(value: 1, lower: 1, upper: 1) }
        return Estimate(value: survival[i], lower: lower[i], upper: upper[i])
    }

    /// Subjects at risk at time `t`: those whose follow-up time is ≥ t (R's `n.risk` in
    /// `summary(fit, times = t)`).
    public func numberAtRisk(at t: Double) -> Int {
        for (i, ti) in times.enumerated() where ti >= t { return atRisk[i] }
        return 0
    }

    /// The `p` quantile of the survival time (p = 0.5: the median) with its 95 % CI, exactly
    /// as `quantile.survfit` (survival 3.x, `findq`): the first time S ≤ 1 − p; when the
    /// curve sits exactly at 1 − p over a stretch, the midpoint of that stretch (to the end of
    /// follow-up if it never drops below); the CI limits are the same quantile of the lower
    /// and upper confidence curves. `nil` = not reached.
    public func quantile(_ p: Double = 0.5) -> Estimate {
        let x = [0] + times
        let xmax = times.last ?? 0
        let f: ([Double?]) -> Double? = { y in
            Self.findQuantile(x: x, y: [0] + y.map { $0.map { 1 - $0 } }, p: p, xmax: xmax)
        }
        return Estimate(value: f(survival.map { Optional($0) }), lower: f(lower), upper: f(upper))
    }

    /// The median survival time with its 95 % CI (RULES.md 8).
    public var median: Estimate { quantile(0.5) }

    /// R's `survival:::findq`: `x` times (with the start 0), `y` the cumulative incidence
    /// 1 − S (nil = NA), `p` the probability; tolerance `sqrt(.Machine$double.eps)`.
    static func findQuantile(x: [Double], y: [Double?], p: Double, xmax: Double) -> Double? {
        let tol = Double.ulpOfOne.squareRoot()
        guard let maxY = y.compactMap({ $0 }).max(), maxY >= p else { return nil }
        // Drop repeated y values (flat stretches), keeping the first time of each;
        // R's `duplicated` treats NA as a value too.
        var xs: [Double] = [], ys: [Double?] = []
        var seen = Set<Double>(), seenNA = false
        for (xi, yi) in zip(x, y) {
            if let v = yi {
                if !seen.insert(v).inserted { continue }
            } else {
                if seenNA { continue }
                seenNA = true
            }
            xs.append(xi)
            ys.append(yi)
        }
        // approx(y ± tol, 1:n, p, method = "constant", f = 1). approx sorts its points by
        // value, so the answer is the index of the smallest shifted value ≥ p — not the first
        // in time: a confidence limit can rise again late in follow-up (its σ grows), and R
        // then reports that later time. NA points are ignored; NA when p is outside the range.
        func firstIndex(shift: Double) -> Int? {
            let pts = ys.enumerated().compactMap { i, v in v.map { (i, $0 + shift) } }
            guard let lo = pts.map(\.1).min(), let hi = pts.map(\.1).max(), p >= lo, p <= hi else { return nil }
            return pts.filter { $0.1 >= p }.min { $0.1 < $1.1 }?.0
        }
        let i1 = firstIndex(shift: tol)
        let i2 = firstIndex(shift: -tol)
        var q: Double? = nil
        if let a = i1, let b = i2 { q = (xs[a] + xs[b]) / 2 }
        if p == 0 { q = xs[0] }
        if let yn = ys.last ?? nil, abs(p - yn) < tol, let a = i1 {
            q = (xs[a] + xmax) / 2
        }
        return q
    }
}
