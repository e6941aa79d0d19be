import Foundation
import MMMap
import MMModel

/// The templates of `mmpipe template` (SPEC 10): what a site needs to collect data in the
/// reference layout, written into a new (or empty) folder.
public enum TemplateKind: String, CaseIterable, Sendable {
    /// One empty CSV per table with its header.
    case csv
    /// A REDCap data dictionary and the pipeline file that reads the project's export.
    case redcap
    /// The ODM 1.3 Study/MetaDataVersion of the reference layout.
    case odm
}

/// Why a template could not be written: one sentence a person can act on.
public enum TemplateError: Error, CustomStringConvertible, Sendable {
    case notEmpty(path: String)
    case notAFolder(path: String)
    case cannotWrite(path: String, reason: String)

    public var description: String {
        switch self {
        case .notEmpty(let p):
            return "The folder '\(p)' is not empty: give --out a new or empty folder (mmpipe never overwrites files it did not write)."
        case .notAFolder(let p): return "'\(p)' is a file: give --out a new or empty folder."
        case .cannotWrite(let p, let reason): return "Cannot write '\(p)': \(reason). Check the folder is writable."
        }
    }
}

public enum TemplateKit {
    /// The files of a template, name → content. `schemasFolder` is the folder of the
    /// dictionaries (`schemas/`), written into the REDCap pipeline file relative to `outFolder`;
    /// `creationDateTime` stamps the ODM file (ISO 8601).
    public static func files(_ kind: TemplateKind, studyID: String, schemasFolder: String, outFolder: String,
                             creationDateTime: String) -> [(name: String, content: String)] {
        switch kind {
        case .csv:
            return TableName.allCases.map { t in
                (name: "\(t.rawValue).csv", content: ReferenceLayout.columns(of: t).joined(separator: ",") + "\n")
            }
        case .redcap:
            return [(name: REDCapTemplate.dictionaryFile, content: REDCapTemplate.dataDictionary()),
                    (name: REDCapTemplate.pipelineFileName,
                     content: REDCapTemplate.pipelineFile(studyID: studyID,
                                                          schemas: relativePath(from: outFolder, to: schemasFolder)))]
        case .odm:
            return [(name: ODMTemplate.fileName, content: ODMTemplate.metadata(studyID: studyID, creationDateTime: creationDateTime))]
        }
    }

    /// Writes a template into `outFolder`, which must not exist or be empty (SPEC 3: no
    /// command overwrites a file it did not write). Returns the paths written.
    public static func write(_ kind: TemplateKind, studyID: String, schemasFolder: String, outFolder: String,
                             creationDateTime: String) throws(TemplateError) -> [String] {
        let fm = FileManager.default
        var isDir: ObjCBool = false
        if fm.fileExists(atPath: outFolder, isDirectory: &isDir) {
            guard isDir.boolValue else { throw .notAFolder(path: outFolder) }
            guard ((try? fm.contentsOfDirectory(atPath: outFolder)) ?? ["?"]).isEmpty else { throw .notEmpty(path: outFolder) }
        }
        do { try fm.createDirectory(atPath: outFolder, withIntermediateDirectories: true) } catch {
            throw .cannotWrite(path: outFolder, reason: error.localizedDescription)
        }
        var written: [String] = []
        for file in files(kind, studyID: studyID, schemasFolder: schemasFolder, outFolder: outFolder,
                          creationDateTime: creationDateTime) {
            let path = (outFolder as NSString).appendingPathComponent(file.name)
            do { try Data(file.content.utf8).write(to: URL(fileURLWithPath: path)) } catch {
                throw .cannotWrite(path: path, reason: error.localizedDescription)
            }
            written.append(path)
        }
        return written
    }

    /// `target` relative to `folder` (`site-kit` → `schemas` gives `../schemas`); both are
    /// made absolute from the working directory first.
    static func relativePath(from folder: String, to target: String) -> String {
        func components(_ p: String) -> [String] {
            let absolute = p.hasPrefix("/") ? p : (FileManager.default.currentDirectoryPath as NSString).appendingPathComponent(p)
            return (absolute as NSString).standardizingPath.split(separator: "/").map(String.init)
        }
        let from = components(folder), to = components(target)
        var common = 0
        while common < from.count, common < to.count, from[common] == to[common] { common += 1 }
        // Nothing in common but the root: the absolute path says more than a climb to it.
        if common == 0 {
            return "/" + to.joined(separator: "/")
        }
        let parts = Array(repeating: "..", count: from.count - common) + to[common...]
        return parts.isEmpty ? "." : parts.joined(separator: "/")
    }
}
