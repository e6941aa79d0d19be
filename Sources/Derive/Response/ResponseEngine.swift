import MMModel

/// IMWG response per assessment on every line, with confirmation, BOR and progression
/// (RULES.md 2, Kumar et al., Lancet Oncol 2016). STUB — replaced by the response work.
///
/// - Parameters:
///   - record: the patient's validated records (labs excluded from derivation are ignored).
///   - lines: the patient's lines in order (may be empty: then only reported PD is returned).
///   - options: RULES.md 2 options.
public func evaluateResponse(record: PatientRecord, lines: [LineSpan], options: ResponseOptions) -> ResponseEvaluation {
    ResponseEvaluation()
}
