import MMIngest
import MMMap
import MMModel

/// Which site a file is (SPEC 7: file-level findings — a PHI column, an unknown item group, a
/// bad encoding — belong to the site whose file it is, and go back to it in its package).
/// The reading chosen, in order:
/// 1. the site of the file's rows (`site_id`, or the ODM `LocationOID`), when they all name
///    one site — a file shared by several sites is no one site's, and its file-level findings
///    stay in the network's report only;
/// 2. the site sub-folder it was found in (`uploads/S01/labs.csv`, SPEC 4);
/// 3. its name's prefix before `_` (`s01_patients.csv` → `S01`), when a site of that code
///    (any case) is in the run.
enum FileSites {
    /// The one site of a file's mapped rows, nil when none or several.
    static func site(of batch: RecordBatch) -> String? {
        var sites = Set<String>()
        addSites(of: batch, to: &sites)
        return sites.count == 1 ? sites.first : nil
    }

    /// Adds the sites named by `batch`'s rows to `sites` (a file read in parts; two are enough
    /// to know it is no one site's).
    static func addSites(of batch: RecordBatch, to sites: inout Set<String>) {
        func add(_ keys: some Sequence<PatientKey>) {
            for k in keys where !k.site.isEmpty {
                if sites.count > 1 { return }
                sites.insert(k.site)
            }
        }
        add(batch.patients.lazy.map(\.key))
        add(batch.labs.lazy.map(\.key))
        add(batch.cytogenetics.lazy.map(\.key))
        add(batch.therapies.lazy.map(\.key))
        add(batch.assessments.lazy.map(\.key))
        add(batch.adverseEvents.lazy.map(\.key))
    }

    /// Gives a file's site (rule 1: `rowSite`, the one site of its rows; or rule 2) to its
    /// summary and to its findings that name no site.
    static func attribute(_ file: InputFile, rowSite: String?, summary: inout InputFileSummary, log: inout StageLog) {
        guard let site = rowSite ?? file.site else { return }
        summary.site = site
        for i in log.findings.indices where log.findings[i].siteID.isEmpty {
            log.findings[i].siteID = site
        }
    }

    /// Rule 3, once every file has been read: a file still without a site takes its name's
    /// prefix when that is a site of the run; its findings that name no site follow.
    static func attributeByPrefix(inputs: inout [InputFileSummary], findings: inout [Finding], knownSites: Set<String>) {
        var byUpper: [String: String] = [:]
        for s in knownSites.sorted() where byUpper[s.uppercased()] == nil { byUpper[s.uppercased()] = s }
        for i in inputs.indices where inputs[i].site == nil {
            guard let prefix = inputs[i].name.split(separator: "_", maxSplits: 1).first, inputs[i].name.contains("_"),
                  let site = byUpper[prefix.uppercased()] else { continue }
            inputs[i].site = site
            let name = inputs[i].name
            for j in findings.indices where findings[j].siteID.isEmpty && findings[j].location.file == name {
                findings[j].siteID = site
            }
        }
    }
}
