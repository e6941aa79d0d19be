import Foundation
import MMIngest
import MMMap
import MMModel
@testable import MMSynth
import MMValidate
import Testing
@testable import MMPipeline

/// The invariant of issue 18 / SPEC 5: every input row is in the dataset (a row of the
/// validated records) or counted as rejected and named (an audit `reject` line or a finding at
/// its file:line, or an ERROR refusing its whole file). Checked on a seeded synthetic upload
/// (`mmpipe synth`) with one row (or the header) of one file mutated at a time.
@Suite("Property: every input row is kept or counted as rejected and named")
struct RowAccountingPropertyTests {
    /// A seeded generator (the generator's SplitMix64 step), so that a failing case can be replayed.
    struct SeededRandom: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 { SynthRandom.splitMix(&state) }
    }

    /// One mutation of one line (fields split at commas: synth writes no quoted commas).
    enum Mutation: CaseIterable {
        case unknownPatient, emptyField, garbageField, nulInField, extraField, missingField, duplicateLine,
             ancientDate, futureDate, hugeNumber, loneCR, deleteLine, renameHeaderColumn

        func apply(to lines: inout [String], random: inout SeededRandom) -> String {
            let header = lines[0].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            let i = Int.random(in: 1..<lines.count, using: &random)
            var fields = lines[i].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            let k = Int.random(in: 0..<fields.count, using: &random)
            func column(matching test: (String) -> Bool) -> Int { header.firstIndex(where: test) ?? k }
            switch self {
            case .unknownPatient: fields[column { $0 == "patient_id" }] = "ZZ\(i)"
            case .emptyField: fields[k] = ""
            case .garbageField: fields[k] = "@@?"
            case .nulInField: fields[k] += "\u{0}x"
            case .extraField: fields.append("x")
            case .missingField: fields.removeLast()
            case .duplicateLine: lines.insert(lines[i], at: i)
            case .ancientDate: fields[column { $0.hasSuffix("date") }] = "1850-06-01"
            case .futureDate: fields[column { $0.hasSuffix("date") }] = "2999-01-01"
            case .hugeNumber: fields[column { $0 == "value" || $0 == "weight_kg" || $0 == "grade" }] = "1e308"
            case .loneCR: fields[k] = "a\rb"
            case .deleteLine: lines.remove(at: i)
            case .renameHeaderColumn:
                var h = header
                let c = Int.random(in: 0..<h.count, using: &random)
                h[c] = h[c].replacingOccurrences(of: "_", with: " ") + "x"
                lines[0] = h.joined(separator: ",")
                return "\(self) column \(c)"
            }
            if ![.duplicateLine, .deleteLine].contains(self) { lines[i] = fields.joined(separator: ",") }
            return "\(self) at line \(i + 1), field \(k)"
        }
    }

    /// What ingest → map → validate did with every row.
    struct Accounting {
        var kept = Set<String>()
        var named = Set<String>()
        var refusedFiles = Set<String>()
        var read = 0
        var rejected = 0
    }

    static func account(_ folder: String, pipeline: PipelineFile) throws -> Accounting {
        let files = try InputDiscovery.discover([folder])
        var (records, _, log) = PipelineRunner.loadRecords(files, pipeline: pipeline)
        let validator = Validator(options: pipeline.options, today: Day(year: 2026, month: 1, day: 1)!)
        var a = Accounting()
        // A record without its patients row derives nothing: its rows are not in the dataset.
        for record in records where record.patient != nil {
            let clean = validator.validate(record, log: &log)
            let provenances = [clean.patient?.provenance].compactMap { $0 } + clean.labs.map(\.provenance)
                + clean.cytogenetics.map(\.provenance) + clean.therapies.map(\.provenance)
                + clean.assessments.map(\.provenance) + clean.adverseEvents.map(\.provenance)
            a.kept.formUnion(provenances.map(\.source))
        }
        records = []
        for entry in log.audit where entry.action == .reject && entry.rule != .catalogue(.PHI001) { a.named.insert(entry.source) }
        for f in log.findings where f.severity == .error {
            a.named.insert(f.source)
            // A finding at the header (or at no line) that says no row of the file was used.
            let fileLevel: Set<String> = [Rule.ING001.id, Rule.ING002.id, Rule.ING004.id, Rule.ING006.id, Rule.ING011.id]
            if fileLevel.contains(f.rule.id) { a.refusedFiles.insert(String(f.source.prefix { $0 != ":" })) }
        }
        a.read = log.readRows.values.reduce(0, +)
        a.rejected = log.rejectedRows.values.reduce(0, +)
        return a
    }

    /// Physical line numbers (1-based) of the non-blank data lines of `text` (LF, CRLF, lone CR).
    static func dataLines(_ text: String) -> [Int] {
        var lines: [Int] = []
        var line = 1, content = false
        let bytes = Array(text.utf8)
        for (i, b) in bytes.enumerated() {
            if b == 0x0A || (b == 0x0D && (i + 1 == bytes.count || bytes[i + 1] != 0x0A)) {
                if content && line > 1 { lines.append(line) }
                line += 1
                content = false
            } else if b != 0x0D && b != 0x20 {
                content = true
            }
        }
        if content && line > 1 { lines.append(line) }
        return lines
    }

    @Test("single-row mutations of a synthetic upload (seeded): rows kept + rejected = rows read, each rejected row named")
    func everyRowIsKeptOrRejectedAndNamed() throws {
        let base = try temporaryFolder().appendingPathComponent("cohort")
        _ = try CohortGenerator().generate(SynthOptions(patients: 12, sites: 2, seed: 18, outDirectory: base.path))
        let pipeline = try PipelineFile.load(path: referencePipeline)
        let tables = try FileManager.default.contentsOfDirectory(atPath: base.path).filter { $0.hasSuffix(".csv") }.sorted()
        var random = SeededRandom(state: 18)
        for round in 0..<60 {
            let mutation = Mutation.allCases[round % Mutation.allCases.count]
            let file = tables[Int.random(in: 0..<tables.count, using: &random)]
            let folder = base.deletingLastPathComponent().appendingPathComponent("m\(round)")
            try? FileManager.default.removeItem(at: folder)
            try FileManager.default.copyItem(at: base, to: folder)
            let path = folder.appendingPathComponent(file)
            var lines = try String(contentsOf: path, encoding: .utf8).split(separator: "\n").map(String.init)
            guard lines.count > 1 else { continue }
            let what = mutation.apply(to: &lines, random: &random)
            let text = lines.joined(separator: "\n") + "\n"
            try Data(text.utf8).write(to: path)

            let a = try Self.account(folder.path, pipeline: pipeline)
            let context = "round \(round): \(file) \(what)"
            // Counted: every row read is kept or rejected, once.
            #expect(a.read == a.kept.count + a.rejected, "\(context): read \(a.read), kept \(a.kept.count), rejected \(a.rejected)")
            // Named: every data line of every file is kept, or named by a reject or an ERROR.
            for name in tables where !a.refusedFiles.contains(name) {
                let written = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
                for line in Self.dataLines(written) {
                    let source = "\(name):\(line)"
                    #expect(a.kept.contains(source) || a.named.contains(source), "\(context): \(source) neither kept nor named")
                }
            }
            try? FileManager.default.removeItem(at: folder)
        }
    }
}
