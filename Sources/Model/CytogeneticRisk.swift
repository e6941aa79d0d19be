/// `CYTORISK` (RULES.md 5): high or standard cytogenetic risk at index.
public enum CytogeneticRisk: String, Sendable, Hashable, CaseIterable {
    case high = "HIGH"
    case standard = "STANDARD"
}
