@testable import MMDerive
import MMModel
import Testing

/// The running nadir the response engine keeps per marker (docs/performance.md, "Derive on dense
/// histories") must equal the nadir of RULES.md 2.4 computed over the whole series at every step.
@Suite("Running nadir: the nadir of the series so far (RULES.md 2.4)")
struct RunningNadirTests {
    @Test("Equals nadir(baseline:values:definition:) after every value, both definitions, 500 random series")
    func sameAsWholeSeries() {
        for seed in UInt64(1)...500 {
            var g = SplitMix64(seed: seed)
            let baseline: Double? = g.chance(0.3) ? nil : 5 * g.unit()
            let values = (0..<g.int(0...40)).map { _ in g.chance(0.1) ? 0 : 5 * g.unit() }
            for definition in [NadirDefinition.confirmed, .lowest] {
                var running = RunningNadir(baseline: baseline, definition: definition)
                #expect(running.value == nadir(baseline: baseline, values: [], definition: definition))
                for i in values.indices {
                    running.record(values[i])
                    #expect(running.value == nadir(baseline: baseline, values: Array(values[...i]), definition: definition),
                            "seed \(seed) \(definition) after \(i + 1)")
                }
            }
        }
    }
}
