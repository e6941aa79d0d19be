import ArgumentParser
import MMPipeline

/// `mmpipe run`: the whole pipeline (SPEC 3).
struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Ingest, validate and derive; write the dataset, findings, report and audit log.",
        discussion: """
            Exit status (as validate): 0 no errors, 1 errors found (or warnings with --strict) or an empty \
            analysis population (the reason is printed), 2 the run failed. Each site's queries go to \
            out/sites/<SITEID>/. The --out folder must be empty, new, or an earlier run's output holding \
            nothing else.
            Examples:
              mmpipe run                                   # samples/ → out/
              mmpipe run site03/ site07.xml --pipeline pipelines/reference.yaml --out results/
              MMPIPE_STUDY_KEY=secret mmpipe run data/ --key-map keys.csv
            """)

    @OptionGroup var stage: StageOptions

    @Option(name: .long, help: "Also write the SITEID,SUBJID,USUBJID table to this file (outside the dataset).")
    var keyMap: String?

    func run() throws {
        let summary: RunSummary
        do {
            summary = try PipelineRunner().run(stage.request(mode: .dataset, keyMap: keyMap))
        } catch let exit as ExitCode {
            throw exit
        } catch {
            printError("mmpipe: \(error)")
            throw ExitCode(2)
        }
        for w in summary.warningsAboutKey { printError("warning: \(w)") }
        print("mmpipe: \(summary.patients) patients (\(summary.analysisPopulation) in the analysis population), "
            + "\(summary.rowsRead) rows read, \(summary.rowsRejected) rejected; findings: \(summary.errors) errors, "
            + "\(summary.warnings) warnings, \(summary.infos) info → \(stage.outDirectory(.dataset))/")
        let status = stage.exitStatus(summary, mode: .dataset)
        if status != 0 { throw ExitCode(status) }
    }
}
