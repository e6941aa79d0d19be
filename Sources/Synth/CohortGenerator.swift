import MMModel

/// Generates a deterministic synthetic cohort in the reference layout (SPEC 3 `synth`). STUB.
public struct CohortGenerator: Sendable {
    public init() {}
}
