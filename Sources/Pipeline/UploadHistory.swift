import Foundation
import MMEmit
import MMIngest
import MMModel

/// Queries across uploads (SPEC 10, `--since PREVIOUS_OUT`): this upload's findings matched to
/// the previous upload's `findings.csv` by their stable key (`Finding.trackingKey`: rule, site,
/// subject, table, field and the row's own identity, never its line). A finding is `OPEN` when
/// the previous upload had it too, `NEW` otherwise; a previous one with no match is `RESOLVED`
/// and listed as it was. Keys are matched as a multiset: two alike findings need two — this
/// upload's in their sorted order take the previous upload's in file order.
///
/// Neither upload's findings are held (SPEC 8): the previous file is read twice and kept as a
/// count per 128-bit digest of each key (one entry per distinct key, ~50 bytes), this upload's
/// stream from its store into a store of compared findings; only the resolved ones are held.
enum UploadHistory {
    /// Streams `findings` into `compared` with their status and returns the previous upload's
    /// resolved ones, with the counts.
    static func compare(_ findings: FindingStore, previousFolder: String, into compared: FindingStore)
        throws(PipelineError) -> UploadComparison {
        var waiting: [Digest128: Int] = [:]
        try forEachPrevious(previousFolder) { waiting[Digest.sha256Prefix($0.trackingKey), default: 0] += 1 }
        var matched: [Digest128: Int] = [:]
        var new = 0, open = 0
        findings.forEachSorted { f in
            var f = f
            let key = Digest.sha256Prefix(f.trackingKey)
            if let n = waiting[key], n > 0 {
                waiting[key] = n - 1
                matched[key, default: 0] += 1
                f.status = .open
                open += 1
            } else {
                f.status = .new
                new += 1
            }
            compared.append(f)
        }
        // Of the previous findings with one key, the first `matched` in file order were matched.
        var resolved: [Finding] = []
        try forEachPrevious(previousFolder) { f in
            let key = Digest.sha256Prefix(f.trackingKey)
            if let n = matched[key], n > 0 {
                matched[key] = n - 1
                return
            }
            var gone = f
            gone.status = .resolved
            resolved.append(gone)
        }
        return UploadComparison(previous: label(previousFolder), resolved: resolved.sorted(), new: new, open: open)
    }

    /// The previous upload's open findings (its `RESOLVED` rows were already closed), one by one.
    static func forEachPrevious(_ folder: String, _ body: (Finding) -> Void) throws(PipelineError) {
        let path = (folder as NSString).appendingPathComponent("findings.csv")
        guard FileManager.default.isReadableFile(atPath: path) else { throw .since(path: path) }
        var log = StageLog()
        var usable = true
        _ = CSVFileReader(path: path).read(log: &log) { row in
            func cell(_ name: String) -> String? { row.string(named: name).map(unneutralised) }
            guard usable, let rule = cell("RULEID"), let rowKey = cell("ROWKEY") else { usable = false; return }
            if cell("STATUS") == FindingStatus.resolved.rawValue { return }
            var f = Finding(siteID: cell("SITEID") ?? "", subjectID: cell("SUBJID") ?? "", table: cell("TABLE") ?? "",
                            source: cell("SOURCE") ?? "", field: cell("FIELD") ?? "", value: cell("VALUE") ?? "",
                            ruleID: rule, severity: Severity(rawValue: cell("SEVERITY") ?? "") ?? .info,
                            message: cell("MESSAGE") ?? "")
            f.rowKey = rowKey
            body(f)
        }
        guard usable, log.findings.isEmpty else { throw .since(path: path) }
    }

    /// A cell as the finding had it: the `'` that keeps a spreadsheet from running `=…` removed.
    static func unneutralised(_ s: String) -> String {
        guard s.hasPrefix("'"), let second = s.dropFirst().first, "=+-@\t\r".contains(second) else { return s }
        return String(s.dropFirst())
    }

    /// How the reports name the previous upload: the date of its run and its folder.
    static func label(_ folder: String) -> String {
        let name = (folder as NSString).standardizingPath.split(separator: "/").last.map(String.init) ?? folder
        let manifest = (folder as NSString).appendingPathComponent("manifest.json")
        guard let data = FileManager.default.contents(atPath: manifest),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let time = object["time"] as? String, time.count >= 10 else { return name }
        return "\(time.prefix(10)) (\(name))"
    }
}
