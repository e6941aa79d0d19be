import Foundation

/// One variable of a model formula: its values (one per row, `nil` = missing) and how it
/// enters the design matrix.
public struct Covariate: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        /// Linear in its numeric value (a value that does not parse is missing).
        case numeric
        /// A factor with treatment contrasts; `reference` = the baseline level (default: the
        /// first level in sorted order, as R's `factor()` chooses it).
        case factor(reference: String? = nil)
    }

    public var name: String
    public var values: [String?]
    public var kind: Kind

    public init(_ name: String, _ values: [String?], _ kind: Kind) {
        self.name = name
        self.values = values
        self.kind = kind
    }
}

/// The design matrix of a main-effects formula, built as R's `model.frame` + `model.matrix`
/// build it (without the intercept column, which the caller adds where the model has one):
///
/// - complete cases: a row with any variable missing is dropped, and counted;
/// - factors: levels sorted (R's `sort(unique(x))`), taken from the complete cases; treatment
///   contrasts against the reference level; term name = variable name + level (`ISSIII`,
///   `SEXM`, `TRT01PIsaPd`);
/// - numeric variables: one linear column named as the variable (`AGE`);
/// - an interaction `(A, B)` adds the products of A's and B's columns, named `A…:B…` as R
///   names them (`TRT01PIsaPd:DARARFLY`).
public struct ModelFrame: Sendable, Hashable {
    /// Column names, in R's order.
    public private(set) var terms: [String] = []
    /// Which covariate each column comes from (its name; `A:B` for interactions).
    public private(set) var termVariables: [String] = []
    /// The kept rows' values, one array per row, in `terms` order.
    public private(set) var x: [[Double]] = []
    /// Indices (into the input) of the kept rows, ascending.
    public private(set) var rows: [Int] = []
    /// Rows dropped for a missing value.
    public private(set) var dropped: Int = 0
    /// Each factor's levels (sorted, reference first) among the complete cases.
    public private(set) var levels: [String: [String]] = [:]

    /// - Parameters:
    ///   - covariates: the variables, all with the same number of values (`count`).
    ///   - count: the number of rows (needed when `covariates` is empty).
    ///   - interactions: pairs of covariate names whose product terms are added.
    ///   - required: further per-row conditions (e.g. a non-missing outcome); `false` drops the row.
    public init(_ covariates: [Covariate], count: Int, interactions: [(String, String)] = [],
                required: [Bool]? = nil) throws {
        for c in covariates where c.values.count != count {
            throw StatsError.invalidInput("\(c.name) has \(c.values.count) values for \(count) rows")
        }
        // Parse numerics once; a row is complete when every value is present.
        let numbers: [[Double?]] = covariates.map { c in
            if case .numeric = c.kind { return c.values.map { $0.flatMap { Double($0.trimmingCharacters(in: .whitespaces)) }.flatMap { $0.isFinite ? $0 : nil } } }
            return c.values.map { $0 == nil || $0!.isEmpty ? nil : 0 }
        }
        for r in 0..<count {
            if let required, !required[r] { dropped += 1; continue }
            if numbers.contains(where: { $0[r] == nil }) { dropped += 1; continue }
            rows.append(r)
        }
        guard !rows.isEmpty else { throw StatsError.noRows }

        // Each covariate's columns over the kept rows.
        var blocks: [String: (names: [String], columns: [[Double]])] = [:]
        for (k, c) in covariates.enumerated() {
            switch c.kind {
            case .numeric:
                blocks[c.name] = ([c.name], [rows.map { numbers[k][$0]! }])
            case let .factor(reference):
                var lv = Array(Set(rows.map { c.values[$0]! })).sorted()
                if let reference, let i = lv.firstIndex(of: reference) { lv.remove(at: i); lv.insert(reference, at: 0) }
                guard lv.count >= 2 else { throw StatsError.singleLevel(variable: c.name) }
                levels[c.name] = lv
                let cols = lv.dropFirst().map { level in rows.map { c.values[$0]! == level ? 1.0 : 0.0 } }
                blocks[c.name] = (lv.dropFirst().map { c.name + $0 }, cols)
            }
        }
        var names: [String] = [], vars: [String] = [], columns: [[Double]] = []
        for c in covariates {
            let b = blocks[c.name]!
            names += b.names
            vars += Array(repeating: c.name, count: b.names.count)
            columns += b.columns
        }
        for (a, b) in interactions {
            guard let ba = blocks[a], let bb = blocks[b] else {
                throw StatsError.invalidInput("interaction \(a):\(b) names a variable not in the model")
            }
            // R orders interaction columns with the first factor's levels varying fastest.
            for (j, cb) in bb.columns.enumerated() {
                for (i, ca) in ba.columns.enumerated() {
                    names.append(ba.names[i] + ":" + bb.names[j])
                    vars.append(a + ":" + b)
                    columns.append(zip(ca, cb).map { $0 * $1 })
                }
            }
        }
        terms = names
        termVariables = vars
        x = rows.indices.map { r in columns.map { $0[r] } }
    }

    /// `values` restricted to the kept rows.
    public func kept<T>(_ values: [T]) -> [T] { rows.map { values[$0] } }
}
