import MMIngest
import MMModel

/// Renamed and missing columns (issue 18.4, issue 12): a column the table expects but the
/// header lacks, and the unknown columns of the header that look like it (`death date` for
/// `death_date`, `onset_dt` for `onset_date`, `fish_method` for `method`).
enum ColumnLookAlikes {
    /// The derived variables left empty when an optional column is absent (SPEC 6/7), for the
    /// finding's message; a column that feeds none (`height_cm`, `iss`, `cycles`, …) is absent
    /// without a finding, and so are the lab's `unit`/`uln`, whose absence is found per value
    /// (`UNIT-005`, `STG-003`).
    static func derivedFrom(_ column: String, of table: TableName) -> [String] {
        switch (table, column) {
        case (.patients, "heavy_chain"), (.patients, "light_chain"): return ["ISOTYPE"]
        case (.patients, "ecog"): return ["ECOG"]
        case (.patients, "weight_kg"): return ["CRCL", "CRCL60FL"]
        case (.patients, "death_date"): return ["DTHFL", "DTHDT", "the OS events (deaths are censored)"]
        case (.cytogenetics, "method"):
            return ["CYTORISK", "DEL17PFL", "T414FL", "T1416FL", "GAIN1QFL", "RISS", "R2ISS"]
        case (.therapies, "end_date"): return ["LOTENDT", "the refractoriness flags", "CD38GAP", "TTNT"]
        case (.therapies, "stop_reason"): return ["ENDRSN", "DISSTAT", "the lines of therapy"]
        case (.therapies, "setting"): return ["the lines of therapy (induction, consolidation, maintenance)"]
        case (.assessments, "response"): return ["RPTRESP", "AGREEFL", "BORSRC"]
        case (.assessments, "progression_type"), (.assessments, "new_lesion"), (.assessments, "plasmacytoma"),
             (.assessments, "crab"):
            return ["DISSTAT", "PFS (clinical progressions)"]
        case (.adverseEvents, "grade"): return ["AETOXGR", "the AE-001 check"]
        case (.adverseEvents, "onset_date"): return ["ASTDT", "TRTEMFL"]
        case (.adverseEvents, "end_date"): return ["AENDT"]
        case (.adverseEvents, "serious"): return ["AESER"]
        case (.adverseEvents, "related"): return ["AEREL"]
        default: return []
        }
    }

    /// The name reduced to its letters and digits, lower case (`Death Date` → `deathdate`).
    static func squeezed(_ name: String) -> String {
        String(String.UnicodeScalarView(name.lowercased().unicodeScalars.filter {
            ("a"..."z").contains($0) || ("0"..."9").contains($0)
        }))
    }

    /// True when `candidate` (a column of the header) looks like the expected `column`: the same
    /// letters and digits, one inside the other (both at least 4 long), or at most two edits apart.
    static func resembles(_ candidate: String, _ column: String) -> Bool {
        let a = squeezed(candidate), b = squeezed(column)
        guard !a.isEmpty, !b.isEmpty else { return false }
        if a == b { return true }
        if a.count >= 4, b.count >= 4, a.contains(b) || b.contains(a) { return true }
        return min(a.count, b.count) >= 4 && editDistance(Array(a.utf8), Array(b.utf8), atMost: 2) <= 2
    }

    /// Levenshtein distance, stopping early once it exceeds `atMost`.
    static func editDistance(_ a: [UInt8], _ b: [UInt8], atMost bound: Int) -> Int {
        guard !a.isEmpty, !b.isEmpty else { return max(a.count, b.count) }
        if abs(a.count - b.count) > bound { return bound + 1 }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            var rowMin = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                rowMin = min(rowMin, current[j])
            }
            if rowMin > bound { return bound + 1 }
            swap(&previous, &current)
        }
        return previous[b.count]
    }

    /// `'a'`, `'a' and 'b'`, `'a', 'b' and 'c'`.
    static func quotedList(_ names: [String]) -> String {
        let quoted = names.map { "'\($0)'" }
        guard quoted.count > 1 else { return quoted.first ?? "" }
        return quoted.dropLast().joined(separator: ", ") + " and " + quoted.last!
    }
}

extension RecordMapper {
    /// The findings of the expected columns a CSV header lacks (issue 18.4, issue 12):
    /// - a missing required column: one `ING-004` ERROR each, naming the look-alike columns;
    /// - a missing optional column that feeds derived variables: a WARNING naming them —
    ///   `ING-010` on the look-alike column when one is present (a renamed column), else
    ///   `ING-004` (a removed column).
    /// Returns the indices of the look-alike columns named, which need no `ING-010` INFO of
    /// their own.
    func reportMissingColumns(_ table: TableName, fields: [String: Field], missingRequired: [String],
                              header: ColumnHeader, unknown: [Int], file: String, log: inout StageLog) -> Set<Int> {
        let headerLine = Provenance(file: file, line: 1)
        var named = Set<Int>()
        func lookAlikes(_ column: String, _ source: String) -> [Int] {
            unknown.filter { ColumnLookAlikes.resembles(header.names[$0], source) || ColumnLookAlikes.resembles(header.names[$0], column) }
        }
        for column in missingRequired {
            let alikes = lookAlikes(column, column)
            named.formUnion(alikes)
            log.add(missingColumnFinding(column, of: table, file: file, lookAlikes: alikes.map { header.names[$0] }))
        }
        for column in ReferenceLayout.columns(of: table) {
            guard let f = fields[column], f.index == nil, f.constant == nil, f.checkbox.isEmpty,
                  !ReferenceLayout.requiredColumns(of: table).contains(column) else { continue }
            let derived = ColumnLookAlikes.derivedFrom(column, of: table)
            guard !derived.isEmpty else { continue }
            let empty = derived.joined(separator: ", ")
            let alikes = lookAlikes(column, f.source).filter { !named.contains($0) }
            if let first = alikes.first {
                named.formUnion(alikes)
                let names = ColumnLookAlikes.quotedList(alikes.map { header.names[$0] })
                log.add(Finding(.ING010, key: nil, table: table, provenance: headerLine, field: header.names[first], value: "",
                                message: "\(file):1: the column \(names) is not a column of the \(table.rawValue) table but looks like '\(f.source)', which is missing; it was ignored, so \(empty) will be empty — rename it to '\(f.source)' (or map it in the pipeline file) and upload again.",
                                severity: .warning))
            } else {
                log.add(Finding(.ING004, key: nil, table: table, provenance: headerLine, field: f.source, value: "",
                                message: "\(file):1: the column '\(f.source)' of \(table.rawValue) is missing, so \(empty) will be empty — add the column if the data exist (or map it in the pipeline file).",
                                severity: .warning))
            }
        }
        return named
    }

    /// `ING-004` for a required column the header of `file` lacks, naming its look-alikes.
    func missingColumnFinding(_ column: String, of table: TableName, file: String, lookAlikes: [String]) -> Finding {
        let hint = lookAlikes.isEmpty ? ""
            : " (the header has \(ColumnLookAlikes.quotedList(lookAlikes)), which looks like it: rename it)"
        return Finding(.ING004, key: nil, table: table, provenance: Provenance(file: file, line: 1), field: column, value: "",
                       message: "\(file):1: the required column '\(column)' of \(table.rawValue) is missing\(hint); no row of the file could be read — add the column (or map it under layout.columns in the pipeline file) and upload again.")
    }
}
