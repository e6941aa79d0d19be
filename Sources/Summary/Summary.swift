import MMModel

/// Table 1, the response table and Kaplan–Meier estimates from an emitted dataset (SPEC 3 `summarize`). STUB.
public struct DatasetSummary: Sendable {
    public init() {}
}
