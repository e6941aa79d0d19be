import ArgumentParser
import MMPipeline

/// `mmpipe validate`: checks an upload only (SPEC 3). Exit 0: no errors; 1: errors (or
/// warnings with `--strict`); 2: the run itself failed.
struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check a site upload: write findings.csv and report.html, no dataset.",
        discussion: """
            Exit status: 0 no errors, 1 errors found (or warnings with --strict), 2 the run failed.
            Example:
              mmpipe validate uploads/site03/ --out site03-check/
              mmpipe validate uploads/site03-july/ --since site03-check/ --out site03-check-july/
                (STATUS NEW / OPEN / RESOLVED against the previous upload's findings)
            """)

    @OptionGroup var stage: StageOptions

    @Flag(name: .long, help: "Exit 1 on warnings too.")
    var strict = false

    func run() throws {
        let summary: RunSummary
        do {
            summary = try PipelineRunner().run(stage.request(mode: .validationOnly, keyMap: nil))
        } catch {
            printError("mmpipe: \(error)")
            throw ExitCode(2)
        }
        print("mmpipe: \(summary.patients) patients, \(summary.rowsRead) rows read, \(summary.rowsRejected) rejected; "
            + "findings: \(summary.errors) errors, \(summary.warnings) warnings, \(summary.infos) info → \(stage.out)/")
        if let since = summary.sinceLine { print("mmpipe: \(since)") }
        if summary.errors > 0 || (strict && summary.warnings > 0) { throw ExitCode(1) }
    }
}
