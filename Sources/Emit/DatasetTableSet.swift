import MMModel

/// The six dataset tables (ADSL, ADLOT, ADRS, ADTTE, ADAE, ADEXP) written side by side, one
/// patient at a time in `USUBJID` order (SPEC 8: a patient is emitted as soon as it is derived,
/// then freed). The ADaM rule that every `USUBJID` of a dataset is in ADSL: a patient outside
/// the analysis population (no index regimen) gets no row; his findings and audit trail do.
final class DatasetTableSet {
    private let adsl: TableWriter<PatientRow<ADSLRow>>
    private let adlot: TableWriter<PatientRow<ADLOTRow>>
    private let adrs: TableWriter<PatientRow<ADRSRow>>
    private let adtte: TableWriter<PatientRow<ADTTERow>>
    private let adae: TableWriter<PatientRow<ADAERow>>
    private let adexp: TableWriter<PatientRow<DrugStatus>>

    /// `arms`: ADSL with its arm columns (SPEC 4.3 arms).
    init(directory: String, arms: Bool) throws(EmitError) {
        adsl = try TableWriter(Tables.adsl(arms: arms), directory: directory, sqlite: true)
        adlot = try TableWriter(Tables.adlot, directory: directory, sqlite: true)
        adrs = try TableWriter(Tables.adrs, directory: directory, sqlite: true)
        adtte = try TableWriter(Tables.adtte, directory: directory, sqlite: true)
        adae = try TableWriter(Tables.adae, directory: directory, sqlite: true)
        adexp = try TableWriter(Tables.adexp, directory: directory, sqlite: true)
    }

    /// One patient's rows, in each table's documented order (`Tables.*.sortOrder`).
    func write(_ p: PatientContext, _ d: PatientDerivation) throws(EmitError) {
        guard let row = d.adsl else { return }
        try adsl.append(PatientRow(p, row))
        try adlot.append(contentsOf: d.lines.enumerated().sorted { ($0.element.LOT, $0.offset) < ($1.element.LOT, $1.offset) }
            .map { PatientRow(p, $0.element) })
        try adrs.append(contentsOf: d.responses.map { PatientRow(p, $0) })
        try adtte.append(contentsOf: d.timeToEvent.map { PatientRow(p, $0) })
        try adae.append(contentsOf: d.adverseEvents.enumerated().sorted { a, b in
            ADAERow.precedes(a.element, b.element) ?? (a.offset < b.offset)
        }.map { PatientRow(p, $0.element) })
        try adexp.append(contentsOf: row.drugStatus.sorted { $0.drug < $1.drug }.map { PatientRow(p, $0) })
    }

    /// The CSV files, flushed and named, in output order.
    func finish() throws(EmitError) -> [WrittenFile] {
        [try adsl.finish(), try adlot.finish(), try adrs.finish(), try adtte.finish(), try adae.finish(), try adexp.finish()]
    }

    /// The SQLite rows of each table, in output order.
    var spools: [CellSpool] { [adsl.spool!, adlot.spool!, adrs.spool!, adtte.spool!, adae.spool!, adexp.spool!] }
}
