import Foundation

/// The seeds' adverse-event table (SPEC 3 `ae.csv`, RULES.md 9; seed 000 Table 2): per term and
/// per group of terms, the patients with a treatment-emergent event of any grade and of grade
/// 3–4, over the analysis population.
///
/// - Events: `adae.csv` rows with `TRTEMFL = Y` of patients in `adsl.csv` (the analysis
///   population, which is also the denominator).
/// - Each patient counts once per term (and once per group) at the worst grade of its events:
///   any grade = any event; grade 3–4 = worst grade 3 or 4. Readings: a patient whose worst
///   grade is 5 is counted in any grade only (the seeds' "grade 3–4" column); an event with no
///   grade counts in any grade and leaves the worst grade to the graded events.
/// - Terms: the dictionary's canonical term for a known spelling; an unknown term under its own
///   name (spellings differing only in case, spaces or punctuation are one term, written as
///   the first of them in sort order), after the dictionary's rows, alphabetically.
public struct AdverseEventTable: Sendable {
    public struct Row: Sendable, Hashable {
        /// The group or term name (`TERM` of `ae.csv`).
        public var term: String
        /// A group row over member rows (`false` for a term, or a group of one term).
        public var isGroup: Bool
        /// A term listed under its group.
        public var isMember: Bool
        public var anyGrade: Int
        public var grade34: Int
    }

    /// The analysis population (denominator).
    public var population: Int
    public var rows: [Row]
    /// Treatment-emergent events read (of population patients).
    public var events: Int
    /// Whether `adae.csv` was present.
    public var hasData: Bool
    /// Whether a term dictionary grouped the terms.
    public var grouped: Bool
    /// With `--by`: the same table over each group's patients (`VAR = value`), for the page;
    /// `ae.csv` is the whole population's.
    public var byGroup: [(label: String, table: AdverseEventTable)] = []

    public init(population: Int, rows: [Row], events: Int, hasData: Bool, grouped: Bool) {
        self.population = population
        self.rows = rows
        self.events = events
        self.hasData = hasData
        self.grouped = grouped
    }

    /// Counts `adae` over the patients of `adsl`, and over each group of `by` (an ADSL column;
    /// groups in the order of the Kaplan–Meier strata, patients without a value in none).
    public static func build(adsl: DataTable, adae: DataTable?, dictionary: AETermDictionary, by: String?) -> AdverseEventTable {
        var table = build(adsl: adsl, adae: adae, dictionary: dictionary)
        guard let by, adsl.hasColumn(by) else { return table }
        let values = StratumOrder.sorted(Array(Set(adsl.rows.compactMap { adsl.value($0, by) })))
        table.byGroup = values.map { v in
            let members = DataTable(columns: adsl.columns, rows: adsl.rows.filter { adsl.value($0, by) == v })
            return ("\(by) = \(v)", build(adsl: members, adae: adae, dictionary: dictionary))
        }
        return table
    }

    /// Counts `adae` over the patients of `adsl`.
    public static func build(adsl: DataTable, adae: DataTable?, dictionary: AETermDictionary) -> AdverseEventTable {
        let population = Set(adsl.rows.compactMap { adsl.value($0, "USUBJID") })
        guard let adae else { return AdverseEventTable(population: population.count, rows: [], events: 0, hasData: false, grouped: false) }
        /// A dictionary term by its canonical name, an unknown one by its matching key.
        enum Term: Hashable { case known(String), unknown(key: String) }
        // Worst grade per patient per term: 0 = an event without grade.
        var worst: [Term: [String: Int]] = [:]
        var spellings: [String: String] = [:]
        var events = 0
        for row in adae.rows {
            guard adae.value(row, "TRTEMFL")?.uppercased() == "Y", let id = adae.value(row, "USUBJID"),
                  population.contains(id), let reported = adae.value(row, "AETERM") else { continue }
            events += 1
            let term: Term
            if let c = dictionary.canonicalTerm(reported) {
                term = .known(c)
            } else {
                let k = AETermDictionary.key(reported)
                spellings[k] = min(spellings[k] ?? reported, reported)
                term = .unknown(key: k)
            }
            let grade = adae.value(row, "AETOXGR").flatMap { Int($0) } ?? 0
            worst[term, default: [:]][id] = max(worst[term]?[id] ?? 0, grade)
        }
        func counts(_ perPatient: [String: Int]) -> (Int, Int) {
            (perPatient.count, perPatient.values.filter { (3...4).contains($0) }.count)
        }
        var rows: [Row] = []
        for g in dictionary.groups {
            let present = g.terms.filter { worst[.known($0)] != nil }
            guard !present.isEmpty else { continue }
            if g.isSingleTerm {
                let (a, s) = counts(worst[.known(g.name)] ?? [:])
                rows.append(Row(term: g.name, isGroup: false, isMember: false, anyGrade: a, grade34: s))
                continue
            }
            var merged: [String: Int] = [:]
            for t in present { for (id, gr) in worst[.known(t)] ?? [:] { merged[id] = max(merged[id] ?? 0, gr) } }
            let (a, s) = counts(merged)
            rows.append(Row(term: g.name, isGroup: true, isMember: false, anyGrade: a, grade34: s))
            for t in present {
                let (a, s) = counts(worst[.known(t)] ?? [:])
                rows.append(Row(term: t, isGroup: false, isMember: true, anyGrade: a, grade34: s))
            }
        }
        let unknown = spellings.map { (name: $0.value, key: $0.key) }
            .sorted { ($0.name.lowercased(), $0.name) < ($1.name.lowercased(), $1.name) }
        for u in unknown {
            let (a, s) = counts(worst[.unknown(key: u.key)] ?? [:])
            rows.append(Row(term: u.name, isGroup: false, isMember: false, anyGrade: a, grade34: s))
        }
        return AdverseEventTable(population: population.count, rows: rows, events: events, hasData: true,
                                  grouped: !dictionary.groups.isEmpty)
    }
}
