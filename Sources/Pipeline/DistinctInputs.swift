import MMEmit
import MMIngest
import MMModel

/// The same file given twice (SPEC 4): two paths, or a copy in two site folders, with the same
/// SHA-256. It is read once — the first given — and each repeat is an `ING-012` finding, so
/// that its rows are neither read twice (thousands of false duplicates) nor lost silently.
enum DistinctInputs {
    static func split(_ all: [InputFile]) -> (files: [InputFile], findings: [Finding]) {
        var seen: [String: InputFile] = [:]
        var files: [InputFile] = [], findings: [Finding] = []
        for file in all {
            // An unreadable file has no digest: it is kept, and its reader reports it.
            guard let digest = Digest.sha256Hex(ofFile: file.path)?.hex else {
                files.append(file)
                continue
            }
            guard let first = seen[digest] else {
                seen[digest] = file
                files.append(file)
                continue
            }
            // Another site's file is not named in this site's query (SPEC 7).
            let other = first.site == file.site ? shown(first) : "another site's file"
            findings.append(Finding(.ING012, site: file.site ?? first.site ?? "", table: nil, location: .file(file.name),
                                    message: "\(shown(file)) has the same content (SHA-256 \(digest.prefix(12))…) as \(other); it was read once, as that file — give each file once."))
        }
        return (files, findings)
    }

    /// A file as a site sees it: `S01/labs.csv` in a site sub-folder, else its name (never a
    /// machine's absolute path: the same inputs give the same findings anywhere).
    static func shown(_ file: InputFile) -> String {
        file.site.map { "\($0)/\(file.name)" } ?? file.name
    }
}
