import MMModel

/// The reconciliation step (SPEC 5), run after Derive: what the site recorded against what the
/// IMWG and staging rules derive — a line number (`LOT-001`), a response (`IMWG-001`,
/// `IMWG-003`), a stage (`STG-001`), an AE grade against the labs (`AE-001`). Derive hands the
/// typed comparisons over (`PatientDerivation.comparisons`) and raises none of these; each
/// family's rules live in their own file beside this one.
public enum Reconciliation {
    /// Every site-vs-derived finding of one patient (`patient`: his patients row), in family order.
    public static func findings(_ c: SiteComparisons, patient: Patient?, key: PatientKey, options: PipelineOptions) -> [Finding] {
        lineFindings(c.lines) + responseFindings(c.responses) + stagingFindings(c.stages, patient: patient, key: key)
            + adverseEventFindings(c.adverseEvents, windowDays: options.adverseEvents.labCrossCheckDays)
    }
}

extension Validator {
    /// The reconciliation step on one patient's derivation from `record` (the validated record it
    /// was derived from): its findings join the derivation's, and the comparisons, consumed, are
    /// dropped.
    public func reconcile(_ derivation: inout PatientDerivation, record: PatientRecord) {
        derivation.findings += Reconciliation.findings(derivation.comparisons, patient: record.patient, key: derivation.key,
                                                       options: options)
        derivation.comparisons = SiteComparisons()
    }
}
