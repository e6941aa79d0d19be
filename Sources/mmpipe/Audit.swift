import ArgumentParser
import MMEmit

/// `mmpipe audit verify`: re-checks the audit log's hash chain and the manifest (SPEC 3).
/// The checks live in `MMEmit.AuditVerifier`; this file only parses arguments.
struct Audit: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Audit-log tools.",
        subcommands: [Verify.self])

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Re-check audit.jsonl's hash chain and manifest.json's file hashes; exit 1 when anything was altered.",
            discussion: """
                Checks every line's hash and prev link in audit.jsonl and, for a folder, the SHA-256 of every file \
                listed in manifest.json and in the audit log's last (emit) line. Prints OK, or names the first \
                broken line (line number and seq) or the altered file.

                Exit status: 0 intact, 1 something was altered, 2 the folder or file cannot be read.

                Examples:
                  mmpipe audit verify out/
                  mmpipe audit verify out/audit.jsonl
                """)

        @Argument(help: "The output folder, or its audit.jsonl.")
        var path: String

        func run() throws {
            let outcome = AuditVerifier.verify(path: path)
            switch outcome {
            case .intact: print("mmpipe: \(outcome.message)")
            case .altered, .unreadable: printError("mmpipe: \(outcome.message)")
            }
            if outcome.exitCode != 0 { throw ExitCode(outcome.exitCode) }
        }
    }
}
