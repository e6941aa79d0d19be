import ArgumentParser
import Foundation
import MMPipeline

/// Options shared by `run` and `validate`. Defaults are written in the help text only (the
/// properties are optional), so `--help` shows each default once.
struct StageOptions: ParsableArguments {
    @Argument(help: "CSV files, ODM .xml files or folders holding them, or one sub-folder per site (default: samples/).")
    var inputs: [String] = []

    @Option(name: .long, help: "The pipeline file (default: pipelines/reference.yaml).")
    var pipeline: String?

    @Option(name: .long, help: "Output folder (default: out/ for run, validation/ for validate: kept apart, so a validate never replaces a dataset).")
    var out: String?

    @Flag(name: .long, help: "Exit 1 on warnings too.")
    var strict = false

    static let defaultPipeline = "pipelines/reference.yaml"

    /// The output folder: `--out`, else the mode's own default (SPEC 3: `run` and `validate`
    /// keep their outputs apart).
    func outDirectory(_ mode: EmitMode) -> String {
        out ?? (mode == .dataset ? "out" : "validation")
    }

    @Option(name: .long, help: "The previous upload's output folder: each finding gets STATUS NEW or OPEN, and the queries gone since are listed RESOLVED.")
    var since: String?

    /// The request, with the environment read here and nowhere deeper (STYLE: no globals).
    /// Without `--pipeline`, the bundled pipeline file must be where a repository checkout has
    /// it; the error then says so instead of blaming an option that was not given.
    func request(mode: EmitMode, keyMap: String?) throws -> PipelineRequest {
        let env = ProcessInfo.processInfo.environment
        let epoch = env["SOURCE_DATE_EPOCH"].flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        let key = env["MMPIPE_STUDY_KEY"].map { [UInt8]($0.utf8) }
        if pipeline == nil, !FileManager.default.fileExists(atPath: Self.defaultPipeline) {
            printError("mmpipe: no --pipeline was given and the default \(Self.defaultPipeline) is not in the current folder (\(FileManager.default.currentDirectoryPath)): run from the mmpipe repository, or give --pipeline FILE and the input files or folders.")
            throw ExitCode(2)
        }
        if let keyMap {
            let folder = (keyMap as NSString).deletingLastPathComponent
            var isDir: ObjCBool = false
            if !folder.isEmpty, !(FileManager.default.fileExists(atPath: folder, isDirectory: &isDir) && isDir.boolValue) {
                printError("mmpipe: cannot write the --key-map file '\(keyMap)': its folder '\(folder)' does not exist — create it or give another --key-map path (outside --out).")
                throw ExitCode(2)
            }
        }
        return PipelineRequest(inputs: inputs.isEmpty ? ["samples"] : inputs, pipelinePath: pipeline ?? Self.defaultPipeline,
                               outDirectory: outDirectory(mode), mode: mode, keyMapPath: keyMap, sourceDateEpoch: epoch,
                               studyKey: key, showProgress: isatty(2) == 1, since: since)
    }

    /// The exit status of a finished run (`RunSummary.exitStatus`), its reason printed on stderr.
    func exitStatus(_ summary: RunSummary, mode: EmitMode) -> Int32 {
        let (status, reason) = summary.exitStatus(mode: mode, strict: strict)
        if let reason { printError("mmpipe: \(reason)") }
        return status
    }
}

/// Writes a line on stderr.
func printError(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}
