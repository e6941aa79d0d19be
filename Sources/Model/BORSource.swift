/// `BORSRC` (RULES.md 2.3 `response_source`): where the responses that gave a line's best
/// overall response came from — the labs, the site's own assessments, or both (a response
/// confirmed by the other source).
public enum BORSource: String, Sendable, Hashable, CaseIterable {
    case computed, reported, mixed
}
