import MMModel

/// The network's validation report `report.html` (SPEC 7): one self-contained page (inline
/// CSS, no scripts, no external resources, print-friendly) for the coordinating centre. A header
/// names the study, the tool version, the latest date in the data and each input (encoding,
/// rows); then file-level problems, then one section per site with its counts by severity and
/// by rule, the completeness of the key baseline fields and its most frequent queries — each
/// kind of query once, with its count and a first example — so that the page stays light at
/// any cohort size. The same page over one site's share is that site's
/// `sites/<SITEID>/report.html` (`SitePackages`), which lists every query of the site, ERRORs
/// first, then by patient and source, a run of identical queries on consecutive lines as one
/// line. Every text from the data is HTML-escaped. The page depends only on the run's output:
/// the same inputs give the same bytes (no wall clock).
public enum SiteReport {
    public static func render(_ output: RunOutput) -> String {
        var page = ReportPage(output)
        return page.render()
    }

    /// Kinds of query listed per site, most frequent first.
    static let frequentQueries = 10
    /// File-level queries listed one by one (the rest are counted).
    static let listedFileQueries = 200
}

/// What the report needs of one site's findings, gathered in one pass over the sorted findings.
struct FindingTally {
    /// A kind of query: the same check on the same field of the same table.
    struct Kind: Hashable {
        var ruleID: String
        var table: String
        var field: String
    }

    var errors = 0, warnings = 0, infos = 0
    /// `--since` (SPEC 10): findings this upload has that the previous one had not, and had.
    var new = 0, open = 0
    var byRule: [String: (severity: Severity, count: Int)] = [:]
    /// Per kind: how many, the most severe, and the first in sorted order.
    var kinds: [Kind: (count: Int, severity: Severity, example: Finding)] = [:]
    /// The first findings in sorted order (file-level section).
    var first: [Finding] = []
    var total: Int { errors + warnings + infos }

    mutating func add(_ f: Finding, keepFirst: Int) {
        switch f.severity {
        case .error: errors += 1
        case .warning: warnings += 1
        case .info: infos += 1
        }
        if f.status == .new { new += 1 } else if f.status == .open { open += 1 }
        let current = byRule[f.rule.id]
        byRule[f.rule.id] = (max(current?.severity ?? f.severity, f.severity), (current?.count ?? 0) + 1)
        let kind = Kind(ruleID: f.rule.id, table: f.table?.rawValue ?? "", field: f.field)
        if let k = kinds[kind] {
            kinds[kind] = (k.count + 1, max(k.severity, f.severity), k.example)
        } else {
            kinds[kind] = (1, f.severity, f)
        }
        if first.count < keepFirst { first.append(f) }
    }
}

/// Builds the page; one instance per render.
struct ReportPage {
    let output: RunOutput
    let ruleTitles: [String: String]
    /// Site codes in order: every site with a patient or a finding.
    let sites: [String]
    /// The run's findings tallied by site once (a network run holds millions of them).
    let tallies: [String: FindingTally]
    /// The file-level findings (`Finding.isFileLevel`), nil when there is none.
    let files: FindingTally?
    /// A site's page: its findings in `QueryOrder`, listed one by one.
    let siteQueries: FindingStore?
    let rejectedBySite: [String: Int]
    /// `--since`: per site, the previous upload's findings now gone.
    let resolvedBySite: [String: [Finding]]
    /// The site whose package this page is (nil: the network's report).
    let packageSite: String?
    var html = ""
    /// Takes the page written so far, when set: called between query lines once the page
    /// holds a megabyte or more (a site's report is written as it is rendered).
    var flush: ((String) -> Void)?

    /// The network's report: the run's findings tallied by site in one pass.
    init(_ output: RunOutput) {
        var tallies: [String: FindingTally] = [:]
        var files = FindingTally()
        output.allFindings.forEachSorted { f in
            tallies[f.siteID, default: FindingTally()].add(f, keepFirst: 0)
            if f.isFileLevel { files.add(f, keepFirst: SiteReport.listedFileQueries) }
        }
        self.init(output, site: nil, tallies: tallies, files: files, queries: nil, rejected: Self.rejectedBySite(output))
    }

    /// `site`: the site whose package this page is, with its queries in `QueryOrder`;
    /// `rejected`: rows rejected per site.
    init(_ output: RunOutput, site: String?, tallies: [String: FindingTally], files: FindingTally, queries: FindingStore?,
         rejected: [String: Int]) {
        self.output = output
        packageSite = site
        var titles: [String: String] = [:]
        for rule in Rule.catalogue { titles[rule.id] = rule.title }
        ruleTitles = titles
        self.tallies = tallies
        self.files = files.total > 0 ? files : nil
        siteQueries = queries
        rejectedBySite = rejected
        resolvedBySite = Dictionary(grouping: output.comparison?.resolved ?? [], by: \.siteID)
        sites = Set(output.patients.sites.keys).union(tallies.keys.filter { !$0.isEmpty })
            .union(resolvedBySite.keys.filter { !$0.isEmpty }).sorted()
    }

    mutating func render() -> String {
        html.reserveCapacity(16_384 + sites.count * 8_192)
        let study = HTML.escape(output.options.studyID)
        html += """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Validation report — \(study)</title>
            <style>
            \(ReportStyle.css)
            </style>
            </head>
            <body>

            """
        header()
        html += "<main>\n"
        overview()
        filesSection()
        for (i, site) in sites.enumerated() { siteSection(site, anchor: "site-\(i + 1)") }
        html += "</main>\n"
        if packageSite == nil, !sites.isEmpty {
            html += "<p class=\"note\">Each site’s own queries, and nothing of the other sites, are in <span class=\"code\">sites/&lt;SITEID&gt;/report.html</span> and <span class=\"code\">findings.csv</span>: send each site its own folder.</p>\n"
        }
        html += "<footer>Produced by mmpipe \(HTML.escape(output.toolVersion)) from the uploaded files alone: the same files and pipeline file give the same report. Rules are listed in docs/rules.md. Patients are named by the site’s own subject ID; this report goes back to the site and must not be shared beyond it.</footer>\n"
        html += "</body>\n</html>\n"
        return html
    }

    // MARK: header and overview

    /// The latest date known alive among the patients: the "as of" date of the data.
    private var dataCutoff: Day? {
        output.patients.latestAlive
    }

    private mutating func header() {
        let pipeline = output.pipelinePath.split(separator: "/").last.map(String.init) ?? output.pipelinePath
        html += "<header class=\"top\">\n<h1>Data validation report</h1>\n"
        html += "<p>Study <b>\(HTML.escape(output.options.studyID))</b> · pipeline file \(HTML.escape(pipeline)) · mmpipe \(HTML.escape(output.toolVersion))"
        if let cutoff = dataCutoff { html += " · data up to \(cutoff.iso)" }
        html += "</p>\n"
        if let warning = output.keySource.warning {
            html += "<p class=\"warn-key\">\(HTML.escape(warning))</p>\n"
        }
        html += "</header>\n"
    }

    private func rejectedRows(site: String) -> Int { rejectedBySite[site] ?? 0 }

    /// Rows rejected per site: the audit log's `reject` entries that name a patient (those of
    /// the spilled trail counted by it as they were added).
    static func rejectedBySite(_ output: RunOutput) -> [String: Int] {
        var rejected = output.auditTrail?.rejectedBySite ?? [:]
        for entry in output.audit where entry.action == .reject {
            if let site = entry.key?.site { rejected[site, default: 0] += 1 }
        }
        return rejected
    }

    private mutating func overview() {
        html += "<section id=\"overview\">\n<h2>Summary</h2>\n"
        html += "<p class=\"note\">Each problem found in the upload is a <b>query</b>: one line saying where it is (file and line), what is wrong and what to do. "
        html += "<span class=\"sev ERROR\">ERROR</span> the value cannot be used until it is corrected; "
        html += "<span class=\"sev WARNING\">WARNING</span> the value is used but looks doubtful — please check it; "
        html += "<span class=\"sev INFO\">INFO</span> for your information. Correct the data in your own system and upload it again.</p>\n"
        let all = tallies.values.reduce(into: FindingTally()) { sum, t in
            sum.errors += t.errors
            sum.warnings += t.warnings
            sum.infos += t.infos
        }
        html += "<div class=\"cards\">"
        html += card("\(sites.count)", sites.count == 1 ? "site" : "sites", "")
        html += card("\(output.patients.patients)", "patients", "")
        html += card("\(output.patients.analysed)", "in the analysis population", "")
        html += card("\(all.errors)", "errors", "err") + card("\(all.warnings)", "warnings", "warn") + card("\(all.infos)", "information", "info")
        html += "</div>\n"
        html += "<h3>From the upload to the analysis population</h3>\n" + AttritionFlow.html(Attrition.steps(output))

        if !sites.isEmpty {
            html += "<h3>Sites</h3>\n<table class=\"compact\"><thead><tr><th>Site</th><th class=\"num\">Patients</th><th class=\"num\">In analysis</th><th class=\"num\">Errors</th><th class=\"num\">Warnings</th><th class=\"num\">Info</th><th class=\"num\">Rows rejected</th></tr></thead><tbody>\n"
            for (i, site) in sites.enumerated() {
                let c = tallies[site] ?? FindingTally()
                let patients = output.patients.sites[site] ?? PatientTally.Site()
                html += "<tr><td><a href=\"#site-\(i + 1)\">\(HTML.escape(site))</a></td><td class=\"num\">\(patients.patients)</td><td class=\"num\">\(patients.analysed)</td>"
                html += "<td class=\"num\">\(c.errors)</td><td class=\"num\">\(c.warnings)</td><td class=\"num\">\(c.infos)</td><td class=\"num\">\(rejectedRows(site: site))</td></tr>\n"
            }
            html += "</tbody></table>\n"
        }

        html += "<h3>Files received</h3>\n"
        if output.inputs.isEmpty {
            html += "<p class=\"note\">No input file was read.</p>\n"
        } else {
            html += "<table class=\"compact\"><thead><tr><th>File</th><th>Format</th><th>Tables</th><th>Encoding</th><th>Delimiter</th><th class=\"num\">Rows read</th><th class=\"num\">Rows rejected on reading</th></tr></thead><tbody>\n"
            for input in output.inputs {
                let delimiter = input.delimiter == ";" ? "semicolon (;)" : (input.delimiter == "," ? "comma (,)" : input.delimiter)
                html += "<tr><td class=\"code\">\(HTML.escape(input.name))</td><td>\(HTML.escape(input.format.uppercased()))</td><td>\(HTML.escape(input.tables.joined(separator: ", ")))</td>"
                html += "<td>\(HTML.escape(input.encoding))</td><td>\(HTML.escape(delimiter))</td><td class=\"num\">\(input.rows)</td><td class=\"num\">\(input.rejectedRows)</td></tr>\n"
            }
            html += "</tbody></table>\n"
        }
        let tables = Set(output.readRows.keys).union(output.rejectedRows.keys).sorted()
        if !tables.isEmpty {
            html += "<h3>Rows by table</h3>\n<p class=\"note\">Rows read from every file, and rows left out of the dataset (each has a query below).</p>\n"
            html += "<table class=\"compact\"><thead><tr><th>Table</th><th class=\"num\">Rows read</th><th class=\"num\">Rows rejected</th></tr></thead><tbody>\n"
            for t in tables {
                html += "<tr><td>\(HTML.escape(t))</td><td class=\"num\">\(output.readRows[t] ?? 0)</td><td class=\"num\">\(output.rejectedRows[t] ?? 0)</td></tr>\n"
            }
            html += "</tbody></table>\n"
        }
        html += "</section>\n"
    }

    private func card(_ n: String, _ label: String, _ kind: String) -> String {
        "<div class=\"card \(kind)\"><span class=\"n\">\(n)</span><span class=\"l\">\(HTML.escape(label))</span></div>"
    }

    // MARK: file-level findings

    private mutating func filesSection() {
        guard let fileFindings = files else {
            html += "<section id=\"files\">\n<h2>Problems with the files</h2>\n"
            html += "<p class=\"good\">No problem with the files themselves.</p>\n</section>\n"
            return
        }
        html += "<section id=\"files\">\n<h2>Problems with the files</h2>\n"
        html += "<p class=\"note\">Problems that concern a whole file or column rather than one patient: unreadable files, missing or unexpected columns, columns holding personal identifiers.</p>\n"
        ruleTable(fileFindings.byRule)
        queryTable(fileFindings.first, withPatient: false)
        if fileFindings.total > fileFindings.first.count {
            html += "<p class=\"note\">The first \(fileFindings.first.count) of \(fileFindings.total) queries are listed; every one is in findings.csv.</p>\n"
        }
        html += "</section>\n"
    }

    // MARK: per site

    private mutating func siteSection(_ site: String, anchor: String) {
        let c = tallies[site] ?? FindingTally()
        let patients = output.patients.sites[site] ?? PatientTally.Site()
        html += "<section class=\"site\" id=\"\(anchor)\">\n<h2>Site \(HTML.escape(site))</h2>\n"
        html += "<div class=\"cards\">"
        html += card("\(patients.patients)", "patients", "") + card("\(patients.analysed)", "in the analysis population", "")
        html += card("\(c.errors)", "errors", "err") + card("\(c.warnings)", "warnings", "warn") + card("\(c.infos)", "information", "info")
        html += card("\(rejectedRows(site: site))", "rows rejected", "")
        html += "</div>\n"
        sinceLine(site)

        html += "<h3>Problems found, by check</h3>\n"
        if c.total == 0 {
            html += "<p class=\"good\">No query for this site.</p>\n"
        } else {
            ruleTable(c.byRule)
        }

        html += "<h3>How complete are the key baseline data</h3>\n"
        let completeness = SiteCompleteness(patients)
        if completeness.patients == 0 {
            html += "<p class=\"note\">No patient of this site is in the analysis population (no line of therapy with the index regimen was found), so completeness is not computed.</p>\n"
        } else {
            html += "<p class=\"note\">Over the \(HTML.count(completeness.patients, "patient")) of this site in the analysis population, at the index date.</p>\n"
            html += "<table class=\"compact\"><thead><tr><th>Data</th><th>Needed for</th><th class=\"num\">Patients with it</th><th>Completeness</th></tr></thead><tbody>\n"
            for item in completeness.items {
                let pct = HTML.percent(item.present, of: completeness.patients) ?? 0
                html += "<tr><td>\(HTML.escape(item.label))</td><td>\(HTML.escape(item.why))</td><td class=\"num\">\(item.present) of \(completeness.patients)</td>"
                html += "<td><span class=\"bar\(pct < 80 ? " low" : "")\"><i style=\"width:\(pct)%\"></i></span>\(pct)%</td></tr>\n"
            }
            html += "</tbody></table>\n"
        }

        if let siteQueries {
            if siteQueries.count > 0 {
                html += "<h3>Queries to answer</h3>\n<p class=\"note\">Errors first, then warnings, then information; each sorted by patient, then by file and line. Identical queries on consecutive lines of a file are one line.</p>\n"
                queryTable(withPatient: true) { siteQueries.forEachSorted($0) }
            }
        } else if c.total > 0 {
            frequentQueries(c, site: site)
        }
        let resolved = resolvedBySite[site] ?? []
        if let comparison = output.comparison, !resolved.isEmpty {
            html += "<h3>Resolved since the upload of \(HTML.escape(comparison.previous))</h3>\n"
            html += "<p class=\"note\">As they were in that upload (old source and value).</p>\n"
            queryTable(resolved, withPatient: true)
        }
        html += "</section>\n"
    }

    /// "Since the upload of …: 12 resolved, 3 new, 40 still open" (`--since`, SPEC 10).
    private mutating func sinceLine(_ site: String) {
        guard let comparison = output.comparison else { return }
        let c = tallies[site] ?? FindingTally()
        html += "<p class=\"since\">Since the upload of \(HTML.escape(comparison.previous)): <b>\(resolvedBySite[site]?.count ?? 0) resolved</b>, "
            + "<b>\(c.new) new</b>, \(c.open) still open.</p>\n"
    }

    /// Counts by rule, with the rule's title: most severe first, then by rule ID.
    private mutating func ruleTable(_ byRule: [String: (severity: Severity, count: Int)]) {
        let rows = byRule.sorted { a, b in
            a.value.severity != b.value.severity ? a.value.severity > b.value.severity : a.key < b.key
        }
        html += "<table class=\"compact\"><thead><tr><th>Rule</th><th>Check</th><th>Severity</th><th class=\"num\">Queries</th></tr></thead><tbody>\n"
        for (id, v) in rows {
            html += "<tr><td class=\"code\">\(HTML.escape(id))</td><td>\(HTML.escape(ruleTitles[id] ?? ""))</td><td><span class=\"sev \(v.severity.rawValue)\">\(v.severity.rawValue)</span></td><td class=\"num\">\(v.count)</td></tr>\n"
        }
        html += "</tbody></table>\n"
    }

    /// The site's most frequent kinds of query, each once with its count and its first
    /// example (a run of identical findings is one line).
    private mutating func frequentQueries(_ c: FindingTally, site: String) {
        let kinds = c.kinds.sorted { a, b in
            a.value.count != b.value.count ? a.value.count > b.value.count
                : (a.key.ruleID, a.key.table, a.key.field) < (b.key.ruleID, b.key.table, b.key.field)
        }
        let shown = kinds.prefix(SiteReport.frequentQueries)
        html += "<h3>Most frequent queries</h3>\n<p class=\"note\">Each kind of query once (the same check on the same field), with how many there are and the first one. "
        html += "Every query, line by line, is in the site’s own report <a href=\"sites/\(HTML.escape(SitePackages.folderName(site)))/report.html\">sites/\(HTML.escape(SitePackages.folderName(site)))/report.html</a> and in findings.csv"
        html += shown.count < kinds.count ? "; \(kinds.count - shown.count) rarer kind(s) are not shown here.</p>\n" : ".</p>\n"
        html += "<table><thead><tr><th>Rule</th><th>Table</th><th>Field</th><th>Severity</th><th class=\"num\">Queries</th><th>First (patient, source)</th><th>Value</th><th>What to do</th></tr></thead><tbody>\n"
        for (kind, v) in shown {
            let f = v.example
            html += "<tr><td class=\"code\">\(HTML.escape(kind.ruleID))</td><td>\(HTML.escape(kind.table))</td><td class=\"code\">\(HTML.escape(kind.field))</td>"
            html += "<td><span class=\"sev \(v.severity.rawValue)\">\(v.severity.rawValue)</span></td><td class=\"num\">\(v.count)</td>"
            html += "<td class=\"code\">\(HTML.escape(f.subjectID)) \(HTML.escape(f.source))</td><td class=\"value\">\(HTML.escape(Redaction.findingValue(f)))</td><td class=\"msg\">\(HTML.escape(Redaction.findingMessage(f)))</td></tr>\n"
        }
        html += "</tbody></table>\n"
    }

    /// Every query, in `QueryOrder`; a run of identical queries (same patient, file, rule, field,
    /// value and severity) on consecutive lines is one line naming its first and last source and
    /// how many rows it stands for (issue 18: 2 million identical rows are not 2 million lines).
    private mutating func queryTable(_ findings: [Finding], withPatient: Bool) {
        let sorted = findings.map { (QueryOrder.key($0), $0) }
            .sorted { $0.0.lexicographicallyPrecedes($1.0) }
        queryTable(withPatient: withPatient) { body in sorted.forEach { body($0.1) } }
    }

    /// The same over findings given one by one, already in `QueryOrder`: one run is held at a
    /// time (its first and last query), so a site's millions of queries are never in memory.
    private mutating func queryTable(withPatient: Bool, _ each: ((Finding) -> Void) -> Void) {
        html += "<table><thead><tr>"
        if withPatient { html += "<th>Patient (SUBJID)</th>" }
        html += "<th>Table</th><th>Source</th><th>Field</th><th>Value</th><th>Rule</th><th>Severity</th><th>What to do</th></tr></thead><tbody>\n"
        // Key indices: 0 severity, 1 patient, 2 file, 3 line, 4 rule, 5 field, 6 value.
        func sameRun(_ a: [String], _ b: [String]) -> Bool {
            a[0] == b[0] && a[1] == b[1] && a[2] == b[2] && a[4] == b[4] && a[5] == b[5] && a[6] == b[6] && !a[3].isEmpty
        }
        var run: (key: [String], first: Finding, last: Finding, count: Int)?
        each { f in
            let key = QueryOrder.key(f)
            if let r = run, sameRun(r.key, key) {
                run?.last = f
                run?.count += 1
                return
            }
            if let r = run { queryLine(r.first, last: r.last, count: r.count, withPatient: withPatient) }
            run = (key, f, f, 1)
        }
        if let r = run { queryLine(r.first, last: r.last, count: r.count, withPatient: withPatient) }
        html += "</tbody></table>\n"
    }

    /// One line of a query table: `first`, standing for `count` identical queries up to `last`.
    private mutating func queryLine(_ f: Finding, last: Finding, count: Int, withPatient: Bool) {
        var source = HTML.escape(f.source)
        var message = HTML.escape(Redaction.findingMessage(f))
        if count > 1 {
            source += " … \(HTML.escape(last.source))"
            message += " <b>(the same query for \(count) rows, from \(HTML.escape(f.source)) to \(HTML.escape(last.source)): each is in findings.csv)</b>"
        }
        html += "<tr>"
        if withPatient { html += "<td class=\"code\">\(HTML.escape(f.subjectID))</td>" }
        html += "<td>\(HTML.escape(f.table?.rawValue ?? ""))</td><td class=\"code src\">\(source)</td><td class=\"code\">\(HTML.escape(f.field))</td>"
        html += "<td class=\"value\">\(HTML.escape(Redaction.findingValue(f)))</td><td class=\"code\">\(HTML.escape(f.rule.id))</td>"
        html += "<td><span class=\"sev \(f.severity.rawValue)\">\(f.severity.rawValue)</span></td><td class=\"msg\">\(message)</td></tr>\n"
        if html.utf8.count >= 1 << 20, let flush {
            flush(html)
            html = ""
        }
    }
}

/// Order of queries in the reports (SPEC 7: ERRORs first): severity (ERROR, WARNING, INFO),
/// then patient, source (file, then line as a number), rule, field and message —
/// deterministic whatever the input order.
enum QueryOrder {
    /// ERROR "0", WARNING "1", INFO "2".
    static func rank(_ severity: Severity) -> String {
        severity == .error ? "0" : (severity == .warning ? "1" : "2")
    }

    static func key(_ f: Finding) -> [String] {
        var file = f.source, line = ""
        if let p = f.location.provenance {
            file = p.file
            line = p.orderKey
        }
        return [rank(f.severity), f.subjectID, file, line, f.rule.id, f.field, f.value, f.message]
    }
}
