import MMModel

/// What goes back to each site (SPEC 7, `sites/<SITEID>/findings.csv` and
/// `sites/<SITEID>/report.html`): its own queries, line by line, ERRORs first, and nothing of
/// any other site — no other site's `SUBJID`, file names or counts. File-level findings are the
/// site's when the file is (`InputFileSummary.site`, set by the pipeline). The run is grouped
/// by site once, so that a network of hundreds of sites costs one pass, not one per site.
public struct SitePackages {
    let output: RunOutput
    /// The sites that get a package, in order: every site with a patient, a finding or a file.
    public let sites: [String]
    private let findings: [String: [Finding]]
    private let derivations: [String: [PatientDerivation]]
    private let inputs: [String: [InputFileSummary]]
    private let rejections: [String: [AuditEntry]]

    public init(_ output: RunOutput) {
        self.output = output
        findings = Dictionary(grouping: output.findings, by: \.siteID)
        derivations = Dictionary(grouping: output.derivations, by: \.key.site)
        inputs = Dictionary(grouping: output.inputs.filter { $0.site != nil }, by: { $0.site ?? "" })
        rejections = Dictionary(grouping: output.audit.filter { $0.action == .reject && $0.key != nil },
                                by: { $0.key?.site ?? "" })
        sites = Set(findings.keys).union(derivations.keys).union(inputs.keys).filter { !$0.isEmpty }.sorted()
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
    public func findings(site: String) -> [Finding] {
        let own = findings[site] ?? []
        return Severity.reportOrder.flatMap { sev in own.filter { $0.severity == sev } }
    }

    /// The run restricted to one site: its patients, findings, files and rejections. Table
    /// totals over all sites are left out (they count other sites' rows); the files table
    /// gives the site's own rows.
    func share(site: String) -> RunOutput {
        var share = output
        share.derivations = derivations[site] ?? []
        share.findings = findings[site] ?? []
        share.inputs = inputs[site] ?? []
        share.audit = rejections[site] ?? []
        share.readRows = [:]
        share.rejectedRows = [:]
        share.comparison?.resolved.removeAll { $0.siteID != site }
        return share
    }

    /// `sites/<SITEID>/report.html`: the report over the site's share alone.
    public func report(site: String) -> String {
        var page = ReportPage(share(site: site), site: site)
        return page.render()
    }
}

extension Severity {
    /// ERROR, WARNING, INFO: the order of queries sent to a site (SPEC 7).
    static let reportOrder: [Severity] = [.error, .warning, .info]
}
