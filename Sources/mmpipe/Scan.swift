import ArgumentParser
import Foundation
import MMIngest
import MMModel

/// `mmpipe scan`: the bare libcsv scan of SPEC 8 — the baseline that `mmpipe run`
/// throughput is compared with. `--rows` instead runs the full ingest readers (RawRows,
/// no mapping) so that the reader's own cost can be measured against the bare scan.
struct Scan: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Scan CSV files with libcsv only and print rows, bytes, seconds and MB/s (benchmark baseline).",
        discussion: """
            Folders are searched one level deep. With --rows, CSV and ODM .xml files go through the full \
            ingest readers (raw rows, no mapping) instead of the bare libcsv scan.
            Examples:
              mmpipe scan bench-data/labs.csv
              mmpipe scan --rows bench-data/
            """)

    @Argument(help: "CSV files (and, with --rows, ODM .xml files), or folders holding them.")
    var inputs: [String]

    @Flag(name: .long, help: "Run the full ingest readers (CSVFileReader / ODMFileReader) and count raw rows.")
    var rows = false

    func run() throws {
        let files: [InputFile]
        do { files = try InputDiscovery.discover(inputs) } catch {
            printError("mmpipe: \(error)")
            throw ExitCode(2)
        }
        print("file\trows\tbytes\tseconds\tMB/s\trows/s")
        var totalRows = 0, totalBytes = 0, totalSeconds = 0.0
        var failed = false
        for file in files {
            let result: ScanResult
            if rows {
                result = Self.readRows(file)
            } else {
                guard file.format == .csv else {
                    printError("mmpipe: \(file.name) is ODM XML, which the bare libcsv scan skips; use --rows to time its reader.")
                    continue
                }
                result = CSVFileReader.scan(path: file.path)
            }
            if !result.readable {
                printError("mmpipe: \(file.name) cannot be read.")
                failed = true
                continue
            }
            totalRows += result.rows
            totalBytes += result.bytes
            totalSeconds += result.seconds
            print(Self.line(file.name, rows: result.rows, bytes: result.bytes, seconds: result.seconds))
        }
        print(Self.line("total", rows: totalRows, bytes: totalBytes, seconds: totalSeconds))
        if failed { throw ExitCode(2) }
    }

    /// The full reader over one file, counting the rows it delivers.
    static func readRows(_ file: InputFile) -> ScanResult {
        let clock = ContinuousClock()
        let started = clock.now
        var log = StageLog()
        var count = 0
        let summary: InputFileSummary
        switch file.format {
        case .csv: summary = CSVFileReader(path: file.path).read(log: &log) { _ in count += 1 }
        case .odm: summary = ODMFileReader(path: file.path).read(log: &log) { _ in count += 1 }
        }
        let elapsed = clock.now - started
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        for finding in log.findings.prefix(5) {
            printError("mmpipe: \(finding.rule.id) \(finding.source): \(finding.message)")
        }
        let unreadable = log.findings.contains { $0.rule == .ING001 }
        return ScanResult(path: file.path, rows: count, fields: 0, bytes: summary.bytes, seconds: seconds,
                          readable: !unreadable)
    }

    static func line(_ name: String, rows: Int, bytes: Int, seconds: Double) -> String {
        let mbps = seconds > 0 ? Double(bytes) / 1e6 / seconds : 0
        let rps = seconds > 0 ? Double(rows) / seconds : 0
        return "\(name)\t\(rows)\t\(bytes)\t\(String(format: "%.3f", seconds))\t\(String(format: "%.1f", mbps))\t\(String(format: "%.0f", rps))"
    }
}
