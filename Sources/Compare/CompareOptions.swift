import Foundation

/// What `mmpipe compare DIR` is asked for (SPEC 9).
public struct CompareOptions: Sendable, Hashable {
    /// The propensity covariates; nil = the baseline set, keeping those with |SMD| > 0.1.
    public var covariates: [String]?
    /// `--modifier VAR`: the effect modifier of the `INTERACTION` models.
    public var modifier: String?
    /// `--reference ARM`: the reference arm (default: the first arm name in sorted order).
    public var reference: String?
    /// `--stabilized`: weights multiplied by the arm's share.
    public var stabilized: Bool

    public init(covariates: [String]? = nil, modifier: String? = nil, reference: String? = nil, stabilized: Bool = false) {
        self.covariates = covariates
        self.modifier = modifier
        self.reference = reference
        self.stabilized = stabilized
    }
}

/// Why `compare` cannot run: one sentence saying what to do instead.
public enum CompareError: Error, CustomStringConvertible, Sendable, Equatable {
    case noArms
    case armCount([String])
    case unknownReference(String, arms: [String])
    case unknownColumn(String)
    case cannotWrite(path: String, reason: String)
    case dataset(String)

    public var description: String {
        switch self {
        case .noArms:
            return "adsl.csv has no TRT01P: run 'mmpipe run' with a pipeline file that names arms (e.g. pipelines/isapd-vs-elopd.yaml)."
        case .armCount(let a):
            return "compare needs exactly two arms in adsl.csv TRT01P; found \(a.count) (\(a.joined(separator: ", ")))."
        case .unknownReference(let r, let a):
            return "--reference \(r) is not an arm of adsl.csv (\(a.joined(separator: ", ")))."
        case .unknownColumn(let c):
            return "adsl.csv has no column '\(c)': give ADSL column names (e.g. --covariates AGE,ISS,PRIORLOT)."
        case .cannotWrite(let p, let r):
            return "Cannot write '\(p)': \(r). Check the folder is writable and has space."
        case .dataset(let m):
            return m
        }
    }
}
