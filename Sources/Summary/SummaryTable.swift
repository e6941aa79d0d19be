import Foundation
import MMStats

/// A formatted table of `summarize` (Table 1, the response table): one column per group
/// (`--by` values) then `All`, and the standardized mean difference when grouped.
public struct SummaryTable: Sendable, Hashable {
    /// Column headings of the value columns: each group's label, then `All`.
    public var columns: [String]
    /// Patients per value column.
    public var columnN: [Int]
    public var rows: [SummaryTableRow]
    /// Whether the P and SMD columns are shown (only with two or more groups).
    public var hasSMD: Bool
    /// Footnotes printed under the table (denominators, definitions).
    public var notes: [String]

    public init(columns: [String], columnN: [Int], rows: [SummaryTableRow], hasSMD: Bool, notes: [String]) {
        self.columns = columns
        self.columnN = columnN
        self.rows = rows
        self.hasSMD = hasSMD
        self.notes = notes
    }
}

/// A row of a `SummaryTable`: a characteristic's heading (its `level` empty) or one level.
public struct SummaryTableRow: Sendable, Hashable {
    /// The dataset column the row comes from (e.g. `ISS`), for machine use of the CSV.
    public var variable: String
    public var characteristic: String
    public var level: String
    /// One formatted cell per value column (`n (%)`, `median (range)`, `n/N (%)`).
    public var cells: [String]
    /// Formatted SMD, on the characteristic's first row only.
    public var smd: String
    /// Formatted P of the test across the groups (SPEC 9), on the characteristic's first row only.
    public var p: String

    public init(variable: String, characteristic: String, level: String, cells: [String], smd: String = "", p: String = "") {
        self.variable = variable
        self.characteristic = characteristic
        self.level = level
        self.cells = cells
        self.smd = smd
        self.p = p
    }
}

/// Fixed, locale-free number formatting (deterministic output).
public enum NumberFormat {
    /// `x` rounded half away from zero to `decimals` places, always with that many decimals.
    public static func fixed(_ x: Double, _ decimals: Int) -> String {
        guard x.isFinite else { return "" }
        let scale = pow(10.0, Double(decimals))
        let r = (abs(x) * scale).rounded(.toNearestOrAwayFromZero) / scale
        var s = String(format: "%.\(decimals)f", r)
        if x < 0 && r != 0 { s = "-" + s }
        return s
    }

    /// `x` to at most `decimals` places, trailing zeros dropped (`69`, `0.92`, `70.5`).
    public static func compact(_ x: Double, _ decimals: Int) -> String {
        var s = fixed(x, decimals)
        if s.contains(".") {
            while s.hasSuffix("0") { s.removeLast() }
            if s.hasSuffix(".") { s.removeLast() }
        }
        return s
    }

    /// `n (pct)` with one decimal; `0` when the denominator is 0.
    public static func countPercent(_ n: Int, of d: Int) -> String {
        d > 0 ? "\(n) (\(fixed(100 * Double(n) / Double(d), 1)))" : "\(n)"
    }

    /// `n/d (pct)`.
    public static func fraction(_ n: Int, of d: Int) -> String {
        d > 0 ? "\(n)/\(d) (\(fixed(100 * Double(n) / Double(d), 1)))" : "\(n)/\(d)"
    }

    /// A p-value for print: 3 decimals, `<0.001` below.
    public static func pValue(_ p: Double?) -> String {
        guard let p, p.isFinite else { return "" }
        return p < 0.001 ? "<0.001" : fixed(p, 3)
    }
}

/// Standardized mean differences between groups (Austin 2009; Yang & Dalton 2012, as R's
/// `tableone`): continuous |m₁ − m₂| / √((s₁² + s₂²)/2); categorical
/// √((p₁ − p₂)ᵀ S⁻¹ (p₁ − p₂)) over the levels but the first, S the mean of the two groups'
/// multinomial covariances; missing values left out. With more than two groups, the mean of
/// the pairwise SMDs (tableone's default).
enum StandardizedDifference {
    static func continuous(_ groups: [[Double]]) -> Double? {
        pairwiseMean(groups.count) { a, b in MMStats.StandardizedDifference.continuous(groups[a], groups[b]) }
    }

    /// `counts[g][l]` = patients of group g at level l (missing excluded).
    static func categorical(_ counts: [[Int]]) -> Double? {
        pairwiseMean(counts.count) { a, b in
            let na = Double(counts[a].reduce(0, +)), nb = Double(counts[b].reduce(0, +))
            guard na > 0, nb > 0 else { return nil }
            // Levels empty in both groups carry no information and would make S singular.
            let used = counts[a].indices.filter { counts[a][$0] + counts[b][$0] > 0 }
            return MMStats.StandardizedDifference.categorical(proportions: used.map { Double(counts[a][$0]) / na },
                                                              used.map { Double(counts[b][$0]) / nb })
        }
    }

    static func pairwiseMean(_ k: Int, _ f: (Int, Int) -> Double?) -> Double? {
        guard k >= 2 else { return nil }
        var values: [Double] = []
        for a in 0..<k { for b in (a + 1)..<k { if let v = f(a, b) { values.append(v) } } }
        return values.isEmpty ? nil : values.reduce(0, +) / Double(values.count)
    }
}
