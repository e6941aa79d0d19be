import ArgumentParser
import MMSynth

/// `mmpipe synth`: a deterministic synthetic cohort in the reference layout (SPEC 3).
struct Synth: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Generate a deterministic, clinically plausible synthetic cohort in the reference layout.",
        discussion: """
            Same arguments → byte-identical files. CSV: patients.csv labs.csv cytogenetics.csv therapies.csv \
            assessments.csv adverse_events.csv (SPEC 4.1); ODM: one ClinicalData XML per site (SPEC 4.2). \
            With --errors, injected errors of every rule family are listed in injected.csv.

            Examples:
              mmpipe synth --patients 1000 --sites 5 --seed 7 --out cohort/
              mmpipe synth --patients 200 --sites 3 --format odm --out cohort-odm/
              mmpipe synth --patients 60 --sites 4 --seed 2025 --errors 0.05 --split-sites --odm-sites 1 \\
                --injected samples/expected/injected.csv --out samples/
            """)

    @Option(name: .long, help: "Number of patients over all sites.")
    var patients: Int

    @Option(name: .long, help: "Number of sites (S01, S02, …).")
    var sites: Int = 5

    @Option(name: .long, help: "Seed of the generator: same seed → same files.")
    var seed: UInt64 = 1

    @Option(name: .long, help: "csv (reference tables) or odm (one ODM 1.3 XML per site).")
    var format: String = "csv"

    @Option(name: .long, help: "Rate per patient (0–1) of injected errors, listed in injected.csv.")
    var errors: Double = 0

    @Option(name: .long, help: "Output folder.")
    var out: String

    @Flag(name: .long, help: "CSV: one set of tables per site (s01_patients.csv, …) instead of one shared set.")
    var splitSites = false

    @Option(name: .long, help: "CSV: write the last N sites as ODM XML (s04.xml) instead.")
    var odmSites: Int = 0

    @Option(name: .long, help: "Where to write the list of injected errors (default: <out>/injected.csv).")
    var injected: String?

    func validate() throws {
        guard SynthFormat(rawValue: format.lowercased()) != nil else {
            throw ValidationError("--format must be csv or odm (e.g. --format odm).")
        }
    }

    func run() throws {
        let options = SynthOptions(patients: patients, sites: sites, seed: seed,
                                   format: SynthFormat(rawValue: format.lowercased()) ?? .csv, errorRate: errors,
                                   outDirectory: out, splitSites: splitSites, odmSites: odmSites, injectedPath: injected)
        do {
            let s = try CohortGenerator().generate(options)
            let counts = ["patients", "labs", "cytogenetics", "therapies", "assessments", "adverse_events"]
                .map { name in "\(s.rows.first { $0.key.rawValue == name }?.value ?? 0) \(name)" }
                .joined(separator: ", ")
            print("mmpipe synth: rows: \(counts); \(s.files.count) file(s), \(s.bytes / 1_000_000) MB"
                + (errors > 0 ? ", \(s.injected) injected error(s) listed" : "") + " → \(out)/")
        } catch {
            printError("mmpipe synth: \(error)")
            throw ExitCode(2)
        }
    }
}
