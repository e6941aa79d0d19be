import Foundation
import MMStats

/// Table 1: patient characteristics at the index date, laid out as the seeds' Table 1
/// (000: n (%), median (range)) and Table 1A (003: one column per group and the SMD), from
/// `adsl.csv` (SPEC 3, SPEC 7 ADSL columns). Every percentage is over the column's patients,
/// with missing values counted in their own row, except cytogenetics, whose denominator is the
/// patients with an evaluable result (stated as n/N).
public enum Table1 {
    /// Groups of a summary table: each `--by` value (patients with it missing are only in `All`).
    struct Groups {
        var labels: [String]
        /// Row indices of each group, then of all patients.
        var members: [[Int]]
        var grouped: Bool { labels.count > 1 }

        init(table: DataTable, by: String?) {
            let all = Array(table.rows.indices)
            guard let by else {
                labels = ["All"]
                members = [all]
                return
            }
            let values = StratumOrder.sorted(Array(Set(table.rows.compactMap { table.value($0, by) })))
            labels = values.map { "\(by) = \($0)" } + ["All"]
            members = values.map { v in all.filter { table.value(table.rows[$0], by) == v } } + [all]
        }
    }

    /// A categorical level: its label and the test on the cell's value.
    typealias Level = (label: String, matches: (String) -> Bool)

    /// Builds Table 1; `by` names an ADSL column whose values become the group columns.
    public static func build(adsl: DataTable, by: String? = nil) -> SummaryTable {
        let g = Groups(table: adsl, by: by)
        var b = Builder(table: adsl, groups: g)

        b.continuous("AGE", "Age, years", decimals: 1)
        b.categorical("AGE", "Age, years", levels: [
            ("<70", { (Double($0) ?? .nan) < 70 }), ("≥70", { (Double($0) ?? .nan) >= 70 })])
        b.categorical("SEX", "Sex", levels: [("Male", { $0 == "M" }), ("Female", { $0 == "F" })])
        b.categorical("ISOTYPE", "Paraprotein isotype", levels: [
            ("IgG", { isotype($0) == "IgG" }), ("IgA", { isotype($0) == "IgA" }),
            ("IgD", { isotype($0) == "IgD" }), ("IgE", { isotype($0) == "IgE" }),
            ("IgM", { isotype($0) == "IgM" }), ("Light chain only", { isotype($0) == "LC" }),
            ("Other", { isotype($0) == nil })], dropEmptyLevels: true)
        b.categorical("ECOG", "ECOG performance status", levels: [equal("0"), equal("1"), atLeast(2, "≥2")])
        // Optional at collection (patients.extramedullary): shown when any site recorded it.
        if adsl.rows.contains(where: { adsl.value($0, "EMDFL") != nil }) {
            b.flag("EMDFL", "Extramedullary disease at baseline")
        }
        b.continuous("CREAT", "Creatinine, mg/dL", decimals: 2, fixed: true)
        b.continuous("CRCL", "Creatinine clearance, mL/min", decimals: 1, fixed: true)
        if adsl.hasColumn("CRCL60FL") {
            b.categorical("CRCL60FL", "Creatinine clearance, mL/min", levels: [
                ("≥60 mL/min", { $0 == "N" }), ("<60 mL/min", { $0 == "Y" })])
        } else {
            b.categorical("CRCL", "Creatinine clearance, mL/min", levels: [
                ("≥60 mL/min", { (Double($0) ?? .nan) >= 60 }), ("<60 mL/min", { (Double($0) ?? .nan) < 60 })])
        }
        b.categorical("ISS", "ISS stage", levels: stages(3))
        b.categorical("RISS", "R-ISS stage", levels: stages(3))
        b.categorical("R2ISS", "R2-ISS stage", levels: stages(4))
        b.continuous("LDH", "LDH, U/L", decimals: 0)
        b.categorical("LDHHIFL", "LDH serum level", levels: [("Normal", { $0 == "N" }), ("Elevated (> ULN)", { $0 == "Y" })])
        b.continuous("PRIORLOT", "Previous lines of therapy", decimals: 1)
        let anyZero = adsl.rows.contains { adsl.value($0, "PRIORLOT") == "0" }
        var lineLevels: [Level] = anyZero ? [equal("0")] : []
        lineLevels += [equal("1"), equal("2"), equal("3"), atLeast(4, "≥4")]
        b.categorical("PRIORLOT", "Previous lines of therapy", levels: lineLevels)
        b.flag("PRASCTFL", "Previous ASCT")
        b.flag("LENEXFL", "Lenalidomide exposed")
        b.flag("LENRFL", "Lenalidomide refractory")
        b.flag("CD38EXFL", "Anti-CD38 exposed")
        b.flag("CD38RFL", "Anti-CD38 refractory")
        b.flag("DARAEXFL", "Daratumumab exposed")
        b.flag("DARARFL", "Daratumumab refractory")
        b.flag("TCRFL", "Triple-class refractory")
        b.flag("PENTARFL", "Penta-refractory")
        b.categorical("DISSTAT", "Disease status", levels: [
            ("Biochemical relapse", { $0 == "BIOCHEMICAL_RELAPSE" }),
            ("Symptomatic relapse", { $0 == "SYMPTOMATIC_RELAPSE" }),
            ("Refractory to last treatment", { $0 == "REFRACTORY" }),
            ("No progression (changed for another reason)", { $0 == "NO_PROGRESSION" })],
            missingLabel: "Missing (incl. newly diagnosed)")
        b.categorical("CYTORISK", "Cytogenetic risk (FISH)", levels: [
            ("Standard risk", { $0 == "STANDARD" }), ("High risk*", { $0 == "HIGH" })],
            evaluableDenominator: true, missingLabel: "Not evaluable")
        b.categorical("GAIN1QFL", "1q21 gain/amplification (FISH)", levels: [
            ("Not detected", { $0 == "N" }), ("Detected", { $0 == "Y" })],
            evaluableDenominator: true, missingLabel: "Not evaluable")

        var notes = [
            "n (%) over all patients of the column, missing values counted in their own row; continuous variables as median (range).",
            "*High risk: del(17p), t(4;14) or t(14;16) detected (RULES.md 5); cytogenetic rows give n/N (%) over patients with an evaluable FISH result.",
            "ISS: International Staging System; R-ISS: revised ISS; R2-ISS: second revision; LDH: lactate dehydrogenase; ULN: upper limit of normal; ASCT: autologous stem-cell transplantation.",
        ]
        if g.grouped {
            notes.append("SMD: standardized mean difference (missing values excluded; mean of pairwise SMDs with more than two groups).")
            notes.append("P: χ² test (Yates' continuity correction for 2×2 tables only, as R's chisq.test), or Fisher's exact test when an expected count is < 5 (enumerated for two groups or two levels; larger tables keep χ²); Mann–Whitney for two groups (wilcox.test: exact without ties below 50 per group, else normal approximation with continuity and tie correction), Kruskal–Wallis for more; missing values excluded.")
            let missing = adsl.rows.count - g.members.dropLast().reduce(0) { $0 + $1.count }
            if missing > 0 { notes.append("\(missing) patient(s) with \(by ?? "") missing appear only in the All column.") }
        }
        return SummaryTable(columns: g.labels, columnN: g.members.map(\.count), rows: b.rows,
                            hasSMD: g.labels.count > 2, notes: notes)
    }

    /// The most groups `--by` accepts: more is a continuous variable, not a grouping.
    public static let maxGroups = 10

    /// The level matching `value` exactly, labelled with it.
    static func equal(_ value: String) -> Level { (value, { $0 == value }) }

    /// The level of integers ≥ `n`.
    static func atLeast(_ n: Int, _ label: String) -> Level { (label, { (Int($0) ?? Int.min) >= n }) }

    /// `I`, `II`, … up to `n`.
    static func stages(_ n: Int) -> [Level] {
        ["I", "II", "III", "IV"].prefix(n).map { s in (s, { $0 == s }) }
    }

    /// Heavy chain of an `ISOTYPE` value (`IgG kappa` → `IgG`; `light chain lambda` → `LC`).
    static func isotype(_ value: String) -> String? {
        let v = value.lowercased()
        if v.contains("light") || v.hasPrefix("none") || v == "kappa" || v == "lambda" { return "LC" }
        for h in ["igg", "iga", "igd", "ige", "igm"] where v.hasPrefix(h) {
            return "Ig" + h.dropFirst(2).uppercased()
        }
        return nil
    }

    /// Accumulates the rows of a table over the groups.
    struct Builder {
        let table: DataTable
        let groups: Groups
        var rows: [SummaryTableRow] = []

        func values(_ column: String, _ group: [Int]) -> [String?] {
            group.map { table.value(table.rows[$0], column) }
        }

        /// `Median (range)` and the missing count when any.
        /// `fixed`: always `decimals` places (creatinine 0.90); otherwise trailing zeros dropped (age 69).
        mutating func continuous(_ column: String, _ label: String, decimals: Int, fixed: Bool = false) {
            let fmt: (Double) -> String = { fixed ? NumberFormat.fixed($0, decimals) : NumberFormat.compact($0, decimals) }
            guard table.hasColumn(column) else { return }
            var cells: [String] = [], missing: [Int] = [], numbers: [[Double]] = []
            for m in groups.members {
                let raw = values(column, m)
                let xs = raw.compactMap { $0.flatMap(Double.init) }.filter(\.isFinite).sorted()
                numbers.append(xs)
                missing.append(raw.count - xs.count)
                if xs.isEmpty { cells.append(""); continue }
                let med = xs.count % 2 == 1 ? xs[xs.count / 2] : (xs[xs.count / 2 - 1] + xs[xs.count / 2]) / 2
                cells.append("\(fmt(med)) (\(fmt(xs[0]))-\(fmt(xs[xs.count - 1])))")
            }
            let smd = groups.grouped ? StandardizedDifference.continuous(Array(numbers.dropLast())) : nil
            let byGroup = Array(numbers.dropLast())
            let test = !groups.grouped ? nil : byGroup.count == 2 ? MannWhitney.test(byGroup[0], byGroup[1]) : KruskalWallis.test(byGroup)
            rows.append(SummaryTableRow(variable: column, characteristic: label, level: "",
                                        cells: groups.members.map { _ in "" }, smd: smd.map { NumberFormat.fixed($0, 3) } ?? "",
                                        p: NumberFormat.pValue(test?.p)))
            rows.append(SummaryTableRow(variable: column, characteristic: label, level: "Median (range)", cells: cells))
            if missing.contains(where: { $0 > 0 }) {
                rows.append(SummaryTableRow(variable: column, characteristic: label, level: "Missing",
                                            cells: zip(missing, groups.members).map { NumberFormat.countPercent($0, of: $1.count) }))
            }
        }

        /// `No` / `Yes` for a `Y`/`N` flag.
        mutating func flag(_ column: String, _ label: String) {
            categorical(column, label, levels: [("No", { $0 == "N" }), ("Yes", { $0 == "Y" })])
        }

        /// One row per level, n (%) (or n/N (%) over evaluable patients), then missing.
        mutating func categorical(_ column: String, _ label: String, levels: [Level],
                                  evaluableDenominator: Bool = false, missingLabel: String = "Missing",
                                  dropEmptyLevels: Bool = false) {
            guard table.hasColumn(column) else { return }
            var counts: [[Int]] = [], missing: [Int] = []
            for m in groups.members {
                let raw = values(column, m)
                var c = [Int](repeating: 0, count: levels.count), miss = 0
                for v in raw {
                    guard let v else { miss += 1; continue }
                    if let l = levels.firstIndex(where: { $0.matches(v) }) { c[l] += 1 } else { miss += 1 }
                }
                counts.append(c)
                missing.append(miss)
            }
            // Levels of a continuous variable just shown (age groups under age) share its heading
            // and its SMD.
            if rows.last?.characteristic == label {
                // One missing row per heading, after the levels.
                rows.removeAll { $0.characteristic == label && $0.level == "Missing" }
            } else {
                let smd = groups.grouped ? StandardizedDifference.categorical(Array(counts.dropLast())) : nil
                // Levels × groups, missing values left out (as chisq.test on a table of the values).
                let byGroup = Array(counts.dropLast())
                let test = groups.grouped ? ContingencyTest.association(levels.indices.map { l in byGroup.map { $0[l] } }) : nil
                rows.append(SummaryTableRow(variable: column, characteristic: label, level: "",
                                            cells: groups.members.map { _ in "" }, smd: smd.map { NumberFormat.fixed($0, 3) } ?? "",
                                            p: NumberFormat.pValue(test?.p)))
            }
            for (l, level) in levels.enumerated() {
                if dropEmptyLevels && counts.allSatisfy({ $0[l] == 0 }) { continue }
                let cells = counts.indices.map { gi in
                    evaluableDenominator
                        ? NumberFormat.fraction(counts[gi][l], of: counts[gi].reduce(0, +))
                        : NumberFormat.countPercent(counts[gi][l], of: groups.members[gi].count)
                }
                rows.append(SummaryTableRow(variable: column, characteristic: label, level: level.label, cells: cells))
            }
            if missing.contains(where: { $0 > 0 }) {
                rows.append(SummaryTableRow(variable: column, characteristic: label, level: missingLabel,
                                            cells: zip(missing, groups.members).map { NumberFormat.countPercent($0, of: $1.count) }))
            }
        }
    }
}
