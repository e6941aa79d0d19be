import MMModel

/// Derives everything of SPEC 6 for one patient, in RULES.md's order: lines of therapy,
/// response per line, refractoriness, staging, renal function, cytogenetic risk, disease
/// status, endpoints, adverse events. Pure: same record and options → same derivation.
/// STUB — replaced by the derive work.
public struct PatientDeriver: Sendable {
    public var options: PipelineOptions

    public init(options: PipelineOptions) { self.options = options }

    public func derive(_ record: PatientRecord) -> PatientDerivation {
        PatientDerivation(key: record.key)
    }
}
