import Foundation
import ArgumentParser
import MMSummary

/// `mmpipe summarize`: Table 1, responses and Kaplan–Meier from an emitted dataset (SPEC 3).
struct Summarize: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Summarise an emitted dataset: Table 1, response table, Kaplan–Meier (HTML + CSV).",
        discussion: """
            Reads adsl.csv, adtte.csv (and adrs.csv) from DIR; writes table1.csv, response.csv, \
            km.csv, km_tests.csv, summary.html and, when adae.csv is there, ae.csv (terms \
            grouped by schemas/ae-terms.yaml, or the file given with --ae-terms). With --cox, \
            cox.csv: univariable and multivariable Cox models of PFS and OS, and a forest plot.

            Examples:
              mmpipe summarize out/
              mmpipe summarize out/ --by DARAEXFL --out by-dara/
              mmpipe summarize out/ --cox ISS,LDHHIFL,CRCL60FL,DARAEXFL
            """)

    @Argument(help: "The folder written by 'mmpipe run'.")
    var directory: String

    @Option(name: .long, help: "An ADSL column to group Table 1 and stratify the curves by (e.g. DARAEXFL, ISS).")
    var by: String?

    @Option(name: .long, help: "Output folder (default: DIR).")
    var out: String?

    @Option(name: .long, help: "ADSL variables of the Cox models of PFS and OS, comma-separated (e.g. ISS,LDHHIFL,CRCL60FL,DARAEXFL).")
    var cox: String?

    @Option(name: .customLong("ae-terms"), help: "The AE term dictionary (default: schemas/ae-terms.yaml when present).")
    var aeTerms: String?

    func run() throws {
        do {
            let s = try DatasetSummary.run(directory: directory, by: by, outDirectory: out, aeTermsPath: aeTerms,
                                           cox: commaList(cox ?? "").filter { !$0.isEmpty })
            let n = s.table1.columnN.last ?? 0
            let others = s.files.map(\.name).filter { $0 != "summary.html" }
            print("mmpipe: summarised \(n) patients → \(out ?? directory)/summary.html, \(others.joined(separator: ", "))")
        } catch {
            printError("mmpipe: \(error)")
            throw ExitCode(2)
        }
    }
}
