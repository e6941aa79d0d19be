import Foundation
import MMModel

/// One output file as listed in the audit log's `emit` line and in `manifest.json`.
struct WrittenFile: Sendable {
    var name: String
    var sha256: String
    /// Data rows (CSV, SQLite: all tables); nil for files that are not tables.
    var rows: Int?
    var bytes: Int

    var json: JSONValue {
        .object(["name": .string(name), "sha256": .string(sha256), "rows": .optionalInt(rows), "bytes": .int(bytes)])
    }
}

/// One write of the outputs into the temporary folder (SPEC 7), in a fixed order:
/// tables (CSV + SQLite), dataset.sqlite, define.json, report.html, audit.jsonl, manifest.json.
struct EmitRun {
    let output: RunOutput
    let pseudonyms: Pseudonymizer
    let directory: String
    let mode: EmitMode
    let time: String

    /// `USUBJID`s of the patients findings and audit entries name, a few thousand at a time.
    private var usubjids: PseudonymCache
    /// `--key-map`: every patient named (nil: no key map asked for).
    private let keyMap: KeyMapStore?
    private(set) var written: [WrittenFile] = []

    /// The dataset tables, already written patient by patient (dataset mode).
    private let tables: DatasetTableSet?

    init(output: RunOutput, pseudonyms: Pseudonymizer, directory: String, mode: EmitMode, time: String,
         tables: DatasetTableSet?, keyMap: KeyMapStore?, cacheCapacity: Int) {
        self.output = output
        self.pseudonyms = pseudonyms
        self.directory = directory
        self.mode = mode
        self.time = time
        self.tables = tables
        self.keyMap = keyMap
        usubjids = PseudonymCache(pseudonyms, capacity: cacheCapacity)
    }

    /// Patients in `USUBJID` order (then in the order given), with their identity columns.
    static func order(_ keys: [PatientKey], pseudonyms: Pseudonymizer)
        -> [(context: PatientContext, index: Int)] {
        var list: [(context: PatientContext, index: Int)] = []
        list.reserveCapacity(keys.count)
        for (i, key) in keys.enumerated() {
            list.append((PatientContext(studyID: pseudonyms.studyID, siteID: key.site, usubjid: pseudonyms.usubjid(key)), i))
        }
        return list.sorted { ($0.context.usubjid, $0.index) < ($1.context.usubjid, $1.index) }
    }

    /// A finding's patient, when it names one (noted for the key map).
    mutating func usubjid(of f: Finding) -> String? {
        guard !f.subjectID.isEmpty else { return nil }
        let key = PatientKey(site: f.siteID, patientID: f.subjectID)
        keyMap?.add(key)
        return usubjids.usubjid(key)
    }

    mutating func writeAll() throws(EmitError) {
        var loader: SQLiteLoader?
        let arms = !output.options.arms.isEmpty
        do throws(EmitError) {
            if let tables {
                // The spools are complete: the store is filled while the CSVs are flushed and fsynced.
                loader = SQLiteLoader(path: directory + "/dataset.sqlite", schemas: Tables.datasetSchemas(arms: arms),
                                      tables: tables.spools)
                written += try tables.finish()
            }
            let findings = try TableWriter(Tables.findings, directory: directory, sqlite: tables != nil)
            try output.allFindings.forEachSorted { f throws(EmitError) in
                try findings.append(FindingRow(f, usubjid: usubjid(of: f)))
            }
            // Resolved queries last, as they were in the previous upload (SPEC 10).
            for f in output.comparison?.resolved ?? [] { try findings.append(FindingRow(f, usubjid: usubjid(of: f))) }
            written.append(try findings.finish())
            var last = [findings.spool]
            if tables != nil {
                let attrition = try TableWriter(Tables.attrition, directory: directory, sqlite: true)
                try attrition.append(contentsOf: Attrition.steps(output))
                written.append(try attrition.finish())
                last.append(attrition.spool)
            }
            // The report is rendered while dataset.sqlite is being filled; it is written after
            // it, in the listed order.
            let report = Array(SiteReport.render(output).utf8)
            if let running = loader {
                loader = nil
                let store = try running.finish(last: last.compactMap { $0 })
                written.append(WrittenFile(name: "dataset.sqlite", sha256: store.sha256, rows: store.rows, bytes: store.bytes))
                try writeWhole("define.json", DataDictionary.defineJSON(toolVersion: output.toolVersion, arms: arms).pretty())
            }
            try writeWhole("report.html", report)
        } catch {
            loader?.cancel()
            throw error
        }
        try writeSitePackages()
        try writeAudit()
        try writeManifest()
    }

    /// `sites/<SITEID>/findings.csv` and `sites/<SITEID>/report.html` (SPEC 7): one folder
    /// per site, holding only that site's queries (ERRORs first) and report, written from one
    /// merge of the sorted findings, one site at a time (SPEC 8).
    private mutating func writeSitePackages() throws(EmitError) {
        let packages = SitePackages(output, directory: directory)
        try packages.forEachSite { (queries: SiteQueries) throws(EmitError) in
            let site = queries.site
            let folder = "sites/" + SitePackages.folderName(site)
            do {
                try FileManager.default.createDirectory(atPath: directory + "/" + folder, withIntermediateDirectories: true)
            } catch {
                throw .cannotWrite(path: directory + "/" + folder, reason: "cannot create the folder (\(error.localizedDescription))")
            }
            // The site's queries, then those it resolved since the previous upload (SPEC 10).
            let findings = try TableWriter(Tables.findings, directory: directory, sqlite: false, name: folder + "/findings.csv")
            try queries.bySeverity.forEachSorted { (f: Finding) throws(EmitError) in try findings.append(FindingRow(f, usubjid: nil)) }
            for f in output.comparison?.resolved ?? [] where f.siteID == site { try findings.append(FindingRow(f, usubjid: nil)) }
            written.append(try findings.finish())
            let report = try OutputFile(directory: directory, name: folder + "/report.html")
            var failure: EmitError?
            packages.report(queries) { part in
                do throws(EmitError) { try report.write(part) } catch { failure = failure ?? error }
            }
            if let failure { throw failure }
            let hash = try report.finish()
            written.append(WrittenFile(name: folder + "/report.html", sha256: hash, rows: nil, bytes: report.byteCount))
        }
    }

    private mutating func writeWhole(_ name: String, _ bytes: [UInt8], rows: Int? = nil) throws(EmitError) {
        let file = try OutputFile(directory: directory, name: name)
        try file.write(bytes)
        let hash = try file.finish()
        written.append(WrittenFile(name: name, sha256: hash, rows: rows, bytes: file.byteCount))
    }

    // MARK: Audit log and manifest

    /// Inputs with their SHA-256, hashed once for the audit log and the manifest.
    private var inputsListed: [JSONValue]?

    private mutating func inputJSON() -> [JSONValue] {
        if let inputsListed { return inputsListed }
        let list: [JSONValue] = output.inputs.map { input in
            let digest = Digest.sha256Hex(ofFile: input.path)
            return .object([
                "path": .string(input.path), "name": .string(input.name), "format": .string(input.format),
                "encoding": .string(input.encoding), "tables": .array(input.tables.map { .string($0) }),
                "rows": .int(input.rows), "rejected": .int(input.rejectedRows), "bytes": .int(input.bytes),
                "site": input.site.map { .string($0) } ?? .null,
                "sha256": digest.map { .string($0.hex) } ?? .null,
            ])
        }
        inputsListed = list
        return list
    }

    private var pipelineJSON: JSONValue {
        .object(["path": .string(output.pipelinePath), "sha256": .string(Digest.sha256Hex(output.pipelineBytes))])
    }

    private var toolName: String { "mmpipe \(output.toolVersion)" }

    private mutating func writeAudit() throws(EmitError) {
        let file = try OutputFile(directory: directory, name: "audit.jsonl")
        let log = AuditLog(file: file, time: time)
        let pipelineHash = Digest.sha256Hex(output.pipelineBytes)
        try log.append(action: "ingest", usubjid: "", source: output.pipelinePath, field: "pipeline",
                       after: "\(toolName); pipeline sha256 \(pipelineHash); \(output.inputs.count) input file(s)",
                       rule: "SPEC 7",
                       extra: ["tool": .string(toolName), "pipeline": pipelineJSON, "inputs": .array(inputJSON())])
        // SPEC 7: the rule set behind every derived value, named once per run; the trace of one
        // patient's values is `mmpipe explain`, re-derived from the inputs this log pins.
        let derived = output.patients.patients, population = output.patients.analysed
        try log.append(action: "derive", usubjid: "", source: "RULES.md", field: "rules",
                       after: "\(rulesCitation); pipeline sha256 \(pipelineHash); \(derived) patient(s) derived, \(population) in the analysis population",
                       rule: "SPEC 7",
                       extra: ["rules": .object(["rules_md_version": .int(rulesVersion),
                                                 "pipeline_sha256": .string(pipelineHash)])])
        // Run-level entries, then each patient's in USUBJID order (the pipeline lists them so),
        // a chunk at a time: formatted in parallel a window of segments at a time, chained in order.
        var seq = log.seq + 1
        try output.forEachAuditChunk { (chunk: [AuditEntry]) throws(EmitError) in
            let formatter = AuditFormatter(entries: chunk, pseudonyms: pseudonyms, time: time)
            let segments = formatter.segments
            let window = 4
            for w in stride(from: 0, to: segments.count, by: window) {
                let part = Array(segments[w..<min(w + window, segments.count)])
                var firsts: [Int] = []
                for s in part {
                    firsts.append(seq)
                    seq += s.count
                }
                for block in formatter.format(part, firstSeq: firsts) {
                    try log.appendFormatted(block)
                    if let keyMap { for k in block.keys { keyMap.add(k) } }
                }
            }
        }
        let listed = written
        try log.append(action: "emit", usubjid: "", source: "", field: "outputs",
                       after: listed.map { "\($0.name) \($0.rows.map(String.init) ?? "-") rows" }.joined(separator: "; "),
                       rule: "SPEC 7", extra: ["outputs": .array(listed.map(\.json))])
        let hash = try file.finish()
        written.append(WrittenFile(name: "audit.jsonl", sha256: hash, rows: log.seq, bytes: file.byteCount))
    }

    private mutating func writeManifest() throws(EmitError) {
        var tables: [String: JSONValue] = [:]
        for t in Set(output.readRows.keys).union(output.rejectedRows.keys) {
            tables[t] = .object(["read": .int(output.readRows[t] ?? 0), "rejected": .int(output.rejectedRows[t] ?? 0)])
        }
        let manifest = JSONValue.object([
            "tool": .object(["name": .string("mmpipe"), "version": .string(output.toolVersion)]),
            "study_id": .string(output.options.studyID),
            "mode": .string(mode == .dataset ? "dataset" : "validation"),
            "time": .string(time),
            "pipeline": pipelineJSON,
            "data_cutoff": output.dataCutoff.map { .string($0.iso) } ?? .null,
            "rules": .object(["file": .string("RULES.md"), "version": .int(rulesVersion)]),
            "pseudonym_key": .object(["source": .string(output.keySource.rawValue),
                                      "warning": output.keySource.warning.map { .string($0) } ?? .null]),
            "inputs": .array(inputJSON()),
            "input_tables": .object(tables),
            "patients": .int(output.patients.patients),
            "analysis_population": .int(output.patients.analysed),
            "outputs": .array(written.map(\.json)),
        ])
        try writeWhole("manifest.json", manifest.pretty())
    }

    // MARK: Key map

    /// `--key-map FILE`: `SITEID,SUBJID,USUBJID` for every patient named anywhere in the
    /// outputs (derived, or only in findings and the audit log), sorted by site and ID (SPEC 7).
    mutating func writeKeyMap(to path: String) throws(EmitError) {
        let file = try OutputFile(path: path)
        var bytes = CSVEncoder.record(["SITEID", "SUBJID", "USUBJID"])
        try keyMap?.forEachSorted { (k: PatientKey) throws(EmitError) in
            bytes += CSVEncoder.record([k.site, k.patientID, usubjids.usubjid(k)].map(CSVEncoder.neutralised))
            if bytes.count >= 1 << 20 {
                try file.write(bytes)
                bytes.removeAll(keepingCapacity: true)
            }
        }
        try file.write(bytes)
        _ = try file.finish()
    }
}
