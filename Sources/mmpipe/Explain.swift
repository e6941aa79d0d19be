import ArgumentParser
import Foundation
import MMPipeline

/// `mmpipe explain`: one patient's derivation trace, re-derived from the inputs (SPEC 3). The
/// work is `MMPipeline.ExplainRunner`'s; this file only parses arguments.
struct Explain: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Why a patient's derived values are what they are: the derivation trace, re-derived from the inputs.",
        discussion: """
            Each line of therapy with its rows (file:line) and why it started and ended; each assessment with \
            the values used, baseline, nadir, category and confirmation; each drug's exposure and the evidence \
            for or against refractoriness (which progression, which window); staging, renal and cytogenetic \
            inputs; each endpoint's event or censoring source; the RULES.md section behind every step.

            PATIENT is SITEID/SUBJID, or a USUBJID (which needs MMPIPE_STUDY_KEY, as for run). With --out naming \
            a previous run, the inputs and pipeline file must have the SHA-256 its manifest.json records (with no \
            INPUT, the inputs it names are read); otherwise explain refuses.

            Exit status: 0 explained, 1 the patient is not in the inputs, 2 explain could not run (inputs \
            differ from the run's, unreadable input, bad pipeline file).

            Examples:
              mmpipe explain S01/P0003                      # samples/
              mmpipe explain S01/P0003 --out out/            # the inputs out/manifest.json pins
              MMPIPE_STUDY_KEY=secret mmpipe explain ISAPD-S02-3f2a9c1b7d0e data/ --format json
            """)

    @Argument(help: "SITEID/SUBJID (e.g. S01/P0003) or USUBJID.")
    var patient: String

    @Argument(help: "CSV files, ODM .xml files or folders (default: the inputs of --out's manifest, else samples/).")
    var inputs: [String] = []

    @Option(name: .long, help: "The pipeline file (default: pipelines/reference.yaml).")
    var pipeline: String = "pipelines/reference.yaml"

    @Option(name: .long, help: "The output folder of a previous run: its manifest.json pins the inputs (SHA-256).")
    var out: String?

    @Option(name: .long, help: "text (for a person) or json (for machines).")
    var format: String = "text"

    func validate() throws {
        guard ["text", "json"].contains(format) else { throw ValidationError("--format must be text or json (e.g. --format json).") }
    }

    func run() throws {
        let env = ProcessInfo.processInfo.environment
        let request = ExplainRequest(patient: patient, inputs: inputs, pipelinePath: pipeline, outDirectory: out,
                                     studyKey: env["MMPIPE_STUDY_KEY"].map { [UInt8]($0.utf8) })
        do {
            let explanation = try ExplainRunner().explain(request)
            print(format == "json" ? explanation.json() : explanation.text(), terminator: "")
        } catch {
            printError("mmpipe explain: \(error)")
            if case .notFound = error { throw ExitCode(1) }
            throw ExitCode(2)
        }
    }
}
