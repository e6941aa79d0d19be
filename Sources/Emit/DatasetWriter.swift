import Foundation
import MMModel

/// Everything a run produced, ready to be written (SPEC 7).
public struct RunOutput: Sendable {
    public var options: PipelineOptions
    public var toolVersion: String
    public var pipelinePath: String
    public var pipelineBytes: [UInt8]
    public var inputs: [InputFileSummary]
    /// Sorted by patient key. A streaming run gives none (its rows are already written) and
    /// counts its patients in `patients`.
    public var derivations: [PatientDerivation] {
        didSet { patients = PatientTally(derivations) }
    }
    /// What the outputs need of the patients (counts per site, keys): counted from
    /// `derivations` whenever they are set; a streaming run sets it after them.
    public var patients: PatientTally
    /// Every finding of every stage (in any order: Emit sorts them), when `findingStore` is nil.
    public var findings: [Finding]
    /// The findings of a streaming run, collected without holding them all (SPEC 8).
    public var findingStore: FindingStore?
    /// Run-level audit entries (ingest and mapping, in processing order), then `auditTrail`'s.
    public var audit: [AuditEntry]
    /// The patients' audit entries of a streaming run, in `USUBJID` order, held without
    /// holding them all (SPEC 8); nil: every entry is in `audit`.
    public var auditTrail: AuditTrail?
    /// Rows read and rejected per table.
    public var readRows: [String: Int]
    public var rejectedRows: [String: Int]
    /// `--since`: this upload's findings against the previous upload's (SPEC 10).
    public var comparison: UploadComparison?
    /// Where the pseudonym key came from (SPEC 7: a run without a key says so in
    /// `manifest.json` and `report.html`).
    public var keySource: PseudonymKeySource = .environment
    /// The data cutoff the run used (SPEC 4.3), recorded in `manifest.json`.
    public var dataCutoff: Day?

    public init(options: PipelineOptions, toolVersion: String, pipelinePath: String, pipelineBytes: [UInt8],
                inputs: [InputFileSummary], derivations: [PatientDerivation], findings: [Finding], audit: [AuditEntry],
                readRows: [String: Int], rejectedRows: [String: Int]) {
        self.options = options
        self.toolVersion = toolVersion
        self.pipelinePath = pipelinePath
        self.pipelineBytes = pipelineBytes
        self.inputs = inputs
        self.derivations = derivations
        patients = PatientTally(derivations)
        self.findings = findings
        self.audit = audit
        self.readRows = readRows
        self.rejectedRows = rejectedRows
    }

    /// Every audit entry, `audit` then `auditTrail`'s, a chunk at a time.
    func forEachAuditChunk<E: Error>(_ body: ([AuditEntry]) throws(E) -> Void) throws(E) {
        if !audit.isEmpty { try body(audit) }
        try auditTrail?.forEachChunk(body)
    }

    /// The findings to write and report, sorted on demand.
    var allFindings: FindingStore { findingStore ?? FindingStore(findings) }
}

/// Where the HMAC key of the pseudonyms came from (SPEC 7).
public enum PseudonymKeySource: String, Sendable {
    /// `MMPIPE_STUDY_KEY`.
    case environment = "MMPIPE_STUDY_KEY"
    /// The pipeline file's `key_file`.
    case keyFile = "key_file"
    /// Neither: a random key for this run only; `USUBJID` differ on the next run.
    case random

    /// The sentence the manifest and the report carry when there is no study key.
    public var warning: String? {
        self == .random
            ? "No study key: MMPIPE_STUDY_KEY is not set and the pipeline file names no key_file, so the pseudonyms (USUBJID) come from a random key for this run only and will differ on the next run."
            : nil
    }
}

/// What to write: the whole dataset (`run`) or findings and report only (`validate`).
public enum EmitMode: Sendable { case dataset, validationOnly }

/// Writes the outputs of SPEC 7 atomically into `outDirectory`: everything goes into a
/// sibling `<out>.tmp-<pid>` folder, each file is fsynced, and the folder is swapped into
/// place (old `out` renamed aside, new one renamed in, old removed), so a failed run leaves
/// the previous output untouched and no half-written files. Same `RunOutput`, key and
/// `SOURCE_DATE_EPOCH` → byte-identical files, SQLite included.
public struct DatasetWriter: Sendable {
    public var outDirectory: String
    public var mode: EmitMode
    /// `SOURCE_DATE_EPOCH` for audit timestamps; nil → now.
    public var sourceDateEpoch: Int?
    /// HMAC key for pseudonyms (SPEC 7).
    public var studyKey: [UInt8]
    /// `--key-map FILE`.
    public var keyMapPath: String?
    /// When the run started (Unix seconds), for audit times without `SOURCE_DATE_EPOCH`;
    /// nil → when `write(_:)` begins.
    public var runStartTime: Int?
    /// Memory knobs (SPEC 8; tests make them tiny): `USUBJID`s held at once by Emit, and
    /// `--key-map` patients held before a sorted run is spilled.
    var usubjidCacheCapacity = 4096
    var keyMapRunLength = 65_536

    public init(outDirectory: String, mode: EmitMode, sourceDateEpoch: Int?, studyKey: [UInt8], keyMapPath: String?) {
        self.outDirectory = outDirectory
        self.mode = mode
        self.sourceDateEpoch = sourceDateEpoch
        self.studyKey = studyKey
        self.keyMapPath = keyMapPath
    }

    /// The output files of a mode, in the order they are written and listed (`audit.jsonl`
    /// and `manifest.json` come last).
    public static func outputNames(_ mode: EmitMode) -> [String] {
        switch mode {
        case .dataset:
            return Tables.datasetSchemas.map(\.fileName)
                + ["dataset.sqlite", "define.json", "report.html", "audit.jsonl", "manifest.json"]
        case .validationOnly:
            return ["findings.csv", "report.html", "audit.jsonl", "manifest.json"]
        }
    }

    /// Writes every output of `output` (its derivations in `USUBJID` order).
    public func write(_ output: RunOutput) throws(EmitError) {
        let session = try begin(studyID: output.options.studyID, arms: !output.options.arms.isEmpty)
        for p in EmitRun.order(output.derivations.map(\.key), pseudonyms: session.pseudonyms) {
            try session.write(output.derivations[p.index], usubjid: p.context.usubjid)
        }
        try session.finish(output)
    }

    /// Starts a streaming write (SPEC 8): the temporary folder is prepared and the dataset
    /// tables opened; patients are then written one by one in `USUBJID` order with
    /// `DatasetSession.write`, and `finish` writes the rest and swaps the folder into place.
    /// `arms`: the pipeline file compares arms (ADSL gets its arm columns).
    public func begin(studyID: String, arms: Bool = false) throws(EmitError) -> DatasetSession {
        try DatasetSession(self, studyID: studyID, arms: arms)
    }

    static func trimSlashes(_ path: String) -> String {
        var p = path
        while p.count > 1, p.hasSuffix("/") { p.removeLast() }
        return p.isEmpty ? "." : p
    }
}

/// One streaming write of the outputs into `<out>.tmp-<pid>` (SPEC 7: atomic). A failed write
/// removes the temporary folder and leaves the previous output untouched.
public final class DatasetSession {
    let writer: DatasetWriter
    public let pseudonyms: Pseudonymizer
    private let out: String
    private let tmp: String
    private let pid: Int32
    private let keyMapTmp: String?
    private let time: String
    private let tables: DatasetTableSet?
    /// `--key-map`: the patients named so far (nil without a key map).
    private let keyMap: KeyMapStore?
    private var open = true

    init(_ writer: DatasetWriter, studyID: String, arms: Bool) throws(EmitError) {
        self.writer = writer
        pseudonyms = Pseudonymizer(studyID: studyID, key: writer.studyKey)
        time = AuditLog.isoTime(epochSeconds: writer.sourceDateEpoch ?? writer.runStartTime ?? Int(Date().timeIntervalSince1970))
        out = DatasetWriter.trimSlashes(writer.outDirectory)
        pid = getpid()
        tmp = "\(out).tmp-\(pid)"
        try AtomicFolder.checkReplaceable(out, mode: writer.mode)
        if let keyMapPath = writer.keyMapPath {
            try AtomicFolder.checkOutside(keyMapPath, folder: out)
            try AtomicFolder.checkKeyMapReplaceable(keyMapPath)
        }
        try AtomicFolder.prepare(tmp)
        let pid = pid
        keyMapTmp = writer.keyMapPath.map { "\($0).tmp-\(pid)" }
        keyMap = writer.keyMapPath == nil ? nil : KeyMapStore(directory: tmp, runLength: writer.keyMapRunLength)
        do throws(EmitError) {
            tables = writer.mode == .dataset ? try DatasetTableSet(directory: tmp, arms: arms) : nil
        } catch {
            try? FileManager.default.removeItem(atPath: tmp)
            throw error
        }
    }

    /// Where the run may put its temporary files (unlinked at once: they never show in the outputs).
    public var scratchDirectory: String { tmp }

    /// Writes one patient's dataset rows (nothing in validation mode) and notes him for the
    /// key map. Patients come in `USUBJID` order.
    public func write(_ derivation: PatientDerivation, usubjid: String) throws(EmitError) {
        keyMap?.add(derivation.key)
        guard let tables else { return }
        do throws(EmitError) {
            try tables.write(PatientContext(studyID: pseudonyms.studyID, siteID: derivation.key.site, usubjid: usubjid),
                             derivation)
        } catch {
            abandon()
            throw error
        }
    }

    /// Writes findings, `dataset.sqlite`, `define.json`, the report, the audit log and the
    /// manifest from `output` (whose derivations need not hold the rows already written), then
    /// swaps the folder into place.
    public func finish(_ output: RunOutput) throws(EmitError) {
        do throws(EmitError) {
            var run = EmitRun(output: output, pseudonyms: pseudonyms, directory: tmp, mode: writer.mode, time: time, tables: tables,
                              keyMap: keyMap, cacheCapacity: writer.usubjidCacheCapacity)
            try run.writeAll()
            if let keyMapTmp, let keyMapPath = writer.keyMapPath {
                do { try run.writeKeyMap(to: keyMapTmp) } catch {
                    throw .cannotWriteKeyMap(path: keyMapPath, reason: error.reason)
                }
            }
            try AtomicFolder.syncDirectory(tmp)
            try AtomicFolder.swap(tmp, into: out, pid: pid)
            open = false
            if let keyMapTmp, let keyMapPath = writer.keyMapPath {
                guard rename(keyMapTmp, keyMapPath) == 0 else {
                    throw .cannotWriteKeyMap(path: keyMapPath, reason: String(cString: strerror(errno)))
                }
            }
        } catch {
            abandon()
            throw error
        }
    }

    /// Removes what was written (a run that cannot go on).
    public func abandon() {
        if open { try? FileManager.default.removeItem(atPath: tmp) }
        open = false
        if let keyMapTmp { try? FileManager.default.removeItem(atPath: keyMapTmp) }
    }
}

/// The error of the emit stage: outputs that cannot be written.
public enum EmitError: Error, CustomStringConvertible, Sendable {
    case cannotWrite(path: String, reason: String)
    /// Two derived rows share a natural key (e.g. two lines numbered 2 for one patient): a
    /// defect of the derivation, never of the site's data.
    case duplicateKey(table: String, reason: String)
    /// The output or key-map location is unsafe (a foreign folder, the key map inside the dataset).
    case refused(path: String, reason: String)
    /// The `--key-map` file cannot be written (its folder is missing or read-only).
    case cannotWriteKeyMap(path: String, reason: String)

    /// The cause alone, without the advice.
    var reason: String {
        switch self {
        case .cannotWrite(_, let r), .refused(_, let r), .duplicateKey(_, let r), .cannotWriteKeyMap(_, let r): return r
        }
    }

    public var description: String {
        switch self {
        case .cannotWrite(let p, let r): return "Cannot write '\(p)': \(r). Check the --out folder is writable and has space."
        case .refused(let p, let r): return "Will not write '\(p)': \(r)."
        case .cannotWriteKeyMap(let p, let r): return "Cannot write the --key-map file '\(p)': \(r). Check that its folder exists and is writable (it is not the --out folder)."
        case .duplicateKey(let t, let r):
            return "Two rows of \(t) have the same key (\(r)); this is a defect of mmpipe's derivations, not of the data: the previous output was kept; please report it with the inputs' audit log."
        }
    }
}
