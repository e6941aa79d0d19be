import Foundation
import Testing

/// The built `mmpipe` executable as a user runs it (SPEC 3): exit statuses, default folders,
/// `--version`, `--help` and the sentences of errors. `swift build --build-tests` builds it
/// beside the tests.
@Suite("Command line (SPEC 3)")
struct CommandLineTests {
    static let executable = repositoryRoot.appendingPathComponent(".build/debug/mmpipe").path

    struct Outcome {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static func mmpipe(_ arguments: [String], in folder: URL? = nil) throws -> Outcome {
        try #require(FileManager.default.isExecutableFile(atPath: executable),
                     "\(executable) is missing: build with `swift build --build-tests` (scripts/test.sh) before `swift test --skip-build`")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let folder { process.currentDirectoryURL = folder }
        var environment = ProcessInfo.processInfo.environment
        environment["MMPIPE_STUDY_KEY"] = "cli-test-key"
        environment["SOURCE_DATE_EPOCH"] = "1751328000"
        process.environment = environment
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let o = out.fileHandleForReading.readDataToEndOfFile(), e = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Outcome(status: process.terminationStatus, stdout: String(decoding: o, as: UTF8.self),
                       stderr: String(decoding: e, as: UTF8.self))
    }

    @Test("mmpipe --version prints the version")
    func version() throws {
        let r = try Self.mmpipe(["--version"])
        #expect(r.status == 0)
        #expect(r.stdout.hasPrefix("mmpipe 0."))
    }

    @Test("--help shows each default once")
    func helpDefaults() throws {
        for command in ["run", "validate"] {
            let help = try Self.mmpipe([command, "--help"]).stdout
            for option in ["--pipeline", "--out"] {
                let block = help.components(separatedBy: "  \(option) ").dropFirst().first?.components(separatedBy: "\n  -")[0] ?? ""
                #expect(block.components(separatedBy: "default").count - 1 == 1, "\(command) \(option): \(block)")
            }
        }
    }

    @Test("Exit status: run as validate (0 clean, 1 errors), 1 with the reason on an empty analysis population")
    func exitStatus() throws {
        let dir = try temporaryFolder()
        try UploadFixture.reference.writeCSV(to: dir.appendingPathComponent("clean"))
        let clean = try Self.mmpipe(["run", dir.appendingPathComponent("clean").path, "--pipeline", referencePipeline,
                                     "--out", dir.appendingPathComponent("o1").path])
        let validated = try Self.mmpipe(["validate", dir.appendingPathComponent("clean").path, "--pipeline", referencePipeline,
                                         "--out", dir.appendingPathComponent("v1").path])
        #expect(clean.status == validated.status)
        var bad = UploadFixture.reference
        bad.tables[0].rows[0][2] = "X"  // sex X: an ERROR
        try bad.writeCSV(to: dir.appendingPathComponent("bad"))
        let withErrors = try Self.mmpipe(["run", dir.appendingPathComponent("bad").path, "--pipeline", referencePipeline,
                                          "--out", dir.appendingPathComponent("o2").path])
        #expect(withErrors.status == 1)
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("o2/adsl.csv").path))
        let unrelated = dir.appendingPathComponent("unrelated")
        try FileManager.default.createDirectory(at: unrelated, withIntermediateDirectories: true)
        try Data("city,population\nPavia,71000\n".utf8).write(to: unrelated.appendingPathComponent("cities.csv"))
        let empty = try Self.mmpipe(["run", unrelated.path, "--pipeline", referencePipeline, "--out", dir.appendingPathComponent("o3").path])
        #expect(empty.status == 1)
        #expect(empty.stderr.contains("the analysis population is empty: no patient could be read"))
    }

    @Test("run and validate keep their outputs apart by default: validate never replaces out/")
    func defaultFolders() throws {
        let dir = try temporaryFolder()
        try UploadFixture.reference.writeCSV(to: dir.appendingPathComponent("in"))
        let input = dir.appendingPathComponent("in").path
        _ = try Self.mmpipe(["run", input, "--pipeline", referencePipeline], in: dir)
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("out/adsl.csv").path))
        _ = try Self.mmpipe(["validate", input, "--pipeline", referencePipeline], in: dir)
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("validation/findings.csv").path))
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("out/adsl.csv").path))
        let into = try Self.mmpipe(["validate", input, "--pipeline", referencePipeline, "--out", "out"], in: dir)
        #expect(into.status == 2)
        #expect(into.stderr.contains("holds a dataset"))
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("out/adsl.csv").path))
    }

    @Test("Errors name what was given: --key-map's missing folder, no --pipeline outside the repository")
    func errorSentences() throws {
        let dir = try temporaryFolder()
        try UploadFixture.reference.writeCSV(to: dir.appendingPathComponent("in"))
        let keyMap = try Self.mmpipe(["run", dir.appendingPathComponent("in").path, "--pipeline", referencePipeline,
                                      "--out", dir.appendingPathComponent("o").path, "--key-map", "/nonexist/keys.csv"])
        #expect(keyMap.status == 2)
        #expect(keyMap.stderr.contains("--key-map"))
        #expect(!keyMap.stderr.contains("--out folder is writable"))
        let bare = try Self.mmpipe(["run"], in: dir)
        #expect(bare.status == 2)
        #expect(bare.stderr.contains("no --pipeline was given"))
        #expect(!bare.stderr.contains("check the path given to --pipeline"))
    }

    @Test("synth refuses a non-empty folder")
    func synthRefuses() throws {
        let dir = try temporaryFolder()
        try Data("patient_id\nREAL\n".utf8).write(to: dir.appendingPathComponent("patients.csv"))
        let r = try Self.mmpipe(["synth", "--patients", "3", "--out", dir.path])
        #expect(r.status == 2)
        #expect(r.stderr.contains("not empty"))
        #expect(String(decoding: try Data(contentsOf: dir.appendingPathComponent("patients.csv")), as: UTF8.self) == "patient_id\nREAL\n")
    }

    @Test("synth --format is csv or odm in any case; anything else is refused before a file is written")
    func synthFormat() throws {
        let dir = try temporaryFolder()
        let upper = try Self.mmpipe(["synth", "--patients", "2", "--sites", "1", "--format", "ODM", "--out", dir.appendingPathComponent("odm").path])
        #expect(upper.status == 0)
        let written = try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("odm").path)
        #expect(written.contains { $0.hasSuffix(".xml") } && !written.contains { $0.hasSuffix(".csv") }, "\(written)")
        let bad = try Self.mmpipe(["synth", "--patients", "2", "--format", "xlsx", "--out", dir.appendingPathComponent("x").path])
        #expect(bad.status == 64)
        #expect(bad.stderr.contains("'xlsx'") && bad.stderr.contains("'csv'") && bad.stderr.contains("'odm'"), "\(bad.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("x").path))
    }
}
