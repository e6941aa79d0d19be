import Foundation
import MMModel

/// Table 1, the response table and Kaplan–Meier estimates from an emitted dataset
/// (SPEC 3 `mmpipe summarize DIR [--by VAR] [--out DIR2]`, RULES.md 8).
///
/// Writes `table1.csv`, `response.csv`, `km.csv` (the contract's columns), `km_tests.csv`
/// (log-rank test and median follow-up per endpoint) and `summary.html`. The same dataset
/// gives byte-identical files.
public struct DatasetSummary: Sendable {
    public var table1: SummaryTable
    public var response: SummaryTable
    public var survival: SurvivalSummary
    public var adverseEvents: AdverseEventTable
    /// The Cox models of `--cox` (empty without it).
    public var cox: CoxAnalysis
    /// The patient flow of `attrition.csv`, when the dataset folder has one.
    public var attrition: [AttritionStep]?

    /// Where `summarize` looks for the AE term dictionary when none is named: the repository's
    /// `schemas/` seen from the working folder, as `run` finds `pipelines/reference.yaml`.
    public static let defaultAETermsPath = "schemas/ae-terms.yaml"

    public init() {
        let empty = DatasetTables(adsl: DataTable(columns: [], rows: []), adtte: DataTable(columns: [], rows: []))
        self.init(tables: empty)
    }

    /// Summarises in-memory tables; `by` names an ADSL column to group and stratify by;
    /// `aeTerms` groups the adverse-event terms (empty: every term under its own name);
    /// `cox` names the ADSL variables of the Cox models (none: no models).
    public init(tables: DatasetTables, by: String? = nil, aeTerms: AETermDictionary = AETermDictionary(),
                cox: [String] = []) {
        table1 = Table1.build(adsl: tables.adsl, by: by)
        response = ResponseTable.build(tables, by: by)
        survival = SurvivalSummary(tables: tables, by: by)
        adverseEvents = AdverseEventTable.build(adsl: tables.adsl, adae: tables.adae, dictionary: aeTerms, by: by)
        self.cox = CoxAnalysis(tables: tables, variables: cox)
        attrition = tables.attrition
    }

    /// The files to write, by name, in a fixed order.
    /// `ae.csv` only when the dataset has `adae.csv`; `cox.csv` only with `--cox`.
    public var files: [(name: String, contents: String)] {
        var out = [("table1.csv", CSVOutput.table(table1)),
                   ("response.csv", CSVOutput.table(response)),
                   ("km.csv", CSVOutput.km(survival)),
                   ("km_tests.csv", CSVOutput.kmTests(survival))]
        if adverseEvents.hasData { out.append(("ae.csv", CSVOutput.ae(adverseEvents))) }
        if !cox.variables.isEmpty { out.append(("cox.csv", CSVOutput.cox(cox))) }
        out.append(("summary.html", HTMLReport.render(self)))
        return out
    }

    /// Reads `directory`, summarises it and writes the files into `outDirectory` (default:
    /// `directory`). Each file is written to a temporary name and renamed, so a failure never
    /// leaves a half-written file. `aeTermsPath` names the AE term dictionary; without it,
    /// `defaultAETermsPath` when that file exists, else no grouping (the page says so).
    @discardableResult
    public static func run(directory: String, by: String? = nil, outDirectory: String? = nil,
                           aeTermsPath: String? = nil, cox: [String] = []) throws(SummaryError) -> DatasetSummary {
        let tables = try DatasetTables.load(directory: directory)
        var aeTerms = AETermDictionary()
        if let path = aeTermsPath ?? (FileManager.default.fileExists(atPath: defaultAETermsPath) ? defaultAETermsPath : nil) {
            do { aeTerms = try AETermDictionary.load(path: path) } catch { throw .aeTerms(error.description) }
        }
        // An empty analysis population (header-only files) is summarised as empty tables, not
        // refused; a table with rows must have the columns the summary joins and counts on.
        if !tables.adsl.rows.isEmpty {
            if let by, !tables.adsl.hasColumn(by) { throw .unknownByVariable(by) }
            if let by {
                let n = Set(tables.adsl.rows.compactMap { tables.adsl.value($0, by) }).count
                if n > Table1.maxGroups { throw .tooManyGroups(by, count: n) }
            }
            if let v = cox.first(where: { !tables.adsl.hasColumn($0) }) { throw .unknownCoxVariable(v) }
            if !tables.adsl.hasColumn("USUBJID") { throw .missingColumn(table: "adsl.csv", column: "USUBJID") }
        }
        if !tables.adtte.rows.isEmpty {
            for c in ["USUBJID", "PARAMCD", "CNSR"] where !tables.adtte.hasColumn(c) {
                throw .missingColumn(table: "adtte.csv", column: c)
            }
            if !tables.adtte.hasColumn("AVAL") && !tables.adtte.hasColumn("AVALM") {
                throw .missingColumn(table: "adtte.csv", column: "AVAL")
            }
        }
        let summary = DatasetSummary(tables: tables, by: by, aeTerms: aeTerms, cox: cox)
        try summary.write(to: outDirectory ?? directory)
        return summary
    }

    /// Writes the files into `directory`, creating it if needed.
    public func write(to directory: String) throws(SummaryError) {
        try Self.write(files, to: directory)
    }

    /// Writes named text files into `directory` (created if needed), each through a temporary
    /// name then renamed, so a failure never leaves a half-written file (also `compare`'s).
    public static func write(_ files: [(name: String, contents: String)], to directory: String) throws(SummaryError) {
        let fm = FileManager.default
        do {
            try fm.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw .cannotWrite(path: directory, reason: "\(error.localizedDescription)")
        }
        for (name, contents) in files {
            let path = (directory as NSString).appendingPathComponent(name)
            let tmp = path + ".tmp"
            do {
                try Data(contents.utf8).write(to: URL(fileURLWithPath: tmp))
                if fm.fileExists(atPath: path) { try fm.removeItem(atPath: path) }
                try fm.moveItem(atPath: tmp, toPath: path)
            } catch {
                try? fm.removeItem(atPath: tmp)
                throw .cannotWrite(path: path, reason: "\(error.localizedDescription)")
            }
        }
    }
}
