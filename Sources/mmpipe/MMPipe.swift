import ArgumentParser
import MMPipeline

/// The `mmpipe` command: one subcommand per file of this folder.
@main
struct MMPipe: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mmpipe",
        abstract: "Turns multiple-myeloma CRF exports into a validated, analysis-ready dataset.",
        discussion: """
            Example (the bundled samples, with pipelines/reference.yaml, into out/):
              mmpipe run
            """,
        version: "mmpipe \(mmpipeVersion)",
        subcommands: [Run.self, Validate.self, Audit.self, Explain.self, Synth.self, Summarize.self, Compare.self,
                      Rules.self, Template.self, Scan.self],
        defaultSubcommand: nil)
}
