import MMModel

/// `adae.csv` rows with `TRTEMFL` (onset on or after index and ≤ 30 days after the index
/// line's last dose) and the CTCAE v5 lab cross-check of RULES.md 9 (`AE-001`). STUB —
/// replaced by the response work.
public func adverseEventRows(record: PatientRecord, indexDate: Day?, indexLineLastDose: Day?,
                             options: AdverseEventOptions) -> (rows: [ADAERow], findings: [Finding]) {
    ([], [])
}
