import ArgumentParser
import MMPipeline

/// `mmpipe run`: the whole pipeline (SPEC 3).
struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Ingest, validate and derive; write the dataset, findings, report and audit log.",
        discussion: """
            Examples:
              mmpipe run                                   # samples/ → out/
              mmpipe run site03/ site07.xml --pipeline pipelines/reference.yaml --out results/
              MMPIPE_STUDY_KEY=secret mmpipe run data/ --key-map keys.csv
            """)

    @OptionGroup var stage: StageOptions

    @Option(name: .long, help: "Also write the SITEID,SUBJID,USUBJID table to this file (outside the dataset).")
    var keyMap: String?

    func run() throws {
        do {
            let summary = try PipelineRunner().run(stage.request(mode: .dataset, keyMap: keyMap))
            for w in summary.warningsAboutKey { printError("warning: \(w)") }
            print("mmpipe: \(summary.patients) patients (\(summary.analysisPopulation) in the analysis population), "
                + "\(summary.rowsRead) rows read, \(summary.rowsRejected) rejected; findings: \(summary.errors) errors, "
                + "\(summary.warnings) warnings, \(summary.infos) info → \(stage.out)/")
        } catch {
            printError("mmpipe: \(error)")
            throw ExitCode(2)
        }
    }
}
