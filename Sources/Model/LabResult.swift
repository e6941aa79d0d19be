/// The value of a lab measurement after mapping: a number in the test's canonical unit
/// (RULES.md 1), possibly below detection (`<x`), or a qualitative `POS`/`NEG`.
public enum LabValue: Sendable, Hashable {
    case number(Double)
    /// `<x`: below the detection limit x (canonical unit).
    case belowDetection(Double)
    case positive
    case negative

    /// The number used by the response rules (RULES.md 2.2): a `<x` counts as 0 for
    /// SPEP_M and UPEP_M and as x for every other test.
    public func numeric(for test: LabTest) -> Double? {
        switch self {
        case .number(let v): return v
        case .belowDetection(let x): return (test == .spepM || test == .upepM) ? 0 : x
        case .positive, .negative: return nil
        }
    }

    /// `POS` → true, `NEG` → false, numbers → nil.
    public var isPositive: Bool? {
        switch self {
        case .positive: return true
        case .negative: return false
        default: return nil
        }
    }
}

/// One row of `labs.csv` (long format), canonical: value in the canonical unit.
public struct LabResult: Sendable, Hashable {
    public var key: PatientKey
    public var date: Day
    public var test: LabTest
    public var value: LabValue
    /// Lab's reference limits in the canonical unit.
    public var lln: Double?
    public var uln: Double?
    /// MRD sensitivity as given in `unit` (e.g. `1e-5`).
    public var mrdSensitivity: String?
    /// `unit_mismatch: exclude` — the row is kept but left out of every derivation.
    public var excludedFromDerivation: Bool
    public var provenance: Provenance

    public init(key: PatientKey, date: Day, test: LabTest, value: LabValue, lln: Double? = nil,
                uln: Double? = nil, mrdSensitivity: String? = nil, excludedFromDerivation: Bool = false,
                provenance: Provenance) {
        self.key = key
        self.date = date
        self.test = test
        self.value = value
        self.lln = lln
        self.uln = uln
        self.mrdSensitivity = mrdSensitivity
        self.excludedFromDerivation = excludedFromDerivation
        self.provenance = provenance
    }
}
