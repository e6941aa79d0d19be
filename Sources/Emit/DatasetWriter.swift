import MMModel

/// Everything a run produced, ready to be written (SPEC 7).
public struct RunOutput: Sendable {
    public var options: PipelineOptions
    public var toolVersion: String
    public var pipelinePath: String
    public var pipelineBytes: [UInt8]
    public var inputs: [InputFileSummary]
    /// Sorted by patient key.
    public var derivations: [PatientDerivation]
    /// Every finding of every stage, sorted.
    public var findings: [Finding]
    /// Ingest/map/validate audit entries in processing order (per-patient derive entries are in `derivations`).
    public var audit: [AuditEntry]
    /// Rows read and rejected per table.
    public var readRows: [String: Int]
    public var rejectedRows: [String: Int]

    public init(options: PipelineOptions, toolVersion: String, pipelinePath: String, pipelineBytes: [UInt8],
                inputs: [InputFileSummary], derivations: [PatientDerivation], findings: [Finding], audit: [AuditEntry],
                readRows: [String: Int], rejectedRows: [String: Int]) {
        self.options = options
        self.toolVersion = toolVersion
        self.pipelinePath = pipelinePath
        self.pipelineBytes = pipelineBytes
        self.inputs = inputs
        self.derivations = derivations
        self.findings = findings
        self.audit = audit
        self.readRows = readRows
        self.rejectedRows = rejectedRows
    }
}

/// What to write: the whole dataset (`run`) or findings and report only (`validate`).
public enum EmitMode: Sendable { case dataset, validationOnly }

/// Writes the outputs of SPEC 7 atomically into `outDirectory`. STUB — replaced by the emit work.
public struct DatasetWriter: Sendable {
    public var outDirectory: String
    public var mode: EmitMode
    /// `SOURCE_DATE_EPOCH` for audit timestamps; nil → now.
    public var sourceDateEpoch: Int?
    /// HMAC key for pseudonyms (SPEC 7).
    public var studyKey: [UInt8]
    /// `--key-map FILE`.
    public var keyMapPath: String?

    public init(outDirectory: String, mode: EmitMode, sourceDateEpoch: Int?, studyKey: [UInt8], keyMapPath: String?) {
        self.outDirectory = outDirectory
        self.mode = mode
        self.sourceDateEpoch = sourceDateEpoch
        self.studyKey = studyKey
        self.keyMapPath = keyMapPath
    }

    public func write(_ output: RunOutput) throws(EmitError) {}
}

/// The error of the emit stage: outputs that cannot be written.
public enum EmitError: Error, CustomStringConvertible, Sendable {
    case cannotWrite(path: String, reason: String)

    public var description: String {
        switch self {
        case .cannotWrite(let p, let r): return "Cannot write '\(p)': \(r). Check the --out folder is writable and has space."
        }
    }
}
