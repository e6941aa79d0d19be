import Foundation
import MMModel

/// The dictionaries of `schemas/` (SPEC 4.1: "the synonyms in the dictionaries are
/// accepted"): drugs (canonical ingredients with synonyms, abbreviations, brand names and
/// classes, RULES.md 3 step 1 and 4), regimen labels and their drugs, and lab tests with
/// their accepted units, conversions to the canonical unit and plausibility limits
/// (RULES.md 1). Loaded from YAML by `PipelineFile.load`; lookups are case-insensitive and
/// ignore spaces and punctuation (`Isa-Pd` = `ISAPD`, `Darzalex SC` = `darzalex-sc`).
public struct Dictionaries: Sendable {
    /// Every drug, in dictionary order.
    public private(set) var drugs: [DrugEntry] = []
    /// Every regimen, in dictionary order.
    public private(set) var regimens: [RegimenEntry] = []
    /// Lab tests with their units (every `LabTest` once the lab dictionary is loaded).
    public private(set) var labTests: [LabTest: LabTestUnits] = [:]

    private var drugIndex = ByteCodeTable<Int>(.alphanumeric)
    private var regimenIndex = ByteCodeTable<Int>(.alphanumeric)
    private var testIndex = ByteCodeTable<LabTest>(.alphanumeric)
    private var drugByName: [String: Int] = [:]
    /// `labTests` by `LabTest` position, for the per-row path (no hashing).
    private var unitsByTest: [LabTestUnits?] = Array(repeating: nil, count: LabTest.allCases.count)

    /// Empty dictionaries (every drug, regimen and test unknown); see `load`.
    public init() {}

    public init(drugs: [DrugEntry], regimens: [RegimenEntry], labTests: [LabTestUnits]) {
        for d in drugs { add(d) }
        for r in regimens { add(r) }
        for t in labTests { add(t) }
    }

    // MARK: Building

    public mutating func add(_ drug: DrugEntry) {
        let i = drugs.count
        drugs.append(drug)
        drugByName[drug.name] = i
        drugIndex.insert(drug.name, i)
        for s in drug.synonyms { drugIndex.insert(s, i) }
    }

    public mutating func add(_ regimen: RegimenEntry) {
        let i = regimens.count
        regimens.append(regimen)
        regimenIndex.insert(regimen.label, i)
        for s in regimen.synonyms { regimenIndex.insert(s, i) }
    }

    public mutating func add(_ test: LabTestUnits) {
        labTests[test.test] = test
        unitsByTest[LabTest.allCases.firstIndex(of: test.test)!] = test
        testIndex.insert(test.test.rawValue, test.test)
        for s in test.synonyms { testIndex.insert(s, test.test) }
    }

    // MARK: Lookups

    /// The drug named by a canonical name, synonym, abbreviation or brand (`Revlimid` →
    /// lenalidomide; `Darzalex SC` → daratumumab: IV and SC are one ingredient).
    public func drug(named name: String) -> DrugEntry? { drugIndex[name].map { drugs[$0] } }
    public func drug(bytes: ArraySlice<UInt8>) -> DrugEntry? { drugIndex[bytes].map { drugs[$0] } }

    /// The entry of a canonical drug name (exact, as written in outputs).
    public func drug(canonical name: String) -> DrugEntry? { drugByName[name].map { drugs[$0] } }

    /// Classes of a canonical drug (empty when unknown).
    public func classes(of canonicalDrug: String) -> Set<DrugClass> { drug(canonical: canonicalDrug)?.classes ?? [] }

    /// The regimen named by a label or synonym (`Isa-Pd`, `ISAPD` → IsaPd; `RVD` → VRd).
    public func regimen(named label: String) -> RegimenEntry? { regimenIndex[label].map { regimens[$0] } }
    public func regimen(bytes: ArraySlice<UInt8>) -> RegimenEntry? { regimenIndex[bytes].map { regimens[$0] } }

    /// The first regimen whose drugs are exactly `drugs` (canonical names), e.g. to label a
    /// line of therapy (ADLOT `REGLBL`); nil when no label fits.
    public func regimenLabel(forDrugs drugs: Set<String>) -> String? {
        regimens.first { Set($0.drugs) == drugs }?.label
    }

    /// The units of a test (per-row path: an array index, not a hash lookup).
    public func units(of test: LabTest) -> LabTestUnits? { unitsByTest[test.ordinal] }

    /// The test named by a code or synonym (`Hb` → HGB).
    public func labTest(named name: String) -> LabTest? { testIndex[name] }
    public func labTest(bytes: ArraySlice<UInt8>) -> LabTest? { testIndex[bytes] }
}

/// A drug of the drug dictionary (`schemas/drugs.yaml`).
public struct DrugEntry: Sendable, Hashable {
    /// Canonical ingredient, lower case (`daratumumab`), or `ASCT` / `ALLO_SCT`.
    public var name: String
    public var classes: Set<DrugClass>
    /// Synonyms, abbreviations and brand names (matched case-insensitively).
    public var synonyms: [String]

    public init(name: String, classes: Set<DrugClass>, synonyms: [String] = []) {
        self.name = name
        self.classes = classes
        self.synonyms = synonyms
    }

    public var isTransplant: Bool { classes.contains(.transplant) }
}

/// A regimen label and its drugs (`schemas/regimens.yaml`): `IsaPd` = isatuximab,
/// pomalidomide, dexamethasone.
public struct RegimenEntry: Sendable, Hashable {
    /// Canonical spelling of the label.
    public var label: String
    /// Canonical drug names, in the dictionary's order.
    public var drugs: [String]
    public var synonyms: [String]

    public init(label: String, drugs: [String], synonyms: [String] = []) {
        self.label = label
        self.drugs = drugs
        self.synonyms = synonyms
    }
}

/// How a unit converts to the test's canonical unit (RULES.md 1, written as the table
/// writes it: `umol/L ÷ 88.4`, `mmol/L × 4.008`).
public enum UnitConversion: Sendable, Hashable {
    case identity
    case multiply(Double)
    case divide(Double)

    /// The value in the canonical unit, rounded to 12 significant digits: the factors are
    /// exact decimals, so digits beyond that are binary noise (2.63 mg/dL × 10 is 26.3 mg/L,
    /// not 26.299999999999997).
    public func apply(_ x: Double) -> Double {
        switch self {
        case .identity: return x
        case .multiply(let f): return Self.roundSignificant(x * f)
        case .divide(let f): return Self.roundSignificant(x / f)
        }
    }

    static func roundSignificant(_ v: Double, digits: Int = 12) -> Double {
        guard v != 0, v.isFinite else { return v }
        let magnitude = Int(floor(log10(abs(v))))
        let exponent = digits - 1 - magnitude
        // Scale by an exact power of ten (divide for negative exponents) to avoid extra error.
        if exponent >= 0 {
            let p = pow(10.0, Double(min(exponent, 22)))
            return (v * p).rounded() / p
        } else {
            let p = pow(10.0, Double(min(-exponent, 22)))
            return (v / p).rounded() * p
        }
    }
}

/// A magnitude that betrays another unit (RULES.md 1): a value labelled in this unit but
/// below (or above) `limit` is evidently in `evidentUnit` (e.g. Hb labelled g/L but < 25
/// is g/dL). The limit itself is plausible (`< 25` flags 24.9, not 25).
public struct PlausibilityLimit: Sendable, Hashable {
    public enum Side: String, Sendable, Hashable { case below, above }
    public var side: Side
    public var limit: Double
    /// Index of the evident unit in the test's `units`.
    public var evidentUnit: Int

    public init(side: Side, limit: Double, evidentUnit: Int) {
        self.side = side
        self.limit = limit
        self.evidentUnit = evidentUnit
    }

    public func isImplausible(_ x: Double) -> Bool { side == .below ? x < limit : x > limit }
}

/// One accepted unit of a test.
public struct LabUnit: Sendable, Hashable {
    /// Spelling used in audit entries and messages (`g/L`).
    public var unit: String
    public var synonyms: [String]
    public var toCanonical: UnitConversion
    public var implausible: [PlausibilityLimit]

    public init(unit: String, synonyms: [String] = [], toCanonical: UnitConversion = .identity,
                implausible: [PlausibilityLimit] = []) {
        self.unit = unit
        self.synonyms = synonyms
        self.toCanonical = toCanonical
        self.implausible = implausible
    }
}

/// A lab test of the lab dictionary (`schemas/lab-tests.yaml`): its synonyms and accepted
/// units, canonical first (SPEC 4.1 table; RULES.md 1).
public final class LabTestUnits: Sendable {
    public let test: LabTest
    public let synonyms: [String]
    public let units: [LabUnit]
    /// The largest possible value in the canonical unit (`maximum` in the dictionary): a value
    /// above it is no measurement (`SCH-005`, issue 18.8), as a negative one is not; nil: none.
    public let maximum: Double?
    private let unitIndex: ByteCodeTable<Int>

    public init(test: LabTest, synonyms: [String] = [], units: [LabUnit], maximum: Double? = nil) {
        self.test = test
        self.synonyms = synonyms
        self.units = units
        self.maximum = maximum
        var index = ByteCodeTable<Int>(.unit)
        for (i, u) in units.enumerated() {
            index.insert(u.unit, i)
            for s in u.synonyms { index.insert(s, i) }
        }
        unitIndex = index
    }

    /// The index in `units` of a unit as written (`g/l`, `µmol/L`, `x10^9/L`), nil if unknown.
    public func unitIndex(bytes: ArraySlice<UInt8>) -> Int? { unitIndex[bytes] }
    public func unitIndex(named unit: String) -> Int? { unitIndex[unit] }

    /// The canonical unit (the first).
    public var canonical: LabUnit? { units.first }
}

extension LabTest {
    /// Position in `allCases`.
    var ordinal: Int {
        switch self {
        case .spepM: return 0
        case .upepM: return 1
        case .sife: return 2
        case .uife: return 3
        case .flcK: return 4
        case .flcL: return 5
        case .bmpc: return 6
        case .bmClonal: return 7
        case .mrd: return 8
        case .b2m: return 9
        case .alb: return 10
        case .ldh: return 11
        case .creat: return 12
        case .hgb: return 13
        case .ca: return 14
        case .anc: return 15
        case .plt: return 16
        }
    }
}
