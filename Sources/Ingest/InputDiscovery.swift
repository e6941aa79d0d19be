import Foundation
import MMModel

/// A file to ingest: CSV (one table per file, named after it) or ODM XML (SPEC 3: INPUT is
/// files or folders).
public struct InputFile: Sendable, Hashable {
    public enum Format: String, Sendable { case csv, odm }
    public var path: String
    public var format: Format
    /// The site sub-folder the file was found in (`uploads/S01/labs.csv` → `S01`), nil otherwise.
    public var site: String?
    public init(path: String, format: Format, site: String? = nil) {
        self.path = path
        self.format = format
        self.site = site
    }
    /// Last path component, used in `SOURCE`.
    public var name: String { (path as NSString).lastPathComponent }
}

/// Finds the input files under the paths given on the command line (SPEC 4): `.csv` and `.xml`
/// files, in sorted order (determinism). A folder holds either the tables themselves (read one
/// level deep; its sub-folders, such as `samples/expected/`, are not read) or, when it holds no
/// table file, one sub-folder per site (`uploads/S01/…`, `uploads/S02/…`), each read one level
/// deep with the sub-folder's name as the files' site.
public enum InputDiscovery {
    public static func discover(_ paths: [String]) throws(IngestError) -> [InputFile] {
        var files: [InputFile] = []
        let fm = FileManager.default
        for path in paths {
            var isDir: ObjCBool = false
            guard fm.fileExists(atPath: path, isDirectory: &isDir) else { throw .notFound(path: path) }
            if isDir.boolValue {
                let direct = tableFiles(in: path, site: nil)
                if !direct.isEmpty {
                    files += direct
                    continue
                }
                for sub in subfolders(of: path) {
                    files += tableFiles(in: (path as NSString).appendingPathComponent(sub), site: sub)
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

    static func tableFiles(in folder: String, site: String?) -> [InputFile] {
        let entries = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted()
        return entries.compactMap { entry in
            let full = (folder as NSString).appendingPathComponent(entry)
            // Anything named like a table is taken, even a folder: its reader reports it
            // (`ING-001`) rather than it being skipped silently.
            return classify(full).map { InputFile(path: $0.path, format: $0.format, site: site) }
        }
    }

    /// The folders inside `folder` (not named like a table file, not hidden).
    static func subfolders(of folder: String) -> [String] {
        let entries = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted()
        return entries.filter { entry in
            guard !entry.hasPrefix(".") else { return false }
            var isDir: ObjCBool = false
            return FileManager.default.fileExists(atPath: (folder as NSString).appendingPathComponent(entry), isDirectory: &isDir)
                && isDir.boolValue
        }
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
        case .noInput(let ps): return "No .csv or .xml file found in \(ps.joined(separator: ", ")) (nor in its site sub-folders, e.g. uploads/S01/): point mmpipe at the folder of the site's export."
        }
    }
}
