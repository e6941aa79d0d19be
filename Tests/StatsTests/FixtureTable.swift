import Foundation

/// The fixtures are plain CSV (no quoted fields): a header and rows, read by column name.
struct FixtureTable {
    let columns: [String]
    let rows: [[String]]

    init(_ file: String) throws {
        guard let base = Bundle.module.resourceURL else { throw CocoaError(.fileNoSuchFile) }
        let text = try String(contentsOf: base.appendingPathComponent("Fixtures").appendingPathComponent(file), encoding: .utf8)
        let lines = text.split(whereSeparator: \.isNewline).map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        columns = lines.first ?? []
        rows = Array(lines.dropFirst())
    }

    func column(_ name: String) -> [String] {
        guard let i = columns.firstIndex(of: name) else { return [] }
        return rows.map { $0[i] }
    }

    func value(_ row: [String], _ name: String) -> String { columns.firstIndex(of: name).map { row[$0] } ?? "" }
    func number(_ row: [String], _ name: String) -> Double? { Double(value(row, name)) }
    func filter(_ name: String, _ value: String) -> [[String]] { rows.filter { self.value($0, name) == value } }
}

/// Equal to 3 decimals (R prints; the tolerance).
func agree(_ a: Double?, _ b: Double?, tolerance: Double = 0.0005) -> Bool {
    guard let a, let b else { return a == nil && b == nil }
    return abs(a - b) < tolerance
}
