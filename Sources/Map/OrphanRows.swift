import MMModel

/// Rows of a patient missing from the patients table (`SCH-010`, issue 18.1): each such row
/// is rejected, counted and named at its file:line, with one audit `reject` line, and the
/// patient leaves the records (no patient is counted that has no patients row).
///
/// One finding per row, except for a site none of whose patients has a usable patients row
/// (its patients file was unreadable or lacked a required column, already an `ING` finding):
/// there one finding per table names the count and the first row, so that a renamed header
/// gives one query per missing column and not one per row (issue 12); every row still has
/// its own audit `reject` line and is counted. (Order: by site, then `TableName` order.)
extension RecordStore {
    /// The records that have a patients row; every row of the others is rejected.
    public static func rejectOrphans(_ records: [PatientRecord], log: inout StageLog) -> [PatientRecord] {
        let sitesWithPatients = Set(records.lazy.filter { $0.patient != nil }.map(\.key.site))
        var kept: [PatientRecord] = []
        kept.reserveCapacity(records.count)
        // Sites without any patients row: per table, the first row, the rows and the patients.
        var unreadSites: [String: [TableName: (first: Provenance, rows: Int, patients: Int)]] = [:]
        for record in records {
            if record.patient != nil {
                kept.append(record)
                continue
            }
            let key = record.key
            let perRow = sitesWithPatients.contains(key.site)
            let tables = sourceRows(of: record)
            // Each row's own identity (SPEC 10: a query survives a reordered file).
            let identities = perRow ? RowIdentity.byProvenance(Set(tables.flatMap(\.1)), in: record) : [:]
            for (table, rows) in tables {
                for row in rows {
                    if perRow {
                        var finding = Finding(.SCH010, key: key, table: table, provenance: row, field: "patient_id",
                                              value: key.patientID, message: "\(row.source): patient \(key.patientID) of site \(key.site) has no usable row in patients, so this \(table.rawValue) row was not used — add the patient to patients (or correct patient_id/site_id).")
                        finding.rowKey = identities[row] ?? ""
                        log.reject(finding, key: key, table: table.rawValue)
                    } else {
                        // Counted and audited one by one; the site's query is one per table.
                        log.rejectedRows[table.rawValue, default: 0] += 1
                        log.record(AuditEntry(action: .reject, key: key, table: table.rawValue, source: row.source,
                                              field: "patient_id", rule: .catalogue(.SCH010)))
                    }
                }
                if !perRow {
                    let seen = unreadSites[key.site]?[table]
                    unreadSites[key.site, default: [:]][table] = (seen?.first ?? rows[0], (seen?.rows ?? 0) + rows.count,
                                                                  (seen?.patients ?? 0) + 1)
                }
            }
        }
        for (site, tables) in unreadSites.sorted(by: { $0.key < $1.key }) {
            for table in TableName.allCases {
                guard let t = tables[table] else { continue }
                log.add(Finding(.SCH010, site: site, table: table, location: .row(t.first), field: "patient_id",
                                message: "\(t.first.source): no patient of site \(site) has a usable row in patients (see the ING findings of its patients file), so the \(t.rows) \(table.rawValue) row(s) of its \(t.patients) patient(s) were not used — fix the patients file and upload again."))
            }
        }
        return kept
    }

    /// The source rows of a patient without a patients row, per table, each once (a regimen
    /// row expands to several exposures of one source row).
    static func sourceRows(of record: PatientRecord) -> [(TableName, [Provenance])] {
        func once(_ provenances: [Provenance]) -> [Provenance] {
            var seen = Set<Provenance>()
            return provenances.filter { seen.insert($0).inserted }
        }
        return [
            (.labs, once(record.labs.map(\.provenance))),
            (.cytogenetics, once(record.cytogenetics.map(\.provenance))),
            (.therapies, once(record.therapies.map(\.provenance))),
            (.assessments, once(record.assessments.map(\.provenance))),
            (.adverseEvents, once(record.adverseEvents.map(\.provenance))),
        ].filter { !$0.1.isEmpty }
    }
}
