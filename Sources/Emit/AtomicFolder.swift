import Foundation

/// The atomic replacement of the output folder (SPEC 7: a failed run leaves the previous
/// output intact and no half-written files).
enum AtomicFolder {
    /// Refuses to replace anything mmpipe did not write (SPEC 3: no command deletes or
    /// overwrites a file it did not write). The folder must be absent, empty, or an earlier
    /// mmpipe output holding nothing but the files its `manifest.json` lists (and the
    /// `summary.html`, `table1.csv`, … that `mmpipe summarize` writes beside them, and
    /// `mmpipe compare`'s `compare/` folder): an R
    /// script or a `by-dara/` folder put there by the user makes it refused, never deleted.
    /// `validate` never replaces a dataset (SPEC 3: `run` and `validate` keep their outputs apart).
    static func checkReplaceable(_ out: String, mode: EmitMode = .dataset) throws(EmitError) {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: out, isDirectory: &isDir) else { return }
        guard isDir.boolValue else {
            throw .refused(path: out, reason: "it exists and is a file, not a folder; choose another --out")
        }
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: out)) ?? []
        if entries.isEmpty { return }
        guard let manifest = previousManifest(out) else {
            throw .refused(path: out, reason: "the folder exists, is not empty and holds no earlier mmpipe output (no manifest.json), so it will not be replaced; choose another --out or empty it")
        }
        if mode == .validationOnly, manifest.mode == "dataset" {
            throw .refused(path: out, reason: "it holds a dataset written by mmpipe run, which mmpipe validate would replace; give validate its own --out (default: validation/)")
        }
        let foreign = foreignEntries(out, listed: manifest.outputs)
        if !foreign.isEmpty {
            let shown = foreign.prefix(5).joined(separator: ", ") + (foreign.count > 5 ? ", …" : "")
            throw .refused(path: out, reason: "it holds files mmpipe did not write (\(shown)), which replacing the folder would delete; move them out of it or choose another --out")
        }
    }

    /// Files `mmpipe compare` writes into `DIR/compare/` (SPEC 9; `CompareOutput.files`).
    static let compareFiles: Set<String> = ["compare/balance.csv", "compare/weights.csv", "compare/models.csv",
                                            "compare/km.csv", "compare/compare.html"]

    /// Files `mmpipe summarize` writes into a dataset folder by default.
    static let summaryFiles: Set<String> = ["summary.html", "table1.csv", "response.csv", "km.csv", "km_tests.csv",
                                            "cox.csv", "ae.csv"]

    /// The earlier output's mode and listed files, nil when it has no readable manifest.
    static func previousManifest(_ out: String) -> (mode: String, outputs: Set<String>)? {
        guard let data = FileManager.default.contents(atPath: out + "/manifest.json"),
              let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return nil }
        let outputs = (json["outputs"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
        return ((json["mode"] as? String) ?? "", Set(outputs + ["manifest.json"]))
    }

    /// Paths under `out` (relative, sorted) that are neither a listed output, a summary file,
    /// nor a folder leading to one.
    static func foreignEntries(_ out: String, listed given: Set<String>) -> [String] {
        let listed = given.union(compareFiles)
        var folders = Set<String>()
        for name in listed {
            var parts = name.split(separator: "/").dropLast()
            while !parts.isEmpty {
                folders.insert(parts.joined(separator: "/"))
                parts = parts.dropLast()
            }
        }
        var foreign: [String] = []
        func walk(_ relative: String) {
            let full = relative.isEmpty ? out : out + "/" + relative
            for entry in ((try? FileManager.default.contentsOfDirectory(atPath: full)) ?? []).sorted() {
                let path = relative.isEmpty ? entry : relative + "/" + entry
                var isDir: ObjCBool = false
                _ = FileManager.default.fileExists(atPath: out + "/" + path, isDirectory: &isDir)
                if isDir.boolValue {
                    if folders.contains(path) { walk(path) } else { foreign.append(path + "/") }
                } else if !listed.contains(path) && !(relative.isEmpty && summaryFiles.contains(path)) {
                    foreign.append(path)
                }
            }
        }
        walk("")
        return foreign
    }

    /// The key map goes outside the dataset folder (SPEC 7).
    static func checkOutside(_ file: String, folder: String) throws(EmitError) {
        let f = URL(fileURLWithPath: file).standardizedFileURL.path
        let d = URL(fileURLWithPath: folder).standardizedFileURL.path
        if f == d || f.hasPrefix(d.hasSuffix("/") ? d : d + "/") {
            throw .refused(path: file, reason: "the --key-map file must be outside the output folder, which is shared with analysts")
        }
    }

    /// An existing `--key-map` file is replaced only when it is an earlier key map (SPEC 3: no
    /// command overwrites a file it did not write): its first line is the key map's header.
    static func checkKeyMapReplaceable(_ file: String) throws(EmitError) {
        guard FileManager.default.fileExists(atPath: file) else { return }
        guard let handle = FileHandle(forReadingAtPath: file) else {
            throw .cannotWriteKeyMap(path: file, reason: "it exists and cannot be read")
        }
        defer { try? handle.close() }
        let head = String(decoding: handle.readData(ofLength: 64), as: UTF8.self)
        guard head.hasPrefix("SITEID,SUBJID,USUBJID\n") || head == "SITEID,SUBJID,USUBJID" else {
            throw .refused(path: file, reason: "it exists and is not a key map written by mmpipe (no SITEID,SUBJID,USUBJID header), so it will not be overwritten; give another --key-map path")
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
