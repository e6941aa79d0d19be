import MMModel

extension Reconciliation {
    /// `LOT-001` (RULES.md 3 step 7): the site's line number differs from the derived one. One
    /// finding per source row: a regimen row expanded to its drugs is one query, not three (the
    /// first of its drugs in row order speaks for it).
    public static func lineFindings(_ rows: [ResolvedExposure]) -> [Finding] {
        var findings: [Finding] = []
        var reported = Set<Provenance>()
        for r in rows {
            let e = r.exposure
            guard let siteLine = e.siteLine, r.ownLine != siteLine, reported.insert(e.provenance).inserted else {
                continue
            }
            let what = e.regimenLabel ?? e.drug
            let derivedText = r.ownLine.map { "line \($0)" } ?? "no line (a steroid course between lines)"
            findings.append(Finding(.LOT001, key: e.key, table: .therapies, provenance: e.provenance,
                                    field: "site_line", value: String(siteLine),
                                    message: "\(e.provenance.source) site_line: \(what) starting \(e.start.iso) is recorded as line \(siteLine) but the IMWG line rules derive \(derivedText); check the treatment history and correct site_line."))
        }
        return findings
    }
}
