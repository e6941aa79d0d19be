import Foundation

/// `mmpipe audit verify` (SPEC 3, 7): re-checks every line of `audit.jsonl` (its hash, its
/// `prev` link, `seq`, canonical form) and, given the output folder, every file hash listed in
/// `manifest.json` and in the audit log's last (`emit`) line.
public enum AuditVerifier {
    /// What the verification found.
    public enum Outcome: Sendable, Equatable {
        /// Nothing altered: number of audit lines and of files checked.
        case intact(lines: Int, files: Int)
        /// The first alteration found, as a sentence naming the line (number, seq) or file.
        case altered(String)
        /// The folder or file cannot be read (exit 2).
        case unreadable(String)

        /// The exit status of `mmpipe audit verify`: 0 intact, 1 altered, 2 unreadable.
        public var exitCode: Int32 {
            switch self {
            case .intact: return 0
            case .altered: return 1
            case .unreadable: return 2
            }
        }

        public var message: String {
            switch self {
            case .intact(let lines, let files):
                return "OK: audit.jsonl has \(lines) line(s) with an intact hash chain"
                    + (files > 0 ? "; \(files) file hash(es) match manifest.json and the audit log's emit line." : ".")
            case .altered(let m): return "ALTERED: " + m
            case .unreadable(let m): return "ERROR: " + m
            }
        }
    }

    /// Verifies an output folder or a single audit log file.
    public static func verify(path: String) -> Outcome {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else {
            return .unreadable("'\(path)' does not exist: give the output folder (e.g. out/) or its audit.jsonl.")
        }
        if !isDir.boolValue { return verifyLog(path: path).outcome }
        let logPath = (path as NSString).appendingPathComponent("audit.jsonl")
        let manifestPath = (path as NSString).appendingPathComponent("manifest.json")
        let log = verifyLog(path: logPath)
        guard case .intact(let lines, _) = log.outcome else { return log.outcome }
        guard FileManager.default.fileExists(atPath: manifestPath) else {
            return .altered("manifest.json is missing from '\(path)'.")
        }
        guard let manifestData = FileManager.default.contents(atPath: manifestPath) else {
            return .unreadable("Cannot read '\(manifestPath)': is '\(path)' an mmpipe output folder?")
        }
        let manifest: JSONValue
        do { manifest = try JSONParser.parse([UInt8](manifestData)) } catch {
            return .altered("manifest.json is not valid JSON (byte \(error.offset): \(error.reason)).")
        }
        guard let outputs = manifest["outputs"]?.arrayValue else {
            return .altered("manifest.json has no outputs list.")
        }
        var checked = 0
        var manifestNames = Set<String>()
        for entry in outputs {
            guard let name = entry["name"]?.stringValue, let expected = entry["sha256"]?.stringValue else {
                return .altered("manifest.json has an output entry without name or sha256.")
            }
            manifestNames.insert(name)
            if let problem = checkFile(folder: path, name: name, expected: expected, listedIn: "manifest.json") {
                return problem
            }
            checked += 1
        }
        guard manifestNames.contains("audit.jsonl") else {
            return .altered("manifest.json does not list audit.jsonl.")
        }
        // The last audit line names the outputs too: both records must agree with the files.
        guard let last = log.last, last["action"]?.stringValue == "emit", let emitted = last["outputs"]?.arrayValue else {
            return .altered("audit.jsonl line \(lines): the last line is not the emit line listing the outputs (the log was truncated).")
        }
        for entry in emitted {
            guard let name = entry["name"]?.stringValue, let expected = entry["sha256"]?.stringValue else {
                return .altered("audit.jsonl line \(lines): an output entry has no name or sha256.")
            }
            if let problem = checkFile(folder: path, name: name, expected: expected, listedIn: "audit.jsonl line \(lines)") {
                return problem
            }
        }
        return .intact(lines: lines, files: checked)
    }

    private static func checkFile(folder: String, name: String, expected: String, listedIn: String) -> Outcome? {
        // Site packages live one folder down (`sites/S01/findings.csv`); nothing may climb out.
        let parts = name.split(separator: "/", omittingEmptySubsequences: false)
        guard !name.hasPrefix("/"), !parts.contains(where: { $0 == ".." || $0 == "." || $0.isEmpty }) else {
            return .altered("\(listedIn) names an output outside the folder: '\(name)'.")
        }
        let filePath = (folder as NSString).appendingPathComponent(name)
        guard let actual = Digest.sha256Hex(ofFile: filePath) else {
            return .altered("\(name) is missing or unreadable (listed in \(listedIn)).")
        }
        guard actual.hex == expected else {
            return .altered("\(name) was altered: its SHA-256 is \(actual.hex), \(listedIn) records \(expected).")
        }
        return nil
    }

    struct LogResult {
        var outcome: Outcome
        var last: JSONValue?
    }

    /// Checks the hash chain of one audit log, reading it line by line (logs of large runs
    /// do not fit in memory).
    static func verifyLog(path: String) -> LogResult {
        guard let file = fopen(path, "rb") else {
            return LogResult(outcome: .unreadable("Cannot read '\(path)' (\(String(cString: strerror(errno))))."))
        }
        defer { fclose(file) }
        var reader = LineReader(file: file)
        var prev = AuditLog.genesis
        var lineNumber = 0
        var last: JSONValue?
        while let (line, terminated) = reader.next() {
            lineNumber += 1
            guard terminated else {
                return LogResult(outcome: .altered("audit.jsonl line \(lineNumber) does not end with a newline: it was cut or edited."))
            }
            let seqText = { (v: JSONValue?) in v?["seq"]?.intValue.map { "seq \($0)" } ?? "seq unreadable" }
            let value: JSONValue
            do { value = try JSONParser.parse(line) } catch {
                return LogResult(outcome: .altered("audit.jsonl line \(lineNumber): not valid JSON (byte \(error.offset): \(error.reason))."))
            }
            let where_ = "audit.jsonl line \(lineNumber) (\(seqText(value)))"
            guard case .object(var object) = value, let hash = object["hash"]?.stringValue,
                  let linePrev = object["prev"]?.stringValue else {
                return LogResult(outcome: .altered("\(where_): no hash or prev."))
            }
            guard value.canonical() == line else {
                return LogResult(outcome: .altered("\(where_): the line is not in canonical form, so it was edited."))
            }
            guard object["seq"]?.intValue == lineNumber else {
                return LogResult(outcome: .altered("\(where_): seq should be \(lineNumber) (a line was removed, added or moved)."))
            }
            guard linePrev == prev else {
                return LogResult(outcome: .altered("\(where_): prev does not match the previous line's hash (a line was removed, added or moved)."))
            }
            object["hash"] = nil
            let computed = AuditLog.hash(prev: prev, body: JSONValue.object(object).canonical())
            guard computed == hash else {
                return LogResult(outcome: .altered("\(where_): its hash does not match its content, so the line was altered."))
            }
            prev = hash
            last = value
        }
        if reader.failed { return LogResult(outcome: .unreadable("Cannot read '\(path)' to the end.")) }
        guard lineNumber > 0 else { return LogResult(outcome: .altered("audit.jsonl is empty.")) }
        // SPEC 3: a log that does not end with its emit line is truncated, even checked alone
        // (a cut at a line boundary leaves every remaining line's chain intact).
        guard last?["action"]?.stringValue == "emit" else {
            return LogResult(outcome: .altered("audit.jsonl line \(lineNumber) is its last line but not the emit line that closes every log: the log was truncated after line \(lineNumber)."))
        }
        return LogResult(outcome: .intact(lines: lineNumber, files: 0), last: last)
    }
}

/// LF-terminated lines of a file, read in 1 MiB blocks.
struct LineReader {
    let file: UnsafeMutablePointer<FILE>
    private var buffer = [UInt8](repeating: 0, count: 1 << 20)
    private var start = 0
    private var end = 0
    private var eof = false
    private(set) var failed = false

    init(file: UnsafeMutablePointer<FILE>) { self.file = file }

    /// The next line without its LF, and whether it had one; nil at the end.
    mutating func next() -> ([UInt8], Bool)? {
        var line: [UInt8] = []
        while true {
            if start < end {
                if let nl = buffer[start..<end].firstIndex(of: 0x0A) {
                    line += buffer[start..<nl]
                    start = nl + 1
                    return (line, true)
                }
                line += buffer[start..<end]
                start = end
            }
            if eof { return line.isEmpty ? nil : (line, false) }
            let n = buffer.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, file) }
            if n < buffer.count {
                eof = true
                if ferror(file) != 0 { failed = true }
            }
            start = 0
            end = n
        }
    }
}
