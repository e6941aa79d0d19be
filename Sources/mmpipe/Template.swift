import ArgumentParser
import Foundation
import MMTemplate

/// `mmpipe template csv|redcap|odm --out DIR`: what a site needs to collect data in the
/// reference layout (SPEC 10).
struct Template: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write what a site needs to collect data in the reference layout: CSV headers, a REDCap project, ODM metadata.",
        discussion: """
            csv:    one empty CSV per table with its header (patients.csv … adverse_events.csv).
            redcap: redcap-data-dictionary.csv (import it in REDCap: Project Setup → Data Dictionary) and
                    redcap-pipeline.yaml, which reads the project's "CSV (raw data)" export as it is.
            odm:    odm-metadata.xml, the ODM 1.3 Study/MetaDataVersion (item groups, items, code lists).
            The columns, codes and units are those of docs/input-format.md. --out must be new or empty.

            Examples:
              mmpipe template redcap --out redcap-kit/ --study-id MMRWE
              mmpipe validate EXPORT.csv --pipeline redcap-kit/redcap-pipeline.yaml --out check/
              mmpipe template csv --out site-kit/
            """)

    @Argument(help: "csv, redcap or odm.")
    var kind: String

    @Option(name: .long, help: "Output folder (new or empty).")
    var out: String

    @Option(name: .long, help: "Study identifier written into the pipeline file and the ODM study.")
    var studyID: String = "MMSTUDY"

    @Option(name: .long, help: "The dictionaries folder the REDCap pipeline file points at (default: schemas).")
    var schemas: String = "schemas"

    func run() throws {
        guard let kind = TemplateKind(rawValue: kind.lowercased()) else {
            printError("mmpipe: '\(self.kind)' is not a template; use one of \(TemplateKind.allCases.map(\.rawValue).joined(separator: ", ")).")
            throw ExitCode(2)
        }
        guard !studyID.isEmpty, studyID.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }) else {
            printError("mmpipe: --study-id must be letters, digits, '-' or '_' (it prefixes every USUBJID).")
            throw ExitCode(2)
        }
        // SOURCE_DATE_EPOCH fixes the ODM file's timestamp, as it fixes every other one.
        let epoch = ProcessInfo.processInfo.environment["SOURCE_DATE_EPOCH"].flatMap { Double($0) }
        let created = ISO8601DateFormatter().string(from: epoch.map { Date(timeIntervalSince1970: $0) } ?? Date())
        do {
            let written = try TemplateKit.write(kind, studyID: studyID, schemasFolder: schemas, outFolder: out,
                                                creationDateTime: created)
            for path in written { print("wrote \(path)") }
        } catch {
            printError("mmpipe: \(error)")
            throw ExitCode(2)
        }
    }
}
