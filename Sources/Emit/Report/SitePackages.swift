import MMModel

/// What goes back to each site (SPEC 7, `sites/<SITEID>/findings.csv` and
/// `sites/<SITEID>/report.html`): its own queries, line by line, ERRORs first, and nothing of
/// any other site — no other site's `SUBJID`, file names or counts. File-level findings are the
/// site's when the file is (`InputFileSummary.site`, set by the pipeline).
///
/// The packages are written from one merge of the run's sorted findings (SPEC 8: memory does
/// not grow with the number of findings, issue 18 item 3): the order starts with the site, so
/// the merge gives one site after another, and each site's queries go into two stores of their
/// own (ERRORs first for `findings.csv`, `QueryOrder` for the report) that spill past
/// `runLength` findings. A network of hundreds of sites costs one pass, not one per site.
public struct SitePackages {
    let output: RunOutput
    /// Sites with a patient or a file (those with a finding are found in the merge).
    private let others: [String]
    private let inputs: [String: [InputFileSummary]]
    /// Rows rejected per site (counted once: a run may reject millions).
    private let rejected: [String: Int]
    /// Where a site's spilled queries go (nil: they stay in memory).
    private let directory: String?
    private let runLength: Int

    /// `runLength`: a site's queries held in memory per store before a sorted run is spilled.
    public init(_ output: RunOutput, directory: String?, runLength: Int = 8_192) {
        self.output = output
        self.directory = directory
        self.runLength = runLength
        inputs = Dictionary(grouping: output.inputs.filter { $0.site != nil }, by: { $0.site ?? "" })
        rejected = ReportPage.rejectedBySite(output)
        others = Set(output.patients.sites.keys).union(inputs.keys).filter { !$0.isEmpty }.sorted()
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

    /// Calls `body` once per site that gets a package (every site with a patient, a finding or
    /// a file), in site order, with that site's queries; the next site's are gathered after
    /// `body` returns, so one site's are held at a time.
    public func forEachSite<E: Error>(_ body: (SiteQueries) throws(E) -> Void) throws(E) {
        var waiting = others[...]
        var current: SiteQueries?
        try output.allFindings.forEachSorted { (f: Finding) throws(E) in
            guard !f.siteID.isEmpty else { return }
            if current?.site != f.siteID {
                if let done = current { try body(done) }
                while let next = waiting.first, next < f.siteID {
                    try body(SiteQueries(site: next, directory: directory, runLength: runLength))
                    waiting.removeFirst()
                }
                if waiting.first == f.siteID { waiting.removeFirst() }
                current = SiteQueries(site: f.siteID, directory: directory, runLength: runLength)
            }
            current?.add(f)
        }
        if let done = current { try body(done) }
        for site in waiting { try body(SiteQueries(site: site, directory: directory, runLength: runLength)) }
    }

    /// The run restricted to one site: its patients and files (its queries are in
    /// `SiteQueries`, its rejected rows counted in `rejected`). Table totals over all sites are left out (they count other sites' rows);
    /// the files table gives the site's own rows.
    func share(site: String) -> RunOutput {
        var share = output
        share.derivations = []
        share.patients = output.patients.only(site: site)
        share.findings = []
        share.findingStore = nil
        share.inputs = inputs[site] ?? []
        share.audit = []
        share.auditTrail = nil
        share.readRows = [:]
        share.rejectedRows = [:]
        share.comparison?.resolved.removeAll { $0.siteID != site }
        return share
    }

    /// `sites/<SITEID>/report.html`: the report over the site's share alone, handed to `write`
    /// a part at a time (a site with millions of distinct queries is never one string).
    public func report(_ queries: SiteQueries, write: @escaping (String) -> Void) {
        var page = ReportPage(share(site: queries.site), site: queries.site, tallies: queries.tally.total > 0 ? [queries.site: queries.tally] : [:],
                              files: queries.files, queries: queries.inReportOrder, rejected: [queries.site: rejected[queries.site] ?? 0])
        page.flush = write
        write(page.render())
    }
}

/// One site's queries, gathered from the run's sorted findings (SPEC 7): in the order of the
/// site's `findings.csv` (ERRORs, then WARNINGs, then INFO, each in the findings' order) and
/// in the order of its report (`QueryOrder`), with the counts its report shows.
public struct SiteQueries {
    public let site: String
    /// ERRORs first, then as the findings came (sorted by `Finding`'s order).
    public let bySeverity: FindingStore
    /// `QueryOrder`: severity, patient, file, line.
    public let inReportOrder: FindingStore
    var tally = FindingTally()
    /// The site's file-level findings (`Finding.isFileLevel`), the first ones kept.
    var files = FindingTally()

    init(site: String, directory: String?, runLength: Int) {
        self.site = site
        bySeverity = FindingStore(directory: directory, runLength: runLength) { [QueryOrder.rank($0.severity)] }
        inReportOrder = FindingStore(directory: directory, runLength: runLength, order: QueryOrder.key)
    }

    mutating func add(_ f: Finding) {
        bySeverity.append(f)
        inReportOrder.append(f)
        tally.add(f, keepFirst: 0)
        if f.isFileLevel { files.add(f, keepFirst: SiteReport.listedFileQueries) }
    }
}
