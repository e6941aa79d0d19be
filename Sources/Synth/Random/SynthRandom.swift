import Foundation

/// The generator's own pseudo-random source: xoshiro256** seeded through SplitMix64
/// (Blackman & Vigna 2018). Same seed → same sequence on every run and platform, which is
/// what makes `mmpipe synth` byte-identical for the same arguments (SPEC 3). Never the
/// system generator, never the clock.
struct SynthRandom {
    private var s0: UInt64, s1: UInt64, s2: UInt64, s3: UInt64

    init(seed: UInt64) {
        var sm = seed
        s0 = SynthRandom.splitMix(&sm)
        s1 = SynthRandom.splitMix(&sm)
        s2 = SynthRandom.splitMix(&sm)
        s3 = SynthRandom.splitMix(&sm)
    }

    /// An independent stream for `(seed, stream, substream)`, e.g. one per patient, so that
    /// each patient's course does not depend on how many numbers the others drew.
    init(seed: UInt64, stream: UInt64, substream: UInt64 = 0) {
        var sm = seed ^ (stream &* 0xD1B5_4A32_D192_ED03) ^ (substream &* 0x8CB9_2BA7_2F3D_8DD7)
        self.init(seed: SynthRandom.splitMix(&sm))
    }

    static func splitMix(_ state: inout UInt64) -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func next() -> UInt64 {
        let result = ((s1 &* 5) << 7 | (s1 &* 5) >> 57) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = (s3 << 45) | (s3 >> 19)
        return result
    }

    /// Uniform in [0, 1).
    mutating func uniform() -> Double { Double(next() >> 11) * 0x1.0p-53 }

    mutating func uniform(_ a: Double, _ b: Double) -> Double { a + (b - a) * uniform() }

    /// Uniform integer in the closed range.
    mutating func int(_ range: ClosedRange<Int>) -> Int {
        let span = UInt64(range.upperBound - range.lowerBound + 1)
        return range.lowerBound + Int(next().multipliedFullWidth(by: span).high)
    }

    mutating func chance(_ p: Double) -> Bool { uniform() < p }

    /// Normal by Box–Muller (one value per call; determinism matters more than speed here).
    mutating func normal(_ mean: Double, _ sd: Double) -> Double {
        let u1 = max(uniform(), 1e-300), u2 = uniform()
        return mean + sd * (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }

    /// Log-normal with the given median and log-scale spread.
    mutating func logNormal(median: Double, sigma: Double) -> Double {
        median * exp(normal(0, sigma))
    }

    mutating func exponential(mean: Double) -> Double { -mean * log(max(1 - uniform(), 1e-300)) }

    /// One item drawn with the given weights (they need not sum to 1).
    mutating func pick<T>(_ items: [(T, Double)]) -> T {
        let total = items.reduce(0) { $0 + $1.1 }
        var u = uniform() * total
        for (item, w) in items {
            if u < w { return item }
            u -= w
        }
        return items[items.count - 1].0
    }
}

extension Double {
    /// Clamped into a closed range.
    func clamped(_ lo: Double, _ hi: Double) -> Double { Swift.min(Swift.max(self, lo), hi) }
}
