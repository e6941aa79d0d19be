import MMModel

/// Groups canonical records by patient, sorted by (site, patient_id), raising `DUP-001` for
/// a second `patients` row of the same patient and `SCH-010` for rows of unknown patients.
public enum RecordStore {
    public static func group(_ batch: RecordBatch, log: inout StageLog) -> [PatientRecord] {
        var byKey: [PatientKey: PatientRecord] = [:]
        for p in batch.patients {
            if let first = byKey[p.key]?.patient {
                log.reject(Finding(.DUP001, key: p.key, table: .patients, provenance: p.provenance, field: "patient_id",
                                   value: p.key.patientID,
                                   message: "\(p.provenance.source): patient \(p.key.patientID) of site \(p.key.site) already has a patients row at \(first.provenance.source); this row was ignored — keep one row per patient."),
                           key: p.key, table: TableName.patients.rawValue, source: p.provenance.source)
                continue
            }
            byKey[p.key, default: PatientRecord(key: p.key)].patient = p
        }
        for r in batch.labs { byKey[r.key, default: PatientRecord(key: r.key)].labs.append(r) }
        for r in batch.cytogenetics { byKey[r.key, default: PatientRecord(key: r.key)].cytogenetics.append(r) }
        for r in batch.therapies { byKey[r.key, default: PatientRecord(key: r.key)].therapies.append(r) }
        for r in batch.assessments { byKey[r.key, default: PatientRecord(key: r.key)].assessments.append(r) }
        for r in batch.adverseEvents { byKey[r.key, default: PatientRecord(key: r.key)].adverseEvents.append(r) }
        let records = byKey.values.sorted { $0.key < $1.key }
        for record in records where record.patient == nil { reportUnknownPatient(record, log: &log) }
        return records
    }

    /// `SCH-010`: one finding per table for a patient with rows but no usable `patients` row,
    /// naming the number of rows and the first one. The record is passed on (with
    /// `patient == nil`): validate and derive decide what can still be used.
    static func reportUnknownPatient(_ record: PatientRecord, log: inout StageLog) {
        let tables: [(TableName, [Provenance])] = [
            (.labs, record.labs.map(\.provenance)), (.cytogenetics, record.cytogenetics.map(\.provenance)),
            (.therapies, record.therapies.map(\.provenance)), (.assessments, record.assessments.map(\.provenance)),
            (.adverseEvents, record.adverseEvents.map(\.provenance)),
        ]
        var seen = Set<Provenance>()  // a regimen row expands to several exposures of one source row
        for (table, provenances) in tables {
            guard let first = provenances.first else { continue }
            seen.removeAll(keepingCapacity: true)
            let rows = provenances.filter { seen.insert($0).inserted }.count
            log.add(Finding(.SCH010, key: record.key, table: table, provenance: first, field: "patient_id",
                            value: record.key.patientID,
                            message: "\(first.source): patient \(record.key.patientID) of site \(record.key.site) has \(rows) \(table.rawValue) row(s) but no usable row in patients — add the patient to patients (or correct patient_id/site_id)."))
        }
    }
}
