@testable import MMDerive
import MMModel
import Testing

/// A tiny deterministic generator (SplitMix64): the same seed gives the same patients on
/// every machine, with no dependency.
struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    /// Uniform in [0, 1).
    mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
    mutating func int(_ range: ClosedRange<Int>) -> Int { range.lowerBound + Int(next() % UInt64(range.count)) }
    mutating func chance(_ p: Double) -> Bool { unit() < p }
}

/// A random but plausible patient: a serum (and sometimes urine / FLC) course on one or two
/// lines, immunofixation and marrow now and then, site assessments and a death.
func generatedPatient(seed: UInt64) -> (record: PatientRecord, lines: [LineSpan]) {
    var g = SplitMix64(seed: seed)
    var labs: [LabResult] = []
    var assessments: [Assessment] = []
    var spep = g.chance(0.8) ? 0.5 + 4.5 * g.unit() : 0.2 * g.unit()
    var upep = g.chance(0.4) ? 100 + 900 * g.unit() : 50 * g.unit()
    var flc = 20 + 800 * g.unit()
    let count = g.int(1...12)
    let secondLine = g.chance(0.4) ? g.int(2...count + 1) * 28 + 1 : nil
    labs.append(lab(0, .spepM, spep))
    if g.chance(0.5) { labs.append(lab(0, .upepM, upep)) }
    if g.chance(0.5) { labs.append(lab(0, .flcK, flc)); labs.append(lab(0, .flcL, 8)) }
    if g.chance(0.5) { labs.append(lab(-5, .bmpc, 60 * g.unit())) }
    let categories: [ResponseCategory?] = [nil, .pd, .sd, .pr, .vgpr, .cr, .ne]
    for i in 1...count {
        let d = i * 28 + g.int(-3...3)
        // Multiplicative random walk: mostly falling, sometimes rising.
        let factor = 0.3 + 1.2 * g.unit()
        spep *= factor
        upep *= factor
        flc *= factor
        labs.append(g.chance(0.1) ? lab(d, .spepM, .belowDetection(0.1)) : lab(d, .spepM, spep))
        if g.chance(0.6) { labs.append(lab(d + g.int(0...9), .upepM, upep)) }
        if g.chance(0.5) { labs.append(lab(d, .flcK, flc)); labs.append(lab(d, .flcL, 8)) }
        if g.chance(0.3) { labs.append(lab(d, .sife, spep < 0.2 ? .negative : .positive)) }
        if g.chance(0.2) { labs.append(lab(d, .uife, g.chance(0.5) ? .negative : .positive)) }
        if g.chance(0.1) { labs.append(lab(d, .bmpc, 40 * g.unit())) }
        if g.chance(0.3) {
            assessments.append(siteAssessment(d + g.int(-10...10), categories[g.int(0...categories.count - 1)],
                                              newLesion: g.chance(0.05)))
        }
    }
    let last = count * 28 + 30
    let death = g.chance(0.4) ? last + g.int(0...200) : nil
    var lines = [lineSpan(1, start: 0, next: secondLine)]
    if let secondLine { lines.append(lineSpan(2, start: secondLine)) }
    return (patientRecord(labs: labs, assessments: assessments, death: death, lastContact: death ?? last + 10), lines)
}

/// Invariants of RULES.md 2.3 and 8 over generated patients (STYLE: property-based tests).
@Suite("Response and endpoint invariants")
struct ResponsePropertyTests {
    static let seeds: [UInt64] = Array(1...300)

    @Test("RULES 2.3: confirmed response never exceeds the best single-assessment category", arguments: seeds)
    func confirmedNeverExceedsSingle(seed: UInt64) {
        let (record, lines) = generatedPatient(seed: seed)
        for options in [ResponseOptions(), ResponseOptions(nadir: .lowest, confirmLast: true)] {
            let e = evaluateResponse(record: record, lines: lines, options: options)
            for line in e.lines {
                let best = line.assessments.compactMap(\.used).max() ?? .ne
                if line.bor != .pd { #expect(line.bor <= best, "seed \(seed) line \(line.line)") }
                for a in line.assessments {
                    if let c = a.confirmed, let u = a.used, c != .pd { #expect(c <= u, "seed \(seed) \(a.date)") }
                }
            }
        }
    }

    @Test("RULES 8: PFS ≤ OS, and DOR/TTR only for responders", arguments: seeds)
    func pfsAtMostOS(seed: UInt64) throws {
        let (record, lines) = generatedPatient(seed: seed)
        let e = evaluateResponse(record: record, lines: lines, options: ResponseOptions())
        let lastAlive = try #require(lastAliveDate(record))
        for censorNew in [true, false] {
            let inputs = EndpointInputs(indexDate: day(0), indexLine: 1, lines: lines, evaluation: e,
                                        deathDate: record.patient?.deathDate, lastAlive: lastAlive)
            let rows = timeToEventRows(key: testKey, inputs: inputs, options: EndpointOptions(pfsCensorNewTherapy: censorNew))
            let pfs = try #require(rows.first { $0.PARAMCD == "PFS" })
            let os = try #require(rows.first { $0.PARAMCD == "OS" })
            #expect(pfs.ADT <= os.ADT, "seed \(seed)")
            #expect(pfs.AVAL >= 0)
            let responder = (e.response(ofLine: 1)?.bor ?? .ne) >= .pr
            #expect(rows.contains { $0.PARAMCD == "TTR" } == responder)
        }
    }

    @Test("Reruns are identical")
    func deterministic() {
        for seed in ResponsePropertyTests.seeds.prefix(50) {
            let (record, lines) = generatedPatient(seed: seed)
            let a = evaluateResponse(record: record, lines: lines, options: ResponseOptions())
            let b = evaluateResponse(record: record, lines: lines, options: ResponseOptions())
            #expect(a.lines == b.lines && a.progressions == b.progressions && a.findings == b.findings)
        }
    }
}
