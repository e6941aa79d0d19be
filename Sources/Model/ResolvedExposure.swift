/// One exposure row with its end resolved (RULES.md 4 last bullet: a missing end date on a drug
/// that is not ongoing is taken as its line's end).
public struct ResolvedExposure: Sendable, Hashable {
    public var exposure: TherapyExposure
    /// Last dose; nil = ongoing.
    public var end: Day?
    /// Lines the row belongs to (empty for a steroid bridge outside every line's span).
    public var lines: [Int]
    /// The row's own line, the first it belongs to (a row carried into the next line keeps its
    /// original line); nil for a steroid course between lines (RULES.md 3 step 7, `LOT-001`).
    public var ownLine: Int? { lines.first }

    public init(exposure: TherapyExposure, end: Day?, lines: [Int]) {
        self.exposure = exposure
        self.end = end
        self.lines = lines
    }
}
