import Foundation

/// Why a model or a test could not give a number. Every case has a sentence for the output
/// table (a cell never holds NaN: it holds this message instead).
public enum StatsError: Error, Sendable, Hashable, CustomStringConvertible {
    /// No row left after dropping incomplete cases.
    case noRows
    /// A Cox model over rows without a single event.
    case noEvents
    /// A factor with fewer than two levels among the complete cases (R: "contrasts can be
    /// applied only to factors with 2 or more levels").
    case singleLevel(variable: String)
    /// The information matrix is singular: the term is a linear combination of the others.
    case singular(term: String)
    /// Newton–Raphson / IRLS ran out of iterations.
    case notConverged(iterations: Int)
    /// The likelihood converged while these coefficients ran away (R coxph: "coefficient may
    /// be infinite"; glm: fitted probabilities 0 or 1, i.e. separation).
    case infinite(terms: [String])
    /// The arguments do not fit together (lengths differ, negative weights…).
    case invalidInput(String)

    public var description: String {
        switch self {
        case .noRows: return "no complete case to fit"
        case .noEvents: return "no event: the model cannot be fitted"
        case let .singleLevel(v): return "\(v) has a single level among the complete cases"
        case let .singular(t): return "\(t) is collinear with the other terms (singular information matrix)"
        case let .notConverged(n): return "did not converge in \(n) iterations"
        case let .infinite(ts): return "estimate not finite for \(ts.joined(separator: ", ")) (separation: a level with no events or all events)"
        case let .invalidInput(s): return s
        }
    }
}
