import MMDerive
import MMModel
import MMValidate

// Derive raises no site-vs-derived finding: tests that assert one reconcile the typed
// comparisons as the pipeline does after Derive (Validate's reconciliation step, SPEC 5).

extension ResponseEvaluation {
    /// The engine's own findings and those Validate's reconciliation raises from its comparisons.
    var reconciledFindings: [Finding] { findings + Reconciliation.responseFindings(comparisons) }
}

extension PatientDerivation {
    /// The derivation's findings and those of the reconciliation step (`patient`: the record's).
    func reconciledFindings(patient: Patient?) -> [Finding] {
        findings + Reconciliation.findings(comparisons, patient: patient, key: key, options: PipelineOptions())
    }
}
