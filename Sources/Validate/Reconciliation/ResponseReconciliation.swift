import MMModel

extension Reconciliation {
    /// `IMWG-001` and `IMWG-003` (RULES.md 2.3) for each site assessment with a response:
    /// every disagreement with the category computed from the labs is `IMWG-001` ("a
    /// disagreement is an IMWG WARNING that shows both"); a reported PD that the labs contradict
    /// — a computed category other than PD, `NE` not counting — with no clinical progression,
    /// new lesion or plasmacytoma recorded is, in addition, `IMWG-003`.
    public static func responseFindings(_ comparisons: [ResponseComparison]) -> [Finding] {
        var findings: [Finding] = []
        for c in comparisons {
            guard let r = c.site.response, let computed = c.computed else { continue }
            let s = c.site
            let labDate = c.labDate.map { " of \($0.iso)" } ?? ""
            if c.agrees == false {
                findings.append(Finding(.IMWG001, key: s.key, table: .assessments, provenance: s.provenance,
                                        field: "response", value: r.rawValue,
                                        message: "Reported response \(r.rawValue) on \(s.date.iso) differs from the IMWG response \(computed.rawValue) computed from the labs\(labDate): review the assessment against the lab values."))
            }
            if r == .pd, computed != .pd, computed != .ne, !s.hasClinicalProgressionEvidence {
                findings.append(Finding(.IMWG003, key: s.key, table: .assessments, provenance: s.provenance,
                                        field: "response", value: r.rawValue,
                                        message: "PD reported on \(s.date.iso) but the labs\(labDate) give \(computed.rawValue) and no clinical progression, new lesion or plasmacytoma is recorded: enter the evidence of progression (progression_type, new_lesion, plasmacytoma) or correct the response."))
            }
        }
        return findings
    }
}
