import ArgumentParser
import Foundation
import MMMap
import MMModel
import MMTemplate

/// `mmpipe rules`: prints the validation rule catalogue (SPEC 5) as JSON (`schemas/rules.json`)
/// or Markdown (`docs/rules.md`), or writes both into a repository checkout, with the upload
/// specification `docs/input-format.md` (SPEC 10) rendered from the same checkout's `schemas/`.
struct Rules: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the validation rule catalogue (JSON or Markdown).",
        discussion: """
            The catalogue is defined in code; schemas/rules.json and docs/rules.md are generated from it.
            Examples:
              mmpipe rules --format markdown | less
              mmpipe rules --write .        (regenerates schemas/rules.json, docs/rules.md, docs/input-format.md)
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable { case json, markdown }

    @Option(name: .long, help: "json or markdown.")
    var format: Format = .json

    @Option(name: .long, help: "Write schemas/rules.json, docs/rules.md and docs/input-format.md under this repository folder instead of printing.")
    var write: String?

    func run() throws {
        guard let root = write else {
            print(format == .json ? Rule.catalogueJSON() : Rule.catalogueMarkdown(), terminator: "")
            return
        }
        let dictionaries: Dictionaries
        do { dictionaries = try Dictionaries.load(schemasFolder: URL(fileURLWithPath: root).appendingPathComponent("schemas").path) } catch {
            printError("mmpipe: \(error)")
            throw ExitCode(2)
        }
        let files = [("schemas/rules.json", Rule.catalogueJSON()), ("docs/rules.md", Rule.catalogueMarkdown()),
                     ("docs/input-format.md", InputFormatDocument.markdown(dictionaries: dictionaries))]
        for (relative, text) in files {
            let url = URL(fileURLWithPath: root).appendingPathComponent(relative)
            do {
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(text.utf8).write(to: url, options: .atomic)
            } catch {
                printError("mmpipe: cannot write '\(url.path)': \(error.localizedDescription). Check the folder is writable.")
                throw ExitCode(2)
            }
            print("wrote \(url.path)")
        }
    }
}
