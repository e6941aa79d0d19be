import ArgumentParser
import MMPipeline

/// `mmpipe validate`: checks an upload only (SPEC 3). Exit 0: no errors; 1: errors (or
/// warnings with `--strict`); 2: the run itself failed.
struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check a site upload: write findings.csv and report.html, no dataset.",
        discussion: """
            Exit status: 0 no errors, 1 errors found (or warnings with --strict), 2 the run failed.
            Writes to validation/ by default (never out/, the dataset's folder), and refuses to write into a \
            folder holding a dataset. Each site's queries go to <out>/sites/<SITEID>/.
            Example:
              mmpipe validate uploads/site03/ --out site03-check/
              mmpipe validate uploads/site03-july/ --since site03-check/ --out site03-check-july/
                (STATUS NEW / OPEN / RESOLVED against the previous upload's findings)
            """)

    @OptionGroup var stage: StageOptions

    func run() throws {
        let summary: RunSummary
        do {
            summary = try PipelineRunner().run(stage.request(mode: .validationOnly, keyMap: nil))
        } catch let exit as ExitCode {
            throw exit
        } catch {
            printError("mmpipe: \(error)")
            throw ExitCode(2)
        }
        print("mmpipe: \(summary.patients) patients, \(summary.rowsRead) rows read, \(summary.rowsRejected) rejected; "
            + "findings: \(summary.errors) errors, \(summary.warnings) warnings, \(summary.infos) info → \(stage.outDirectory(.validationOnly))/")
        if let since = summary.sinceLine { print("mmpipe: \(since)") }
        let status = stage.exitStatus(summary, mode: .validationOnly)
        if status != 0 { throw ExitCode(status) }
    }
}
