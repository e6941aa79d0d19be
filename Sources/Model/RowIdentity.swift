/// A row's own identity (SPEC 10, queries across uploads): what names the row whatever its
/// line — the date and test of a lab, the start and drug (or regimen) of a therapy, the date
/// of an assessment, the date and abnormality of a cytogenetic test, the term and onset of an
/// adverse event; nothing for the patient's own row. With the rule, site, subject, table and
/// field it makes a finding's stable key, so a query survives reordered and edited files.
/// Map findings build it from the row as read, later ones from the canonical record: both
/// write dates in ISO form and codes canonically, so the two agree.
public enum RowIdentity {
    public static func lab(date: String, test: String) -> String { date + " " + test }
    public static func therapy(start: String, drugOrRegimen: String) -> String { start + " " + drugOrRegimen }
    public static func assessment(date: String) -> String { date }
    public static func cytogenetics(date: String, abnormality: String) -> String { date + " " + abnormality }
    public static func adverseEvent(term: String, onset: String) -> String { term + " " + onset }

    /// Each row of a patient's record by its `SOURCE`: the identity findings about it carry.
    /// A regimen row expanded to several drugs is named by its regimen label.
    public static func bySource(_ record: PatientRecord) -> [String: String] {
        var out: [String: String] = [:]
        if let p = record.patient { out[p.provenance.source] = "" }
        for l in record.labs { out[l.provenance.source] = lab(date: l.date.iso, test: l.test.rawValue) }
        var drugsPerRow: [String: Int] = [:]
        for t in record.therapies { drugsPerRow[t.provenance.source, default: 0] += 1 }
        for t in record.therapies {
            let name = (drugsPerRow[t.provenance.source] ?? 0) > 1 ? t.regimenLabel ?? t.drug : t.drug
            out[t.provenance.source] = therapy(start: t.start.iso, drugOrRegimen: name)
        }
        for a in record.assessments { out[a.provenance.source] = assessment(date: a.date.iso) }
        for c in record.cytogenetics {
            out[c.provenance.source] = cytogenetics(date: c.date.iso, abnormality: c.abnormality.rawValue)
        }
        for e in record.adverseEvents { out[e.provenance.source] = adverseEvent(term: e.term, onset: e.onsetDate?.iso ?? "") }
        return out
    }
}

/// Where a finding stands against the previous upload (`--since`, SPEC 10).
public enum FindingStatus: String, Sendable, Codable, CaseIterable {
    /// Not in the previous upload.
    case new = "NEW"
    /// Also in the previous upload.
    case open = "OPEN"
    /// In the previous upload, gone now (listed with its old value).
    case resolved = "RESOLVED"
}

/// This upload's findings against the previous upload's (`--since PREVIOUS_OUT`).
public struct UploadComparison: Sendable {
    /// What the previous upload is called in the reports (its run time, or its folder).
    public var previous: String
    /// The status of each current finding, parallel to the run's sorted findings.
    public var statuses: [FindingStatus]
    /// The previous upload's findings that are gone, as they were (old value, old source).
    public var resolved: [Finding]

    public init(previous: String, statuses: [FindingStatus], resolved: [Finding]) {
        self.previous = previous
        self.statuses = statuses
        self.resolved = resolved
    }

    /// Per site: how many findings are new, still open, resolved.
    public func counts(findings: [Finding]) -> [String: (new: Int, open: Int, resolved: Int)] {
        var out: [String: (new: Int, open: Int, resolved: Int)] = [:]
        for (f, s) in zip(findings, statuses) {
            if s == .new { out[f.siteID, default: (0, 0, 0)].new += 1 } else { out[f.siteID, default: (0, 0, 0)].open += 1 }
        }
        for f in resolved { out[f.siteID, default: (0, 0, 0)].resolved += 1 }
        return out
    }
}
