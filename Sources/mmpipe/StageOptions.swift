import ArgumentParser
import Foundation
import MMPipeline

/// Options shared by `run` and `validate`.
struct StageOptions: ParsableArguments {
    @Argument(help: "CSV files, ODM .xml files or folders holding them (default: samples/).")
    var inputs: [String] = []

    @Option(name: .long, help: "The pipeline file (default: pipelines/reference.yaml).")
    var pipeline: String = "pipelines/reference.yaml"

    @Option(name: .long, help: "Output folder (default: out/).")
    var out: String = "out"

    @Option(name: .long, help: "The previous upload's output folder: each finding gets STATUS NEW or OPEN, and the queries gone since are listed RESOLVED.")
    var since: String?

    /// The request, with the environment read here and nowhere deeper (STYLE: no globals).
    func request(mode: EmitMode, keyMap: String?) -> PipelineRequest {
        let env = ProcessInfo.processInfo.environment
        let epoch = env["SOURCE_DATE_EPOCH"].flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        let key = env["MMPIPE_STUDY_KEY"].map { [UInt8]($0.utf8) }
        return PipelineRequest(inputs: inputs.isEmpty ? ["samples"] : inputs, pipelinePath: pipeline,
                               outDirectory: out, mode: mode, keyMapPath: keyMap, sourceDateEpoch: epoch,
                               studyKey: key, showProgress: isatty(2) == 1, since: since)
    }
}

/// Writes a line on stderr.
func printError(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}
