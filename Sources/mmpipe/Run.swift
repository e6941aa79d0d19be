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
              mmpipe run uploads/ --out dataset/ --store postgresql://mmpipe@db.network.org/mm
                (also loads the dataset into the network's PostgreSQL store; password in ~/.pgpass)
            """)

    @OptionGroup var stage: StageOptions

    @Option(name: .long, help: "Also write the SITEID,SUBJID,USUBJID table to this file (outside the dataset).")
    var keyMap: String?

    @Option(name: .long, help: "Also load the dataset into this PostgreSQL store (postgresql://user@host/db; overrides store: in the pipeline file).")
    var store: String?

    func run() throws {
        do {
            var request = stage.request(mode: .dataset, keyMap: keyMap)
            request.store = store
            let summary = try PipelineRunner().run(request)
            for w in summary.warningsAboutKey { printError("warning: \(w)") }
            print("mmpipe: \(summary.patients) patients (\(summary.analysisPopulation) in the analysis population), "
                + "\(summary.rowsRead) rows read, \(summary.rowsRejected) rejected; findings: \(summary.errors) errors, "
                + "\(summary.warnings) warnings, \(summary.infos) info → \(stage.out)/")
            if let since = summary.sinceLine { print("mmpipe: \(since)") }
            if let load = summary.store {
                print("mmpipe: run \(load.runID) \(load.replaced ? "replaced" : "loaded") in the store, schema \(load.schema): "
                    + load.rows.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
            }
        } catch {
            printError("mmpipe: \(error)")
            throw ExitCode(2)
        }
    }
}
