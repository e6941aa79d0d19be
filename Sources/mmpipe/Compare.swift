import ArgumentParser
import Foundation
import MMCompare

/// `mmpipe compare`: seed 003's comparison of two arms from an emitted dataset (SPEC 9).
struct Compare: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Compare the arms of an emitted dataset: balance, IPTW, Cox and logistic models, weighted Kaplan–Meier.",
        discussion: """
            Reads adsl.csv (with TRT01P: run with a pipeline file that names arms), adtte.csv and \
            adrs.csv from DIR; writes DIR/compare/: balance.csv, weights.csv, models.csv, km.csv and \
            compare.html (Tables 1A, 1B, 2 and Figure 1 of seed 003, and the propensity-score overlap).

            Examples:
              mmpipe synth --patients 400 --sites 3 --seed 3 --arms IsaPd,EloPd --out upload/
              mmpipe run upload/ --pipeline pipelines/isapd-vs-elopd.yaml --out out/
              mmpipe compare out/
              mmpipe compare out/ --covariates AGE,ISS,PRIORLOT,DARARFL --modifier DARARFL --stabilized
            """)

    @Argument(help: "The folder written by 'mmpipe run' with arms.")
    var directory: String

    @Option(name: .long, help: "Propensity covariates, comma-separated ADSL columns (default: the baseline set, those with SMD > 0.1).")
    var covariates: String?

    @Option(name: .long, help: "Effect modifier for the arm × modifier interaction models (e.g. DARARFL).")
    var modifier: String?

    @Option(name: .long, help: "Reference arm (default: the first arm name in sorted order).")
    var reference: String?

    @Flag(name: .long, help: "Stabilized weights (multiplied by the arm's share).")
    var stabilized = false

    func run() throws {
        let list = covariates.map { commaList($0).map { $0.uppercased() } }
        let options = CompareOptions(covariates: list, modifier: modifier?.uppercased(), reference: reference, stabilized: stabilized)
        do {
            let c = try CompareOutput.run(directory: directory, options: options)
            let hr = c.models.first { $0.outcome == "PFS" && $0.model == "IPTW" && $0.term == c.armTerm }?.estimate
            print("mmpipe compare: \(c.treated) vs \(c.reference), \(c.weights.count) weighted patients"
                + (hr.map { String(format: "; PFS IPTW HR %.2f (%.2f–%.2f)", $0.ratio, $0.lower, $0.upper) } ?? "")
                + " → \((directory as NSString).appendingPathComponent("compare"))/")
        } catch {
            printError("mmpipe compare: \(error)")
            throw ExitCode(2)
        }
    }
}
