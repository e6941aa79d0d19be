import Foundation
import Testing
@testable import MMCompare
import MMStats
@testable import MMSummary

/// `mmpipe compare` equals R to 3 decimals on the two-arm fixture (an emitted dataset of
/// `samples/two-arms`): every P and SMD of balance.csv, every estimate, CI, P, N and events of
/// models.csv, every weight, and the weighted and unweighted KM medians (with CI) and
/// 12/24-month rates (with CI). R's numbers come from `docs/compare-reference.R`
/// (see `Fixtures/two-arms/README.md`).
@Suite("compare agrees with R (glm, coxph, survfit, chisq/fisher/wilcox)")
struct RAgreementTests {
    struct Case: Sendable, CustomStringConvertible {
        let folder: String
        let options: CompareOptions
        let selected: [String]
        var description: String { folder }
    }

    static let cases = [
        Case(folder: "two-arms", options: CompareOptions(modifier: "DARARFL"),
             selected: ["AGE", "SEX", "ISS", "PRIORLOT", "PRASCTFL", "DARARFL", "DISSTAT"]),
        Case(folder: "two-arms/given",
             options: CompareOptions(covariates: ["AGE", "ISS", "CYTORISK", "DARARFL"], reference: "IsaPd", stabilized: true),
             selected: ["AGE", "ISS", "CYTORISK", "DARARFL"]),
    ]

    static func fixture(_ relative: String) throws -> String {
        guard let base = Bundle.module.resourceURL else { throw CocoaError(.fileNoSuchFile) }
        return base.appendingPathComponent("Fixtures").appendingPathComponent(relative).path
    }

    static func read(_ path: String) throws -> DataTable {
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(whereSeparator: \.isNewline)
        let split = lines.map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        return DataTable(columns: split.first ?? [], rows: Array(split.dropFirst()))
    }

    static func agree(_ a: Double?, _ b: Double?) -> Bool {
        guard let a, let b else { return a == nil && b == nil }
        return abs(a - b) < 0.0005
    }

    static func comparison(_ c: Case) throws -> Comparison {
        let tables = try DatasetTables.load(directory: try fixture("two-arms"))
        return try Comparison(tables: tables, options: c.options)
    }

    @Test("balance: P (χ²/Fisher/Mann–Whitney), SMD and weighted SMD", arguments: cases)
    func balance(_ c: Case) throws {
        let cmp = try Self.comparison(c)
        #expect(cmp.selected == c.selected)
        let ref = try Self.read(try Self.fixture(c.folder + "/r-balance.csv"))
        #expect(cmp.balance.map(\.variable) == ref.rows.map { ref.value($0, "VARIABLE")! })
        for (b, r) in zip(cmp.balance, ref.rows) {
            let num = { (col: String) in ref.value(r, col).flatMap(Double.init) }
            #expect(Self.agree(b.test?.p, num("P")), "\(b.variable) P \(String(describing: b.test?.p)) vs \(String(describing: num("P")))")
            #expect(Self.agree(b.smd, num("SMD")), "\(b.variable) SMD")
            #expect(Self.agree(b.smdWeighted, num("SMD_WEIGHTED")), "\(b.variable) SMD_WEIGHTED")
        }
    }

    @Test("models.csv: every estimate, CI, P, N and events", arguments: cases)
    func models(_ c: Case) throws {
        let cmp = try Self.comparison(c)
        let ref = try Self.read(try Self.fixture(c.folder + "/r-models.csv"))
        let mine = try Self.read(try Self.write(CompareOutput.models(cmp)))
        #expect(mine.rows.count == ref.rows.count)
        for r in ref.rows {
            let key = ["OUTCOME", "MODEL", "TERM"].map { ref.value(r, $0) }
            let m = try #require(mine.rows.first { row in ["OUTCOME", "MODEL", "TERM"].map { mine.value(row, $0) } == key },
                                 "no mmpipe row for \(key)")
            #expect(mine.value(m, "NOTE") == nil)
            for col in ["ESTIMATE", "LCL", "UCL", "P", "N", "EVENTS"] {
                let a = mine.value(m, col).flatMap(Double.init), b = ref.value(r, col).flatMap(Double.init)
                #expect(Self.agree(a, b), "\(key) \(col): mmpipe \(String(describing: a)), R \(String(describing: b))")
            }
        }
    }

    @Test("weights.csv: PS and weight of every patient", arguments: cases)
    func weights(_ c: Case) throws {
        let cmp = try Self.comparison(c)
        let ref = try Self.read(try Self.fixture(c.folder + "/r-weights.csv"))
        let byID = Dictionary(uniqueKeysWithValues: cmp.weights.map { ($0.usubjid, $0) })
        #expect(byID.count == ref.rows.count)
        for r in ref.rows {
            let w = try #require(byID[ref.value(r, "USUBJID")!])
            #expect(w.arm == ref.value(r, "TRT01P"))
            #expect(Self.agree(w.ps, ref.value(r, "PS").flatMap(Double.init)))
            #expect(Self.agree(w.weight, ref.value(r, "WEIGHT").flatMap(Double.init)))
        }
    }

    @Test("km.csv: unweighted and weighted medians, CIs and 12/24-month rates", arguments: cases)
    func km(_ c: Case) throws {
        let cmp = try Self.comparison(c)
        let ref = try Self.read(try Self.fixture(c.folder + "/r-km.csv"))
        let mine = try Self.read(try Self.write(CompareOutput.km(cmp)))
        #expect(mine.columns == CompareOutput.kmColumns)
        #expect(mine.rows.count == ref.rows.count)
        for r in ref.rows {
            let key = ["PARAMCD", "STRATUM", "WEIGHTED"].map { ref.value(r, $0) }
            let m = try #require(mine.rows.first { row in ["PARAMCD", "STRATUM", "WEIGHTED"].map { mine.value(row, $0) } == key })
            for col in CompareOutput.kmColumns.dropFirst(3) {
                let a = mine.value(m, col).flatMap(Double.init), b = ref.value(r, col).flatMap(Double.init)
                #expect(Self.agree(a, b), "\(key) \(col): mmpipe \(String(describing: a)), R \(String(describing: b))")
            }
        }
    }

    static func write(_ text: String) throws -> String {
        let path = NSTemporaryDirectory() + "mmpipe-compare-\(UUID().uuidString).csv"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }
}
