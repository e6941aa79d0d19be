import Foundation

/// The atomic replacement of the output folder (SPEC 7: a failed run leaves the previous
/// output intact and no half-written files).
enum AtomicFolder {
    /// Refuses to replace something that is not an earlier mmpipe output: `--out ~` must never
    /// swap a home folder away.
    static func checkReplaceable(_ out: String) throws(EmitError) {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: out, isDirectory: &isDir) else { return }
        guard isDir.boolValue else {
            throw .refused(path: out, reason: "it exists and is a file, not a folder; choose another --out")
        }
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: out)) ?? []
        if entries.isEmpty || entries.contains("manifest.json") || entries.contains("audit.jsonl") { return }
        throw .refused(path: out, reason: "the folder exists, is not empty and holds no earlier mmpipe output (no manifest.json), so it will not be replaced; choose another --out or empty it")
    }

    /// The key map goes outside the dataset folder (SPEC 7).
    static func checkOutside(_ file: String, folder: String) throws(EmitError) {
        let f = URL(fileURLWithPath: file).standardizedFileURL.path
        let d = URL(fileURLWithPath: folder).standardizedFileURL.path
        if f == d || f.hasPrefix(d.hasSuffix("/") ? d : d + "/") {
            throw .refused(path: file, reason: "the --key-map file must be outside the output folder, which is shared with analysts")
        }
    }

    /// A fresh, empty temporary folder (parents created).
    static func prepare(_ tmp: String) throws(EmitError) {
        let fm = FileManager.default
        if fm.fileExists(atPath: tmp) { try? fm.removeItem(atPath: tmp) }
        do {
            try fm.createDirectory(atPath: tmp, withIntermediateDirectories: true)
        } catch {
            throw .cannotWrite(path: tmp, reason: "cannot create the folder (\(error.localizedDescription))")
        }
    }

    static func syncDirectory(_ path: String) throws(EmitError) {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw .cannotWrite(path: path, reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw .cannotWrite(path: path, reason: String(cString: strerror(errno))) }
    }

    static func fsyncFile(_ path: String) throws(EmitError) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw .cannotWrite(path: path, reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw .cannotWrite(path: path, reason: String(cString: strerror(errno))) }
    }

    /// Renames the old `out` aside, the new folder in, then removes the old one.
    static func swap(_ tmp: String, into out: String, pid: Int32) throws(EmitError) {
        let fm = FileManager.default
        var old: String?
        if fm.fileExists(atPath: out) {
            let aside = "\(out).old-\(pid)"
            if fm.fileExists(atPath: aside) { try? fm.removeItem(atPath: aside) }
            guard rename(out, aside) == 0 else {
                throw .cannotWrite(path: out, reason: "cannot move the previous output aside (\(String(cString: strerror(errno))))")
            }
            old = aside
        }
        guard rename(tmp, out) == 0 else {
            let reason = String(cString: strerror(errno))
            if let old { _ = rename(old, out) }
            throw .cannotWrite(path: out, reason: "cannot move the new output into place (\(reason))")
        }
        if let old { try? fm.removeItem(atPath: old) }
        let parent = (out as NSString).deletingLastPathComponent
        try? syncDirectory(parent.isEmpty ? "." : parent)
    }
}
