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

    /// The identity of the rows of a patient's record named by `sources` (findings' `SOURCE`),
    /// by source. A regimen row expanded to several drugs is named by its regimen label. Only
    /// the rows asked for are named: a row's line is compared first, its source built only then.
    public static func bySource(_ sources: Set<String>, in record: PatientRecord) -> [String: String] {
        var lines = Set<Int>()
        for s in sources {
            let location = s.split(separator: " ", maxSplits: 1).first ?? ""
            if let colon = location.lastIndex(of: ":"), let line = Int(location[location.index(after: colon)...]) {
                lines.insert(line)
            }
        }
        var out: [String: String] = [:]
        func name(_ p: Provenance, _ identity: @autoclosure () -> String) {
            guard lines.contains(p.line) else { return }
            let source = p.source
            if sources.contains(source), out[source] == nil { out[source] = identity() }
        }
        if let p = record.patient { name(p.provenance, "") }
        for l in record.labs { name(l.provenance, lab(date: l.date.iso, test: l.test.rawValue)) }
        for (i, t) in record.therapies.enumerated() where lines.contains(t.provenance.line) {
            let expanded = record.therapies.indices.contains { $0 != i && record.therapies[$0].provenance == t.provenance }
            name(t.provenance, therapy(start: t.start.iso, drugOrRegimen: expanded ? t.regimenLabel ?? t.drug : t.drug))
        }
        for a in record.assessments { name(a.provenance, assessment(date: a.date.iso)) }
        for c in record.cytogenetics { name(c.provenance, cytogenetics(date: c.date.iso, abnormality: c.abnormality.rawValue)) }
        for e in record.adverseEvents { name(e.provenance, adverseEvent(term: e.term, onset: e.onsetDate?.iso ?? "")) }
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

/// This upload against the previous one (`--since PREVIOUS_OUT`): each current finding has
/// its `status`; the previous upload's findings that are gone are kept here.
public struct UploadComparison: Sendable {
    /// What the previous upload is called in the reports (its run date and folder).
    public var previous: String
    /// The previous upload's findings that are gone, as they were (old value, old source),
    /// with status `RESOLVED`.
    public var resolved: [Finding]
    /// This upload's findings that are `NEW`, and `OPEN`.
    public var new: Int
    public var open: Int

    public init(previous: String, resolved: [Finding], new: Int = 0, open: Int = 0) {
        self.previous = previous
        self.resolved = resolved
        self.new = new
        self.open = open
    }
}
