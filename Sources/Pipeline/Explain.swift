import Foundation
import MMDerive
import MMEmit
import MMIngest
import MMMap
import MMModel
import MMValidate

/// What `mmpipe explain` was asked (SPEC 3).
public struct ExplainRequest: Sendable {
    /// `SITEID/SUBJID`, or a `USUBJID` (which needs the study key).
    public var patient: String
    /// Inputs; empty with `outDirectory` = the inputs that run's manifest names.
    public var inputs: [String]
    public var pipelinePath: String
    /// A previous run's output folder: its manifest pins the inputs and the pipeline file.
    public var outDirectory: String?
    public var studyKey: [UInt8]?
    /// The day of the run, as `PipelineRequest.runDate` (nil → today): with the pipeline file's
    /// `data_cutoff`, it gives the cutoff when no manifest pins the run's.
    public var runDate: Day?

    public init(patient: String, inputs: [String], pipelinePath: String, outDirectory: String? = nil,
                studyKey: [UInt8]? = nil, runDate: Day? = nil) {
        self.patient = patient
        self.inputs = inputs
        self.pipelinePath = pipelinePath
        self.outDirectory = outDirectory
        self.studyKey = studyKey
        self.runDate = runDate
    }
}

/// One patient's derivation trace, as `mmpipe explain` prints it.
public struct Explanation: Sendable, Codable {
    public var siteID: String
    /// nil without a study key (the pseudonym cannot be computed).
    public var usubjid: String?
    /// The rows of the patient's own that validation rejected or changed, and its findings.
    public var findings: [String]
    public var trace: DerivationTrace
}

/// Why `explain` cannot answer: one sentence saying what to do.
public enum ExplainError: Error, CustomStringConvertible, Sendable {
    case pipeline(PipelineError)
    case badPatient(String)
    case needsKey(String)
    case notFound(String)
    case manifest(String)
    case inputsDiffer(String)

    public var description: String {
        switch self {
        case .pipeline(let e): return e.description
        case .badPatient(let p): return "'\(p)' is neither SITEID/SUBJID (e.g. S01/P0001) nor a USUBJID (e.g. ISAPD-S01-3f2a9c1b7d0e)."
        case .needsKey(let p): return "'\(p)' is a USUBJID: set MMPIPE_STUDY_KEY to the study key the run used (or name a key_file in the pipeline file), or give the patient as SITEID/SUBJID."
        case .notFound(let p): return "No patient \(p) in the inputs: check the SITEID/SUBJID (or the study key, for a USUBJID) and the input files."
        case .manifest(let m): return m
        case .inputsDiffer(let m): return m
        }
    }
}

/// `mmpipe explain` (SPEC 3): re-reads the inputs, validates and derives one patient exactly as
/// the run does, and returns the trace `PatientDeriver` builds on the way. With the output folder
/// of a previous run, the inputs and pipeline file must be the ones its manifest pins (SHA-256).
public struct ExplainRunner: Sendable {
    public init() {}

    public func explain(_ request: ExplainRequest) throws(ExplainError) -> Explanation {
        let pinned = try request.outDirectory.map { dir throws(ExplainError) in try Pinned(outDirectory: dir) }
        let pipeline: PipelineFile
        do { pipeline = try PipelineFile.load(path: request.pipelinePath) } catch {
            throw .pipeline(.pipelineFile(error))
        }
        let inputs = request.inputs.isEmpty ? (pinned?.inputPaths ?? ["samples"]) : request.inputs
        let files: [InputFile]
        do { files = try InputDiscovery.discover(inputs) } catch { throw .pipeline(.input(error)) }
        try pinned?.check(files: files, pipeline: pipeline)

        // The patient: SITEID/SUBJID, or a USUBJID matched through the study key.
        let target = try Target(request.patient, studyID: pipeline.options.studyID, key: Self.key(request, pipeline))

        // Read every file (one task per file), mapping only the patient's rows: each row is
        // recognised by its key fields before it is mapped, so that what is held is the
        // patient's rows and the findings that name him (SPEC 3; SPEC 8, memory). Another
        // patient's row raises no finding here: explain reports only the patient's own.
        let limits = ReadLimits(maxFieldBytes: pipeline.options.input.maxFieldBytes)
        let mapper = RecordMapper(pipeline: pipeline)
        let perFile = parallelMap(files) { file -> (RecordBatch, [Finding], PatientKey?) in
            var selector = RowSelector(target: target)
            let (_, batch, log) = PipelineRunner.ingest(file, limits: limits, mapper: mapper,
                                                        select: { selector.selects($0, mapper: $1) })
            let key = target.find(in: batch)
            return (key.map { batch.only($0) } ?? RecordBatch(), log.findings.filter(target.names), key)
        }
        guard let key = perFile.compactMap(\.2).first else { throw .notFound(request.patient) }
        var batch = RecordBatch()
        var log = StageLog()
        for (fileBatch, fileFindings, fileKey) in perFile {
            if fileKey == key { batch.append(fileBatch) }
            log.findings += fileFindings
        }
        // Exact copies set aside as the run's partition read sets them aside (DUP-002).
        guard let record = RecordStore.group(RecordCodec.foldingCopies(batch), log: &log).first(where: { $0.key == key }) else {
            throw .notFound(request.patient)
        }

        // Validate and derive as the run does (SPEC 4.3): with the data cutoff its manifest
        // records, else the pipeline file's `data_cutoff` or the day. The manifest's `time` is
        // not a cutoff: `SOURCE_DATE_EPOCH` fixes it, and fixes nothing the rules read.
        let runDate = request.runDate ?? PipelineRunner.today()
        let cutoff = pinned?.dataCutoff ?? DataCutoff.day(pipeline.options, runDate: runDate)
        var patientLog = StageLog()
        let validator = Validator(options: pipeline.options, today: cutoff, runDate: runDate)
        let clean = validator.validate(record, log: &patientLog)
        var (derivation, trace) = PatientDeriver(options: pipeline.options).trace(clean)
        validator.reconcile(&derivation, record: clean)
        let findings = (log.findings + patientLog.findings + derivation.findings)
            .filter { $0.siteID == key.site && $0.subjectID == key.patientID }.sorted()
            // `file:line` only: an ODM source's XML path holds the subject key.
            .map { "\($0.severity.rawValue) \($0.rule.id) \($0.location.fileAndLine) \($0.field): \($0.message)" }
        let usubjid = target.key.map { Pseudonymizer(studyID: pipeline.options.studyID, key: $0).usubjid(key) }
        return Explanation(siteID: key.site, usubjid: usubjid, findings: findings, trace: trace)
    }

    /// The study key when one is set (never a random one: a random key names nobody).
    static func key(_ request: ExplainRequest, _ pipeline: PipelineFile) throws(ExplainError) -> [UInt8]? {
        if let k = request.studyKey, !k.isEmpty { return k }
        guard pipeline.options.keyFile != nil else { return nil }
        do {
            return try PipelineRunner.studyKey(PipelineRequest(inputs: [], pipelinePath: pipeline.path, outDirectory: "",
                                                               mode: .validationOnly), pipeline: pipeline).key
        } catch { throw .pipeline(error) }
    }
}

/// The patient asked for, and how to recognise its rows.
struct Target: Sendable {
    let site: String?, subjectID: String?, usubjid: String?
    let key: [UInt8]?
    let pseudonyms: Pseudonymizer?

    init(_ text: String, studyID: String, key: [UInt8]?) throws(ExplainError) {
        let t = text.trimmingCharacters(in: .whitespaces)
        let parts = t.split(separator: "/", omittingEmptySubsequences: false)
        self.key = key
        if parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty {
            site = String(parts[0]); subjectID = String(parts[1]); usubjid = nil; pseudonyms = nil
        } else if parts.count == 1, t.count > 13, t.contains("-") {
            guard let key else { throw .needsKey(t) }
            site = nil; subjectID = nil; usubjid = t
            pseudonyms = Pseudonymizer(studyID: studyID, key: key)
        } else {
            throw .badPatient(text)
        }
    }

    /// The patient's key among a file's rows (patients first, then any other table).
    func find(in batch: RecordBatch) -> PatientKey? {
        var seen = Set<PatientKey>()
        let keys = batch.patients.map(\.key) + batch.therapies.map(\.key) + batch.labs.map(\.key)
            + batch.assessments.map(\.key) + batch.cytogenetics.map(\.key) + batch.adverseEvents.map(\.key)
        for k in keys where seen.insert(k).inserted && matches(k) { return k }
        return nil
    }

    func matches(_ k: PatientKey) -> Bool {
        if let site, let subjectID { return k.site == site && k.patientID == subjectID }
        guard let pseudonyms, let usubjid, usubjid.hasSuffix(pseudonyms.pseudonym(k)) else { return false }
        return pseudonyms.usubjid(k) == usubjid
    }

    /// Whether a finding may name the patient (a finding of no patient never does).
    func names(_ f: Finding) -> Bool {
        !f.siteID.isEmpty && !f.subjectID.isEmpty && matches(PatientKey(site: f.siteID, patientID: f.subjectID))
    }
}

/// Recognises the asked patient's rows by their key fields before they are mapped
/// (`TableMapper.keyFields(of:)`), so that the other rows of a file are read but neither
/// mapped nor held (SPEC 3; SPEC 8, memory). One per file's reader: it remembers the key
/// bytes it judged last, so that a key is made and judged (for a `USUBJID`, its pseudonym
/// computed) once per run of one patient's rows, not once per row.
struct RowSelector {
    let target: Target
    private var lastSite: [UInt8] = [], lastPatient: [UInt8] = []
    private var lastSelected = false
    /// Keys judged so far (runs of rows of one patient).
    private(set) var judged = 0

    init(target: Target) { self.target = target }

    mutating func selects(_ row: RawRow, mapper: TableMapper) -> Bool {
        guard let fields = mapper.keyFields(of: row) else { return false }
        if fields.patient.elementsEqual(lastPatient), fields.site.elementsEqual(lastSite) { return lastSelected }
        lastSite = Array(fields.site)
        lastPatient = Array(fields.patient)
        judged += 1
        lastSelected = target.matches(PatientKey(site: String(decoding: fields.site, as: UTF8.self),
                                                 patientID: String(decoding: fields.patient, as: UTF8.self)))
        return lastSelected
    }
}

extension RecordBatch {
    /// The rows of one patient.
    func only(_ key: PatientKey) -> RecordBatch {
        var b = RecordBatch()
        b.patients = patients.filter { $0.key == key }
        b.labs = labs.filter { $0.key == key }
        b.cytogenetics = cytogenetics.filter { $0.key == key }
        b.therapies = therapies.filter { $0.key == key }
        b.assessments = assessments.filter { $0.key == key }
        b.adverseEvents = adverseEvents.filter { $0.key == key }
        return b
    }
}

/// What a previous run's `manifest.json` pins: each input's SHA-256, the pipeline file's, the
/// run's data cutoff.
struct Pinned: Sendable {
    let directory: String
    /// name, path, sha256 of each input, in the manifest's order.
    let inputs: [(name: String, path: String, sha256: String)]
    let pipelineSHA256: String?
    /// The data cutoff the run used (`data_cutoff`), nil in a manifest that has none.
    let dataCutoff: Day?

    init(outDirectory dir: String) throws(ExplainError) {
        directory = dir
        let path = (dir as NSString).appendingPathComponent("manifest.json")
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .manifest("'\(path)' cannot be read: --out must name the output folder of a previous mmpipe run (or leave --out out).")
        }
        let manifest: JSONValue
        do { manifest = try JSONParser.parse([UInt8](data)) } catch {
            throw .manifest("'\(path)' is not valid JSON (byte \(error.offset)): was the folder written by mmpipe run?")
        }
        guard let list = manifest["inputs"]?.arrayValue else {
            throw .manifest("'\(path)' lists no inputs: was the folder written by mmpipe run?")
        }
        inputs = list.map { ($0["name"]?.stringValue ?? "", $0["path"]?.stringValue ?? "", $0["sha256"]?.stringValue ?? "") }
        pipelineSHA256 = manifest["pipeline"]?["sha256"]?.stringValue
        dataCutoff = manifest["data_cutoff"]?.stringValue.flatMap(Pinned.day)
    }

    var inputPaths: [String] { inputs.map(\.path) }

    /// `2025-07-01` (or a timestamp starting with it) → its day.
    static func day(_ iso: String) -> Day? {
        let p = iso.prefix(10).split(separator: "-").compactMap { Int($0) }
        return p.count == 3 ? Day(year: p[0], month: p[1], day: p[2]) : nil
    }

    /// Refuses inputs or a pipeline file whose SHA-256 differ from the run's.
    func check(files: [InputFile], pipeline: PipelineFile) throws(ExplainError) {
        let manifest = (directory as NSString).appendingPathComponent("manifest.json")
        if let want = pipelineSHA256, Digest.sha256Hex(pipeline.bytes) != want {
            throw .inputsDiffer("The pipeline file '\(pipeline.path)' differs from the one of the run in \(directory) (SHA-256 in \(manifest): \(want.prefix(12))…): give the run's pipeline file with --pipeline.")
        }
        var pinned = Dictionary(inputs.map { ($0.sha256, $0.name) }, uniquingKeysWith: { a, _ in a })
        for file in files {
            let got = Digest.sha256Hex(ofFile: file.path)?.hex ?? "unreadable"
            guard pinned.removeValue(forKey: got) != nil else {
                let same = inputs.first { $0.name == file.name }
                let detail = same.map { "its SHA-256 \(got.prefix(12))… is not the \($0.sha256.prefix(12))… that \(manifest) records for \($0.name)" }
                    ?? "\(manifest) records no input with its SHA-256 \(got.prefix(12))…"
                throw .inputsDiffer("'\(file.path)' is not an input of the run in \(directory): \(detail). Give the run's inputs (or no INPUT, to read the ones its manifest names).")
            }
        }
        if let missing = pinned.values.sorted().first {
            throw .inputsDiffer("The run in \(directory) also read '\(missing)', which is not among the inputs given: give all the run's inputs (or no INPUT, to read the ones its manifest names).")
        }
    }
}
