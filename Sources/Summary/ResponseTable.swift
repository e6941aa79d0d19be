import Foundation

/// The response table: best overall response on the index line (IMWG categories, RULES.md
/// 2.3) n (%), then ORR (≥ PR), ≥ VGPR and ≥ CR as n/N (%). The denominator N is the
/// patients with an evaluable response: BOR `NE` (no assessment after the line's start, or
/// only an unconfirmed PD) and a missing BOR are excluded from it and counted on their own
/// rows (RULES.md 8: the flags are empty for them).
public enum ResponseTable {
    /// IMWG categories from best to worst; `SCR` is written `sCR`.
    public static let categories = ["SCR", "CR", "VGPR", "PR", "MR", "SD", "PD"]
    static let labels = ["SCR": "Stringent complete response (sCR)", "CR": "Complete response (CR)",
                         "VGPR": "Very good partial response (VGPR)", "PR": "Partial response (PR)",
                         "MR": "Minimal response (MR)", "SD": "Stable disease (SD)", "PD": "Progressive disease (PD)"]

    /// The index line's BOR per ADSL row: ADSL `BOR`, or (when ADSL has no `BOR` column) the
    /// `PARAMCD = BOR` row of `adrs.csv` for the patient's `INDEXLOT`.
    public static func bestResponses(_ tables: DatasetTables) -> [String?] {
        let adsl = tables.adsl
        if adsl.hasColumn("BOR") || tables.adrs == nil {
            return adsl.rows.map { adsl.value($0, "BOR")?.uppercased() }
        }
        var bor: [String: String] = [:]
        if let adrs = tables.adrs {
            for r in adrs.rows where adrs.value(r, "PARAMCD") == "BOR" {
                guard let id = adrs.value(r, "USUBJID"), let v = adrs.value(r, "AVALC") else { continue }
                bor[id + "#" + (adrs.value(r, "LOT") ?? "")] = v.uppercased()
            }
        }
        return adsl.rows.map { r in
            adsl.value(r, "USUBJID").flatMap { bor[$0 + "#" + (adsl.value(r, "INDEXLOT") ?? "")] }
        }
    }

    public static func build(_ tables: DatasetTables, by: String? = nil) -> SummaryTable {
        let g = Table1.Groups(table: tables.adsl, by: by)
        let bor = bestResponses(tables)
        var rows: [SummaryTableRow] = []
        // Per column: counts per category, NE, missing.
        let perGroup = g.members.map { m -> (counts: [Int], ne: Int, missing: Int) in
            var c = [Int](repeating: 0, count: categories.count), ne = 0, miss = 0
            for i in m {
                guard let v = bor[i] else { miss += 1; continue }
                if let k = categories.firstIndex(of: v) { c[k] += 1 } else if v == "NE" { ne += 1 } else { miss += 1 }
            }
            return (c, ne, miss)
        }
        let evaluable = perGroup.map { $0.counts.reduce(0, +) }
        rows.append(SummaryTableRow(variable: "BOR", characteristic: "Evaluable for response", level: "",
                                    cells: zip(evaluable, g.members).map { NumberFormat.countPercent($0, of: $1.count) }))
        for (k, cat) in categories.enumerated() {
            rows.append(SummaryTableRow(variable: "BOR", characteristic: "Best overall response", level: labels[cat] ?? cat,
                                        cells: perGroup.indices.map { NumberFormat.countPercent(perGroup[$0].counts[k], of: evaluable[$0]) }))
        }
        rows.append(SummaryTableRow(variable: "BOR", characteristic: "Best overall response", level: "Not evaluable (NE), excluded",
                                    cells: perGroup.map { "\($0.ne)" }))
        if perGroup.contains(where: { $0.missing > 0 }) {
            rows.append(SummaryTableRow(variable: "BOR", characteristic: "Best overall response", level: "Missing, excluded",
                                        cells: perGroup.map { "\($0.missing)" }))
        }
        let summaries: [(String, String, Int)] = [("RESPFL", "Overall response rate (≥ PR)", 4),
                                                 ("VGPRFL", "≥ VGPR", 3), ("CRFL", "≥ CR", 2)]
        for (variable, label, upTo) in summaries {
            rows.append(SummaryTableRow(variable: variable, characteristic: "Response rates", level: label,
                                        cells: perGroup.indices.map { gi in
                                            NumberFormat.fraction(perGroup[gi].counts.prefix(upTo).reduce(0, +), of: evaluable[gi])
                                        }))
        }
        let notes = [
            "Best overall response on the index line by IMWG criteria (Kumar 2016), confirmed by two consecutive assessments.",
            "Percentages over the patients evaluable for response; BOR NE (no assessment after the start of the line, or only an unconfirmed PD) and missing BOR are excluded from the denominator.",
        ]
        return SummaryTable(columns: g.labels, columnN: g.members.map(\.count), rows: rows, hasSMD: false, notes: notes)
    }
}
