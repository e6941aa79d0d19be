import Foundation
import MMModel

/// A decoded pipeline file (`pipelines/*.yaml`, SPEC 4.3): the options, the input layout and
/// the dictionaries it points at. STUB — replaced by the map work.
public struct PipelineFile: Sendable {
    public var path: String
    /// The file's bytes (its SHA-256 goes to the manifest and the audit log).
    public var bytes: [UInt8]
    public var options: PipelineOptions
    public var dictionaries: Dictionaries

    public init(path: String, bytes: [UInt8], options: PipelineOptions, dictionaries: Dictionaries) {
        self.path = path
        self.bytes = bytes
        self.options = options
        self.dictionaries = dictionaries
    }

    /// Loads and checks a pipeline file; a bad file fails with the key and the reason.
    public static func load(path: String) throws(PipelineFileError) -> PipelineFile {
        guard let data = FileManager.default.contents(atPath: path) else { throw .unreadable(path: path) }
        return PipelineFile(path: path, bytes: [UInt8](data), options: PipelineOptions(), dictionaries: Dictionaries())
    }
}

/// The error of the map stage: a pipeline file or dictionary that cannot be used.
public enum PipelineFileError: Error, CustomStringConvertible, Sendable {
    case unreadable(path: String)
    case invalid(path: String, key: String, reason: String)

    public var description: String {
        switch self {
        case .unreadable(let p): return "Cannot read the pipeline file '\(p)': check the path given to --pipeline."
        case .invalid(let p, let key, let reason): return "Pipeline file '\(p)', key '\(key)': \(reason)."
        }
    }
}
