import MMModel

/// The dictionaries of `schemas/`: drugs (synonyms, brands, classes), regimen labels and their
/// drugs, lab tests and their units with conversions (RULES.md 1). STUB.
public struct Dictionaries: Sendable {
    public init() {}
}
