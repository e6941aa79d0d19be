import Foundation
import Testing
@testable import MMStats

/// χ², Fisher, Mann–Whitney and SMDs equal R (`chisq.test`, `fisher.test`, `wilcox.test` with
/// their defaults; SMDs by hand in base R) on `cox-data.csv` and small tables:
/// `tests-reference.csv`, written by `Fixtures/make-fixtures.R`.
@Suite("Tests and SMDs agree with R")
struct HypothesisTests {
    static func reference(_ name: String) throws -> Double? {
        let t = try FixtureTable("tests-reference.csv")
        return t.filter("CASE", name).first.flatMap { t.number($0, "P") }
    }

    static func byArm(_ data: FixtureTable, _ column: String) -> (isa: [String], elo: [String]) {
        let arm = data.column("TRT01P"), v = data.column(column)
        return (zip(arm, v).filter { $0.0 == "IsaPd" }.map(\.1), zip(arm, v).filter { $0.0 == "EloPd" }.map(\.1))
    }

    static func crossTable(_ data: FixtureTable, _ column: String) -> [[Int]] {
        let (isa, elo) = byArm(data, column)
        return Array(Set(isa + elo)).sorted().map { l in [elo.filter { $0 == l }.count, isa.filter { $0 == l }.count] }
    }

    @Test("chisq.test: Yates for 2×2 only; fisher.test 2×2 and 3×2")
    func contingency() throws {
        let data = try FixtureTable("cox-data.csv")
        let resp = try #require(ContingencyTest.chiSquare(Self.crossTable(data, "RESP")))
        #expect(resp.method == "chi-square (Yates)")
        #expect(agree(resp.p, try Self.reference("CHISQ_RESP_TRT")))
        let iss = try #require(ContingencyTest.chiSquare(Self.crossTable(data, "ISS")))
        #expect(iss.degreesOfFreedom == 2 && iss.method == "chi-square")
        #expect(agree(iss.p, try Self.reference("CHISQ_ISS_TRT")))
        // R: matrix(c(3, 1, 7, 12), 2) is filled by column.
        let f22 = try #require(ContingencyTest.association([[3, 7], [1, 12]]))
        #expect(f22.method == "Fisher's exact")
        #expect(agree(f22.p, try Self.reference("FISHER_2X2")))
        let f32 = try #require(ContingencyTest.association([[3, 7], [1, 12], [4, 2]]))
        #expect(f32.method == "Fisher's exact")
        #expect(agree(f32.p, try Self.reference("FISHER_3X2")))
        // Large expected counts: χ², the same as chisq.test.
        #expect(ContingencyTest.association(Self.crossTable(data, "ISS")) == iss)
        #expect(ContingencyTest.association([[5, 0], [7, 0]]) == nil)
    }

    @Test("wilcox.test: normal approximation with ties, exact without")
    func mannWhitney() throws {
        let data = try FixtureTable("cox-data.csv")
        let (isa, elo) = Self.byArm(data, "AGE")
        // wilcox.test(AGE ~ TRT01P): x = the first level, EloPd.
        let t = try #require(MannWhitney.test(elo.map { Double($0)! }, isa.map { Double($0)! }))
        #expect(t.method == "Mann-Whitney")
        #expect(agree(t.p, try Self.reference("WILCOX_AGE_TRT")))
        let exact = try #require(MannWhitney.test([3.1, 4.7, 2.2, 8.4, 5.5, 6.0, 1.9], [7.2, 9.9, 6.6, 10.4, 8.8, 12.0]))
        #expect(exact.method == "Mann-Whitney (exact)")
        #expect(agree(exact.p, try Self.reference("WILCOX_EXACT"), tolerance: 1e-9))
    }

    @Test("SMD: continuous, binary and 3-level factor, unweighted and weighted")
    func smd() throws {
        let data = try FixtureTable("cox-data.csv")
        let arm = data.column("TRT01P"), w = data.column("W").map { Double($0)! }
        let w1 = zip(arm, w).filter { $0.0 == "IsaPd" }.map(\.1), w0 = zip(arm, w).filter { $0.0 == "EloPd" }.map(\.1)
        let age = Self.byArm(data, "AGE")
        let a1 = age.isa.map { Double($0)! }, a0 = age.elo.map { Double($0)! }
        #expect(agree(StandardizedDifference.continuous(a1, a0), try Self.reference("SMD_AGE")))
        #expect(agree(StandardizedDifference.continuous(a1, a0, weights1: w1, weights0: w0), try Self.reference("SMD_AGE_W")))
        for v in ["RESP", "ISS"] {
            let g = Self.byArm(data, v)
            #expect(agree(StandardizedDifference.categorical(g.isa, g.elo), try Self.reference("SMD_" + v)), "\(v)")
            #expect(agree(StandardizedDifference.categorical(g.isa, g.elo, weights1: w1, weights0: w0),
                          try Self.reference("SMD_\(v)_W")), "\(v) weighted")
        }
    }
}
