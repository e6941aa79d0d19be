import MMModel

/// What goes back to one site (SPEC 7, `sites/<SITEID>/findings.csv` and
/// `sites/<SITEID>/report.html`): its own queries, line by line, ERRORs first, and nothing of
/// any other site — no other site's `SUBJID`, file names or counts. File-level findings are the
/// site's when the file is (`InputFileSummary.site`, set by the pipeline).
public enum SitePackage {
    /// The sites that get a package: every site with a patient, a finding or a file.
    public static func sites(of output: RunOutput) -> [String] {
        var all = Set(output.derivations.map(\.key.site))
        for f in output.findings where !f.siteID.isEmpty { all.insert(f.siteID) }
        for i in output.inputs { if let s = i.site { all.insert(s) } }
        return all.filter { !$0.isEmpty }.sorted()
    }

    /// The folder name of a site under `sites/`: the site code with anything but letters,
    /// digits, `-` and `_` replaced by `_` (a site code comes from the data and must not
    /// name a path such as `../x`).
    public static func folderName(_ site: String) -> String {
        let safe = String(site.unicodeScalars.map { c -> Character in
            (c.isASCII && (c.properties.isAlphabetic || ("0"..."9").contains(c) || c == "-" || c == "_")) ? Character(c) : "_"
        })
        return safe.isEmpty ? "_" : safe
    }

    /// The site's findings, ERRORs first, then WARNINGs, then INFO, each in the findings' order.
    public static func findings(of output: RunOutput, site: String) -> [Finding] {
        let own = output.findings.filter { $0.siteID == site }
        return Severity.reportOrder.flatMap { sev in own.filter { $0.severity == sev } }
    }

    /// The run restricted to one site: its patients, findings, files and rejections. Table
    /// totals over all sites are left out (they count other sites' rows); the files table
    /// gives the site's own rows.
    static func share(of output: RunOutput, site: String) -> RunOutput {
        var share = output
        share.derivations = output.derivations.filter { $0.key.site == site }
        share.findings = output.findings.filter { $0.siteID == site }
        share.inputs = output.inputs.filter { $0.site == site }
        share.audit = output.audit.filter { $0.action == .reject && $0.key?.site == site }
        share.readRows = [:]
        share.rejectedRows = [:]
        return share
    }
}

extension Severity {
    /// ERROR, WARNING, INFO: the order of queries sent to a site (SPEC 7).
    static let reportOrder: [Severity] = [.error, .warning, .info]
}
