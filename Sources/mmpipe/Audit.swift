import ArgumentParser

/// `mmpipe audit verify`: re-checks the audit log's hash chain and the manifest (SPEC 3). STUB.
struct Audit: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Audit-log tools.",
        subcommands: [Verify.self])

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Re-check audit.jsonl's hash chain and manifest.json's file hashes; exit 1 when anything was altered.",
            discussion: "Example:\n  mmpipe audit verify out/")

        @Argument(help: "The output folder, or its audit.jsonl.")
        var path: String

        func run() throws {}
    }
}
