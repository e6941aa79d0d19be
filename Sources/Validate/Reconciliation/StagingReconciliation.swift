import MMModel

extension Reconciliation {
    /// `STG-001` (RULES.md 5): a site-reported ISS or R-ISS (`patients.iss`, `patients.riss`)
    /// that differs from the stage computed at index. A stage not computed or not reported is not
    /// compared; a reported text that is no stage (`Stage(reported:)` nil) differs.
    public static func stagingFindings(_ computed: [StagingSystem: Stage], patient: Patient?, key: PatientKey) -> [Finding] {
        let reported: [(StagingSystem, String, String?)] = [(.iss, "iss", patient?.reportedISS),
                                                            (.riss, "riss", patient?.reportedRISS)]
        let source = patient?.provenance
        return reported.compactMap { system, field, text in
            guard let text, !text.isEmpty, let value = computed[system], Stage(reported: text) != value else { return nil }
            let name = system.rawValue
            return Finding(.STG001, key: key, table: .patients, provenance: source, field: field, value: text,
                           message: "\(source?.source ?? "patients") \(field): the site reports \(name) \(text) but the baseline values give \(name) \(value.roman); review B2M, albumin, LDH and cytogenetics at index.")
        }
    }
}
