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
              mmpipe run uploads/ --out dataset/ --store postgresql://mmpipe@db.network.org/mm
                (also loads the dataset into the network's PostgreSQL store; password in ~/.pgpass)
            """)

    @OptionGroup var stage: StageOptions

    @Option(name: .long, help: "Also write the SITEID,SUBJID,USUBJID table to this file (outside the dataset).")
    var keyMap: String?

    @Option(name: .long, help: "Also load the dataset into this PostgreSQL store (postgresql://user@host/db; overrides store: in the pipeline file).")
    var store: String?

    func run() throws {
        let summary: RunSummary
        do {
            var request = try stage.request(mode: .dataset, keyMap: keyMap)
            request.store = store
            summary = try PipelineRunner().run(request)
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
        if let since = summary.sinceLine { print("mmpipe: \(since)") }
        if let load = summary.store {
            print("mmpipe: run \(load.runID) \(load.replaced ? "replaced" : "loaded") in the store, schema \(load.schema): "
                + load.rows.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
        }
        let status = stage.exitStatus(summary, mode: .dataset)
        if status != 0 { throw ExitCode(status) }
    }
}
