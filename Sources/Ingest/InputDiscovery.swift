import Foundation
import MMModel

/// A file to ingest: CSV (one table per file, named after it) or ODM XML (SPEC 3: INPUT is
/// files or folders).
public struct InputFile: Sendable, Hashable {
    public enum Format: String, Sendable { case csv, odm }
    public var path: String
    public var format: Format
    public init(path: String, format: Format) {
        self.path = path
        self.format = format
    }
    /// Last path component, used in `SOURCE`.
    public var name: String { (path as NSString).lastPathComponent }
}

/// Finds the input files under the paths given on the command line: `.csv` and `.xml` files,
/// folders searched one level deep, in sorted order (determinism).
public enum InputDiscovery {
    public static func discover(_ paths: [String]) throws(IngestError) -> [InputFile] {
        var files: [InputFile] = []
        let fm = FileManager.default
        for path in paths {
            var isDir: ObjCBool = false
            guard fm.fileExists(atPath: path, isDirectory: &isDir) else { throw .notFound(path: path) }
            if isDir.boolValue {
                let entries = ((try? fm.contentsOfDirectory(atPath: path)) ?? []).sorted()
                for entry in entries {
                    let full = (path as NSString).appendingPathComponent(entry)
                    if let f = classify(full) { files.append(f) }
                }
            } else if let f = classify(path) {
                files.append(f)
            } else {
                throw .unsupported(path: path)
            }
        }
        if files.isEmpty { throw .noInput(paths: paths) }
        return files
    }

    static func classify(_ path: String) -> InputFile? {
        switch (path as NSString).pathExtension.lowercased() {
        case "csv", "txt": return InputFile(path: path, format: .csv)
        case "xml", "odm": return InputFile(path: path, format: .odm)
        default: return nil
        }
    }
}

/// Errors that stop the ingest of the whole run (not a single file: an unreadable file is an
/// `ING-001` finding and the run goes on).
public enum IngestError: Error, CustomStringConvertible, Sendable {
    case notFound(path: String)
    case unsupported(path: String)
    case noInput(paths: [String])

    public var description: String {
        switch self {
        case .notFound(let p): return "Input '\(p)' does not exist: give a CSV/XML file or a folder holding them."
        case .unsupported(let p): return "Input '\(p)' is neither .csv nor .xml: give the reference CSV tables or ODM XML files."
        case .noInput(let ps): return "No .csv or .xml file found in \(ps.joined(separator: ", ")): point mmpipe at the folder of the site's export."
        }
    }
}
