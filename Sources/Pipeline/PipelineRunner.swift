import Foundation
import MMEmit
import MMIngest
import MMMap
import MMModel
import MMValidate
import MMDerive
import MMStore

/// The tool's version, written to the manifest and the audit log.
public let mmpipeVersion = "0.1.0"

/// What to write (re-exported so the command line needs only this module).
public typealias EmitMode = MMEmit.EmitMode
/// Where the pseudonym key came from (re-exported).
public typealias PseudonymKeySource = MMEmit.PseudonymKeySource

/// What `mmpipe run` / `mmpipe validate` were asked to do.
public struct PipelineRequest: Sendable {
    public var inputs: [String]
    public var pipelinePath: String
    public var outDirectory: String
    public var mode: EmitMode
    public var keyMapPath: String?
    /// `SOURCE_DATE_EPOCH`: fixes timestamps only, never a clinical result (SPEC 4.3).
    public var sourceDateEpoch: Int?
    /// The day of the run: the data cutoff when the pipeline file gives no `data_cutoff`
    /// (SPEC 4.3); nil → the clock's today. A seam for tests, never `SOURCE_DATE_EPOCH`.
    public var runDate: Day?
    /// `MMPIPE_STUDY_KEY` bytes, when set.
    public var studyKey: [UInt8]?
    /// Progress lines on stderr.
    public var showProgress: Bool
    /// `--store postgresql://…`: the PostgreSQL store the dataset is loaded into after it is
    /// written (SPEC 10); overrides the pipeline file's `store:`.
    public var store: String?
    /// `--since PREVIOUS_OUT`: the previous upload's output folder, whose findings this run's
    /// are matched against (SPEC 10).
    public var since: String?

    public init(inputs: [String], pipelinePath: String, outDirectory: String, mode: EmitMode,
                keyMapPath: String? = nil, sourceDateEpoch: Int? = nil, runDate: Day? = nil, studyKey: [UInt8]? = nil,
                showProgress: Bool = false, store: String? = nil, since: String? = nil) {
        self.inputs = inputs
        self.pipelinePath = pipelinePath
        self.outDirectory = outDirectory
        self.mode = mode
        self.keyMapPath = keyMapPath
        self.sourceDateEpoch = sourceDateEpoch
        self.runDate = runDate
        self.studyKey = studyKey
        self.showProgress = showProgress
        self.store = store
        self.since = since
    }
}

/// Counts of a finished run, for the command line's closing line and exit status.
public struct RunSummary: Sendable {
    public var patients: Int
    public var analysisPopulation: Int
    public var rowsRead: Int
    public var rowsRejected: Int
    public var errors: Int
    public var warnings: Int
    public var infos: Int
    public var warningsAboutKey: [String]
    /// Why the analysis population is empty (SPEC 3: `run` then exits 1 with this reason); nil
    /// when it holds a patient.
    public var emptyPopulationReason: String?
    /// The load into the network's store, when one was asked for.
    public var store: StoreLoad?
    /// `--since`: "since the upload of …: 12 resolved, 3 new, 40 still open".
    public var sinceLine: String?
}

/// Runs the stages ingest → map → validate → derive → emit (SPEC 2).
public struct PipelineRunner: Sendable {
    /// Encoded records held in memory before partitions spill to disk (SPEC 8: flat memory).
    /// 16 MB: the reading's share of the peak; what is still held when reading ends is spilled
    /// too (`PartitionStore.spillRemainder`), as it would stay until the last group is derived.
    var partitionBudget = 16 << 20
    /// Encoded records per group of partitions derived together.
    var groupBytes = 2 << 20

    public init() {}

    public func run(_ request: PipelineRequest) throws(PipelineError) -> RunSummary {
        let progress = Progress(enabled: request.showProgress)
        let pipeline: PipelineFile
        do { pipeline = try PipelineFile.load(path: request.pipelinePath) } catch { throw .pipelineFile(error) }
        // The store is checked before the run, used after it (a validate loads nothing).
        let storeURL = request.mode == .dataset ? request.store ?? pipeline.store : nil
        if let url = storeURL, !PostgresStore.isStoreURL(url) { throw .store(.notAStoreURL(url)) }
        let given: [InputFile]
        do { given = try InputDiscovery.discover(request.inputs) } catch { throw .input(error) }
        let (files, repeatedFiles) = DistinctInputs.split(given)
        let (key, keyWarnings, keySource) = try Self.studyKey(request, pipeline: pipeline)
        let writer = DatasetWriter(outDirectory: request.outDirectory, mode: request.mode,
                                   sourceDateEpoch: request.sourceDateEpoch, studyKey: key,
                                   keyMapPath: request.keyMapPath)
        let session: DatasetSession
        do { session = try writer.begin(studyID: pipeline.options.studyID, arms: !pipeline.options.arms.isEmpty) } catch {
            throw .emit(error)
        }

        // Ingest + map, one task per file: each row goes to its patient's partition.
        progress.say("reading \(files.count) file(s)")
        let router = PatientRouter(pseudonyms: session.pseudonyms)
        let store = PartitionStore(budget: partitionBudget, spillDirectory: session.scratchDirectory)
        var (inputs, log) = Self.partition(files, pipeline: pipeline, store: store, router: router)
        log.findings += repeatedFiles
        FileSites.attributeByPrefix(inputs: &inputs, findings: &log.findings, knownSites: router.sites)
        let groups = router.groups(targetBytes: groupBytes, size: store.size(of:))
        store.spillRemainder()
        progress.say("validating, deriving and writing \(groups.count) group(s) of patients (\(store.spilledBytes >> 20) MB spilled)")

        // Validate, derive and emit, group by group in USUBJID order: the groups are derived on
        // every core while this thread writes the ones that are ready, then frees them.
        let runDate = request.runDate ?? Self.today()
        let cutoff = DataCutoff.day(pipeline.options, runDate: runDate)
        let validator = Validator(options: pipeline.options, today: cutoff, runDate: runDate)
        let deriver = PatientDeriver(options: pipeline.options)
        let pseudonyms = session.pseudonyms
        var patients = PatientTally()
        let findings = FindingStore(directory: session.scratchDirectory)
        findings.append(contentsOf: log.findings)
        log.findings = []
        // The patients' audit entries follow the run-level ones, spilled as they come (SPEC 8).
        let trail = AuditTrail(directory: session.scratchDirectory)
        var emitError: EmitError?
        orderedStream(count: groups.count, workers: ProcessInfo.processInfo.activeProcessorCount, ahead: 4,
                      produce: { g in
                          Self.derive(groups[g], store: store, validator: validator, deriver: deriver, pseudonyms: pseudonyms)
                      },
                      consume: { _, derived in
                          log.merge(Self.handOver(derived, to: findings, trail, validator: validator))
                          for (usubjid, derivation) in derived.patients {
                              do throws(EmitError) { try session.write(derivation, usubjid: usubjid) } catch {
                                  emitError = error
                                  return false
                              }
                              findings.append(contentsOf: derivation.findings)
                              patients.add(derivation)
                          }
                          return true
                      })
        if let emitError { throw .emit(emitError) }

        // Emit what needs the whole run: findings, dataset.sqlite, report, audit log, manifest.
        // `--since` streams every finding, with its status, into a second store.
        var comparison: UploadComparison?
        var output = RunOutput(options: pipeline.options, toolVersion: mmpipeVersion, pipelinePath: pipeline.path,
                               pipelineBytes: pipeline.bytes, inputs: inputs, derivations: [],
                               findings: [], audit: log.audit, readRows: log.readRows,
                               rejectedRows: log.rejectedRows)
        output.findingStore = findings
        output.auditTrail = trail
        if let since = request.since {
            let compared = FindingStore(directory: session.scratchDirectory)
            comparison = try UploadHistory.compare(findings, previousFolder: since, into: compared)
            output.findingStore = compared
        }
        output.patients = patients
        output.comparison = comparison
        output.keySource = keySource
        output.dataCutoff = cutoff
        progress.say("writing \(request.outDirectory)")
        do { try session.finish(output) } catch { throw .emit(error) }
        var load: StoreLoad?
        if let url = storeURL {
            progress.say("loading the dataset into the store")
            do { load = try PostgresStore.load(runFolder: request.outDirectory, url: url) } catch { throw .store(error) }
        }
        progress.say("done")

        return RunSummary(
            patients: patients.patients,
            analysisPopulation: patients.analysed,
            rowsRead: log.readRows.values.reduce(0, +),
            rowsRejected: log.rejectedRows.values.reduce(0, +),
            errors: findings.errors,
            warnings: findings.warnings,
            infos: findings.infos,
            warningsAboutKey: keyWarnings,
            emptyPopulationReason: EmptyPopulation.reason(patients: patients.patients, analysed: patients.analysed,
                                                          options: pipeline.options),
            store: load,
            sinceLine: comparison.map { c in
                "since the upload of \(c.previous): \(c.resolved.count) resolved, \(c.new) new, \(c.open) still open"
            })
    }

    /// Hands a derived group's findings and audit entries to the run's spilling stores, each
    /// patient's exact copies (`DUP-002`) reported in their place in the audit trail, a chunk at
    /// a time (SPEC 8: never all held at once). Returns the group's log without them (its counts).
    static func handOver(_ derived: DerivedGroup, to findings: FindingStore, _ trail: AuditTrail,
                         validator: Validator) -> StageLog {
        var log = derived.log
        findings.append(contentsOf: log.findings)
        log.findings = []
        var from = 0
        for point in derived.copies {
            trail.append(contentsOf: Array(log.audit[from..<point.at]))
            validator.reportCopies(point.copies, key: point.key) { copyFindings, copyAudit in
                findings.append(contentsOf: copyFindings)
                trail.append(contentsOf: copyAudit)
            }
            from = point.at
        }
        trail.append(contentsOf: Array(log.audit[from...]))
        log.audit = []
        return log
    }

    /// What one group of partitions gave: its patients in `USUBJID` order and its log.
    struct DerivedGroup: Sendable {
        var patients: [(usubjid: String, derivation: PatientDerivation)]
        var log: StageLog
        /// Patients' exact copies (`DUP-002`), counted but not yet reported: each patient's
        /// findings and audit entries go before `log.audit[at]`, where his validation's begin.
        var copies: [(at: Int, key: PatientKey, copies: RowCopies)]
    }

    /// Groups, validates and derives the patients of some partitions (SPEC 2: per patient).
    static func derive(_ partitions: [Int], store: PartitionStore, validator: Validator, deriver: PatientDeriver,
                       pseudonyms: Pseudonymizer) -> DerivedGroup {
        var batch = RecordBatch()
        for p in partitions { store.take(p, into: &batch) }
        var log = StageLog()
        let records = RecordStore.group(batch, log: &log)
        batch = RecordBatch()
        // Audit entries go with their patient, so that the log's order is the patients' order
        // (USUBJID), whatever the grouping.
        var trails: [PatientKey: [AuditEntry]] = [:]
        var unkeyed: [AuditEntry] = []
        for entry in log.audit {
            if let key = entry.key { trails[key, default: []].append(entry) } else { unkeyed.append(entry) }
        }
        log.audit = []
        // Per validated patient: his copies, reported by the consumer, then his validation's entries.
        var validated: [PatientKey: (copies: RowCopies?, audit: [AuditEntry])] = [:]
        var patients: [(usubjid: String, derivation: PatientDerivation)] = []
        patients.reserveCapacity(records.count)
        for record in records {
            var patientLog = StageLog()
            let clean = validator.validate(record, log: &patientLog, deferringCopies: true)
            var derivation = deriver.derive(clean)
            validator.reconcile(&derivation, record: clean)
            Self.identifyRows(&patientLog.findings, &derivation.findings, record: record)
            validated[record.key] = (record.copies, patientLog.audit)
            patientLog.audit = []
            log.merge(patientLog)
            patients.append((pseudonyms.usubjid(record.key), derivation))
        }
        patients.sort { ($0.usubjid, $0.derivation.key) < ($1.usubjid, $1.derivation.key) }
        // Every trail in USUBJID order, those of rejected patients (rows without a patients row:
        // no record) included.
        var order = patients.map { (usubjid: $0.usubjid, key: $0.derivation.key) }
        let derived = Set(order.map(\.key))
        for key in trails.keys where !derived.contains(key) { order.append((pseudonyms.usubjid(key), key)) }
        order.sort { ($0.usubjid, $0.key) < ($1.usubjid, $1.key) }
        log.audit = unkeyed
        var copies: [(at: Int, key: PatientKey, copies: RowCopies)] = []
        for p in order {
            log.audit += trails[p.key] ?? []
            guard let v = validated[p.key] else { continue }
            if let c = v.copies { copies.append((log.audit.count, p.key, c)) }
            log.audit += v.audit
        }
        return DerivedGroup(patients: patients, log: log, copies: copies)
    }

    /// Ingest and map every file (one task per file), each row handed to its patient's
    /// partition as it is mapped; logs and summaries merged in file order.
    static func partition(_ files: [InputFile], pipeline: PipelineFile, store: PartitionStore, router: PatientRouter)
        -> (inputs: [InputFileSummary], log: StageLog) {
        let limits = ReadLimits(maxFieldBytes: pipeline.options.input.maxFieldBytes)
        let mapper = RecordMapper(pipeline: pipeline)
        let perFile = parallelMap(Array(files.enumerated())) { (index, file) in
            var writer = PartitionWriter(store: store, file: index, route: router.partition(of:))
            var sites = Set<String>()
            var (summary, _, fileLog) = Self.ingest(file, limits: limits, mapper: mapper) { batch in
                FileSites.addSites(of: batch, to: &sites)
                writer.add(&batch)
            }
            writer.flushAll()
            FileSites.attribute(file, rowSite: sites.count == 1 ? sites.first : nil, summary: &summary, log: &fileLog)
            return (summary, fileLog)
        }
        var log = StageLog()
        for (_, fileLog) in perFile { log.merge(fileLog) }
        return (perFile.map(\.0), log)
    }

    /// Ingest and map (SPEC 2): reads every file (one task per file), maps its rows to
    /// canonical records and groups them by patient, merging in file order.
    public static func loadRecords(_ files: [InputFile], pipeline: PipelineFile)
        -> (records: [PatientRecord], inputs: [InputFileSummary], log: StageLog) {
        loadRecords(files, pipeline: pipeline, progress: Progress(enabled: false))
    }

    static func loadRecords(_ files: [InputFile], pipeline: PipelineFile, progress: Progress)
        -> (records: [PatientRecord], inputs: [InputFileSummary], log: StageLog) {
        let limits = ReadLimits(maxFieldBytes: pipeline.options.input.maxFieldBytes)
        let mapper = RecordMapper(pipeline: pipeline)
        let perFile = parallelMap(files) { file in
            Self.ingest(file, limits: limits, mapper: mapper)
        }
        var log = StageLog()
        var batch = RecordBatch()
        var inputs: [InputFileSummary] = []
        // Each file's batch is released as soon as it is merged, so that the rows are held
        // twice for one file at a time at most (memory, SPEC 8).
        var pending = perFile
        for i in pending.indices {
            var (summary, fileBatch, fileLog) = pending[i]
            pending[i].1 = RecordBatch()
            FileSites.attribute(files[i], rowSite: FileSites.site(of: fileBatch), summary: &summary, log: &fileLog)
            inputs.append(summary)
            batch.append(fileBatch)
            log.merge(fileLog)
        }
        pending = []
        progress.say("grouping \(batch.labs.count) lab rows (\(MemoryLayout<LabResult>.stride) bytes each) by patient")
        // Exact copies set aside as a partition read sets them aside (DUP-002).
        let records = RecordStore.group(RecordCodec.foldingCopies(batch), log: &log)
        FileSites.attributeByPrefix(inputs: &inputs, findings: &log.findings, knownSites: Set(records.map(\.key.site)))
        return (records, inputs, log)
    }

    /// Rows of each table whose values are screened for identifier patterns (PHI-001).
    static let screenedRowsPerTable = 200
    /// Mapped records handed to `drain` at a time.
    static let drainRows = 4096

    /// Reads one file and maps its rows; PHI columns are screened per header before mapping.
    /// `drain`, when given, takes the mapped records every few thousand rows (and at the end),
    /// so that a file is never held whole.
    /// `chunkRows`: rows per chunk handed to the mapping thread (SPEC 8: a large table read on
    /// both cores; docs/performance.md); nil maps every row on the reader's thread (a seam for
    /// the tests that compare both).
    /// `select`, when given, is asked for each row once its header is screened, before the row is
    /// mapped: a row it refuses is counted as read and not mapped (`mmpipe explain`: one patient).
    static func ingest(_ file: InputFile, limits: ReadLimits, mapper: RecordMapper, chunkRows: Int? = RowChunk.rows,
                       drain: ((inout RecordBatch) -> Void)? = nil, select: ((RawRow, TableMapper) -> Bool)? = nil)
        -> (InputFileSummary, RecordBatch, StageLog) {
        var log = StageLog()
        var batch = RecordBatch()
        let (mapper, slashDates) = SlashDates.mapper(for: file, mapper)
        if let slashDates { log.add(slashDates) }
        let screen = IdentifierScreen()
        // Per distinct header: its compiled mapper, the columns flagged as identifiers and
        // how many rows have been screened for identifier values.
        var tables: [ObjectIdentifier: (mapper: TableMapper?, flagged: Set<Int>, screened: Int)] = [:]
        let reader = makeReader(for: file, limits: limits)
        var rowLog = StageLog()
        // Rows past the screening are mapped in chunks on a second thread (`MappingThread`) while
        // this one parses; the chunks come back in order and are merged as if mapped here.
        var chunk: RowChunk?
        var mapping: MappingThread?
        func absorb(_ results: [(batch: RecordBatch, log: StageLog)]) {
            for result in results {
                batch.append(result.batch)
                rowLog.merge(result.log)
                if let drain, batch.count >= Self.drainRows { drain(&batch) }
            }
        }
        func handOver() {
            guard let full = chunk else { return }
            chunk = nil
            if mapping == nil { mapping = MappingThread() }
            absorb(mapping!.submit(full))
        }
        func finishMapping() {
            handOver()
            guard let running = mapping else { return }
            mapping = nil
            absorb(running.drain())
            running.close()
        }
        func addToChunk(_ row: RawRow, mapper: TableMapper, chunkRows: Int) {
            if let open = chunk, !open.holds(row) { handOver() }
            if chunk == nil { chunk = RowChunk(mapper: mapper, first: row) }
            chunk!.append(row)
            if chunk!.count >= chunkRows { handOver() }
        }
        // The header of the rows being chunked, once settled with no identifier column: its rows
        // skip the per-header lookup (counted here, added to `readRows` at the end).
        var settled: (header: ColumnHeader, table: String, mapper: TableMapper, rows: Int)?
        let summary = reader.read(log: &log) { row in
            // (`settled` is read in place, not copied: this runs once per row.)
            if let chunkRows, let header = settled?.header, row.header === header, row.site == nil, row.subject == nil {
                settled!.rows += 1
                if let select, !select(row, settled!.mapper) { return }
                addToChunk(row, mapper: settled!.mapper, chunkRows: chunkRows)
                return
            }
            let id = ObjectIdentifier(row.header)
            var state: (mapper: TableMapper?, flagged: Set<Int>, screened: Int)
            var changed = false
            let cached = tables[id]
            let chunkable = row.site == nil && row.subject == nil
            // Screening and mapping on this thread come after every row handed over before.
            if !(chunkable && (cached?.screened ?? 0) >= screenedRowsPerTable), chunk != nil || mapping != nil {
                finishMapping()
            }
            if let cached {
                state = cached
            } else {
                let flagged = screen.screen(header: row.header, table: row.table, file: file, log: &rowLog)
                // Identifier columns already have their PHI-001 finding: no ING-010 beside it.
                let tableMapper = mapper.tableMapper(table: row.table, header: row.header, file: file,
                                                     excluding: flagged, firstRow: row.provenance, log: &rowLog)
                state = (tableMapper, flagged, 0)
                changed = true
            }
            if state.screened < screenedRowsPerTable {
                state.flagged.formUnion(screen.screenValues(row, skipping: state.flagged, file: file, log: &rowLog))
                state.screened += 1
                changed = true
            }
            if changed { tables[id] = state }
            rowLog.readRows[row.table, default: 0] += 1
            guard let tableMapper = state.mapper else {
                rowLog.rejectedRows[row.table, default: 0] += 1
                return
            }
            // Flagged identifier columns are emptied before mapping: their values reach no record.
            let redacted = screen.redacting(row, columns: state.flagged)
            if let select, !select(redacted, tableMapper) { return }
            if let chunkRows, chunkable, state.screened >= screenedRowsPerTable {
                // The header's screening is settled: this row maps alike wherever it is mapped.
                if state.flagged.isEmpty, settled == nil {
                    settled = (row.header, row.table, tableMapper, 0)
                }
                addToChunk(redacted, mapper: tableMapper, chunkRows: chunkRows)
                return
            }
            tableMapper.map(redacted, into: &batch, log: &rowLog)
            if let drain, batch.count >= Self.drainRows { drain(&batch) }
        }
        finishMapping()
        if let s = settled { rowLog.readRows[s.table, default: 0] += s.rows }
        drain?(&batch)
        // Rows the reader itself rejected (ragged, oversized, malformed) were read too.
        for (table, n) in log.rejectedRows { log.readRows[table, default: 0] += n }
        log.merge(rowLog)
        log.closeTallies()
        log.audit.insert(AuditEntry(action: .ingest, key: nil, table: summary.tables.joined(separator: "+"),
                                    source: summary.name, field: "", before: "",
                                    after: "\(summary.rows) rows, \(summary.encoding), delimiter '\(summary.delimiter)'",
                                    rule: "SPEC 4.1"), at: 0)
        return (summary, batch, log)
    }

    /// The pseudonym key (SPEC 7): `MMPIPE_STUDY_KEY`, else the pipeline file's `key_file`,
    /// else a run-scoped random key with a warning.
    static func studyKey(_ request: PipelineRequest, pipeline: PipelineFile) throws(PipelineError)
        -> (key: [UInt8], warnings: [String], source: PseudonymKeySource) {
        if let k = request.studyKey, !k.isEmpty { return (k, [], .environment) }
        if let file = pipeline.options.keyFile {
            let resolved = Self.resolve(file, relativeTo: pipeline.path)
            guard let data = FileManager.default.contents(atPath: resolved), !data.isEmpty else {
                throw .keyFile(path: resolved)
            }
            return ([UInt8](data), [], .keyFile)
        }
        return (Self.randomKey(), ["MMPIPE_STUDY_KEY is not set and the pipeline file names no key_file: pseudonyms (USUBJID) use a random key for this run only and will differ on the next run. Set MMPIPE_STUDY_KEY to the study's secret key."], .random)
    }

    /// Gives the findings of validation and derivation the identity of the row they are about
    /// (`RowIdentity`), found by the row they point at in the patient's record; map findings
    /// have it.
    static func identifyRows(_ a: inout [Finding], _ b: inout [Finding], record: PatientRecord) {
        let unnamed: (Finding) -> Provenance? = { $0.rowKey.isEmpty ? $0.location.provenance : nil }
        let asked = Set((a + b).lazy.compactMap(unnamed))
        guard !asked.isEmpty else { return }
        let rows = RowIdentity.byProvenance(asked, in: record)
        for i in a.indices { if let p = unnamed(a[i]) { a[i].rowKey = rows[p] ?? "" } }
        for i in b.indices { if let p = unnamed(b[i]) { b[i].rowKey = rows[p] ?? "" } }
    }

    static func today() -> Day {
        Day(rawValue: Int32(Int(Date().timeIntervalSince1970) / 86_400))
    }

    static func randomKey() -> [UInt8] {
        var g = SystemRandomNumberGenerator()
        return (0..<32).map { _ in UInt8.random(in: 0...255, using: &g) }
    }

    static func resolve(_ path: String, relativeTo pipelinePath: String) -> String {
        if path.hasPrefix("/") { return path }
        let dir = (pipelinePath as NSString).deletingLastPathComponent
        return (dir as NSString).appendingPathComponent(path)
    }
}

/// Progress lines on stderr, only when it is a terminal (SPEC 3).
/// Each line carries the seconds since the run started and the CPU seconds spent so far (user +
/// system, all threads), so a slow stage shows itself even on a loaded machine (SPEC 8).
struct Progress: Sendable {
    let enabled: Bool
    private let start = DispatchTime.now().uptimeNanoseconds

    init(enabled: Bool) { self.enabled = enabled }

    func say(_ message: String) {
        guard enabled else { return }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        let stamp = String(Int(seconds)) + "." + String(Int(seconds * 10) % 10)
        // Peak resident set so far (Linux: kilobytes).
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        let peak = usage.ru_maxrss / 1024
        let cpuTenths = (Int(usage.ru_utime.tv_sec) + Int(usage.ru_stime.tv_sec)) * 10
            + (Int(usage.ru_utime.tv_usec) + Int(usage.ru_stime.tv_usec)) / 100_000
        let cpu = String(cpuTenths / 10) + "." + String(cpuTenths % 10)
        FileHandle.standardError.write(Data("mmpipe: [\(stamp) s, \(cpu) CPU s, peak \(peak) MB] \(message)…\n".utf8))
    }
}

/// A run that cannot go on (SPEC 3: exit status 2). Each case is one sentence naming what to fix.
public enum PipelineError: Error, CustomStringConvertible, Sendable {
    case pipelineFile(PipelineFileError)
    case input(IngestError)
    case emit(EmitError)
    case keyFile(path: String)
    /// The dataset was written but could not be loaded into the store.
    case store(StoreError)
    /// `--since` names a folder without a readable `findings.csv` of this version.
    case since(path: String)

    public var description: String {
        switch self {
        case .pipelineFile(let e): return e.description
        case .input(let e): return e.description
        case .emit(let e): return e.description
        case .since(let p): return "--since: '\(p)' is missing, unreadable or not a findings.csv of this mmpipe version (it needs the ROWKEY column): give the --out folder of the previous mmpipe validate or run of the same study."
        case .store(let e): return "The dataset was written, but not loaded into the store: \(e)"
        case .keyFile(let p): return "The key file '\(p)' named by key_file in the pipeline file is missing or empty: create it or set MMPIPE_STUDY_KEY."
        }
    }
}
