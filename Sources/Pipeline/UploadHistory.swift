import Foundation
import MMIngest
import MMModel

/// Queries across uploads (SPEC 10, `--since PREVIOUS_OUT`): this upload's findings matched to
/// the previous upload's `findings.csv` by their stable key (`Finding.trackingKey`: rule, site,
/// subject, table, field and the row's own identity, never its line). A finding is `OPEN` when
/// the previous upload had it too, `NEW` otherwise; a previous one with no match is `RESOLVED`
/// and listed as it was. Keys are matched as a multiset: two alike findings need two.
enum UploadHistory {
    /// Sets the status of each finding and returns the previous upload's resolved ones.
    static func compare(_ findings: inout [Finding], previousFolder: String) throws(PipelineError) -> UploadComparison {
        let previous = try read(previousFolder)
        var waiting: [String: [Int]] = [:]
        for (i, f) in previous.enumerated() { waiting[f.trackingKey, default: []].append(i) }
        var matched = Set<Int>()
        for i in findings.indices {
            let key = findings[i].trackingKey
            guard var queue = waiting[key], !queue.isEmpty else { findings[i].status = .new; continue }
            matched.insert(queue.removeFirst())
            waiting[key] = queue
            findings[i].status = .open
        }
        let resolved = previous.indices.filter { !matched.contains($0) }.map { i -> Finding in
            var f = previous[i]
            f.status = .resolved
            return f
        }.sorted()
        return UploadComparison(previous: label(previousFolder), resolved: resolved)
    }

    /// The previous upload's open findings (its `RESOLVED` rows were already closed).
    static func read(_ folder: String) throws(PipelineError) -> [Finding] {
        let path = (folder as NSString).appendingPathComponent("findings.csv")
        guard FileManager.default.isReadableFile(atPath: path) else { throw .since(path: path) }
        var log = StageLog()
        var out: [Finding] = []
        var usable = true
        _ = CSVFileReader(path: path).read(log: &log) { row in
            func cell(_ name: String) -> String? { row.string(named: name).map(unneutralised) }
            guard let rule = cell("RULEID"), let rowKey = cell("ROWKEY") else { usable = false; return }
            if cell("STATUS") == FindingStatus.resolved.rawValue { return }
            let severity = Severity(rawValue: cell("SEVERITY") ?? "") ?? .info
            var f = Finding(siteID: cell("SITEID") ?? "", subjectID: cell("SUBJID") ?? "",
                            table: cell("TABLE").flatMap(TableName.init(rawValue:)),
                            location: FindingLocation(source: cell("SOURCE") ?? ""), field: cell("FIELD") ?? "",
                            value: cell("VALUE") ?? "", rule: Rule.read(id: rule, severity: severity), severity: severity,
                            message: cell("MESSAGE") ?? "")
            f.rowKey = rowKey
            out.append(f)
        }
        guard usable, log.findings.isEmpty else { throw .since(path: path) }
        return out
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
