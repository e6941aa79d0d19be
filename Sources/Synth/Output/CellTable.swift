import MMModel

/// One field of a rendered row. Numbers and dates stay typed until they are written, so the
/// writers format them straight into bytes (decimal point or comma) without Strings.
enum Cell {
    case empty
    case text(String)
    case int(Int)
    /// A number with a fixed count of decimals.
    case decimal(Double, Int)
    case day(Day)
}

/// An error the generator put into a row: what `injected.csv` records once the row's
/// physical line is known.
struct InjectionMark {
    var family: String
    var rule: String
    var field: String
    var description: String
}

/// The rows of one table for one patient, flat (one cell array, row ends), reused from one
/// patient to the next. Rows may be ragged (an injected error).
struct CellTable {
    let table: TableName
    var columns: [String]
    private(set) var cells: [Cell] = []
    private(set) var rowEnds: [Int] = []
    /// Injections by row index.
    var marks: [(row: Int, mark: InjectionMark)] = []

    init(_ table: TableName, columns: [String]) {
        self.table = table
        self.columns = columns
    }

    var rowCount: Int { rowEnds.count }

    func range(ofRow r: Int) -> Range<Int> { (r == 0 ? 0 : rowEnds[r - 1])..<rowEnds[r] }

    mutating func reset() {
        cells.removeAll(keepingCapacity: true)
        rowEnds.removeAll(keepingCapacity: true)
        marks.removeAll(keepingCapacity: true)
    }

    mutating func append(_ c: Cell) { cells.append(c) }
    mutating func endRow() { rowEnds.append(cells.count) }

    subscript(row: Int, column: Int) -> Cell {
        get { cells[range(ofRow: row).lowerBound + column] }
        set { cells[range(ofRow: row).lowerBound + column] = newValue }
    }

    func column(_ name: String) -> Int { columns.firstIndex(of: name) ?? 0 }

    /// Inserts a copy of `row` right after it (marks of later rows move down one).
    mutating func duplicate(row: Int) {
        let r = range(ofRow: row)
        let copy = Array(cells[r])
        cells.insert(contentsOf: copy, at: r.upperBound)
        rowEnds.insert(r.upperBound + copy.count, at: row + 1)
        for i in (row + 2)..<rowEnds.count { rowEnds[i] += copy.count }
        for i in marks.indices where marks[i].row > row { marks[i].row += 1 }
    }

    /// Replaces one cell of `row` by two (a ragged row: one field too many).
    mutating func split(row: Int, column: Int, into a: Cell, _ b: Cell) {
        let at = range(ofRow: row).lowerBound + column
        cells[at] = a
        cells.insert(b, at: at + 1)
        for i in row..<rowEnds.count { rowEnds[i] += 1 }
    }

    mutating func mark(_ row: Int, _ m: InjectionMark) { marks.append((row, m)) }
}
