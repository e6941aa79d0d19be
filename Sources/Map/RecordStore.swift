import MMModel

/// Groups canonical records by patient, sorted by (site, patient_id), raising `DUP-001` for
/// a second `patients` row of the same patient and `SCH-010` for rows of unknown patients.
public enum RecordStore {
    public static func group(_ batch: RecordBatch, log: inout StageLog) -> [PatientRecord] {
        var byKey: [PatientKey: PatientRecord] = [:]
        for p in batch.patients {
            if byKey[p.key]?.patient != nil {
                log.reject(Finding(.DUP001, key: p.key, table: .patients, provenance: p.provenance, field: "patient_id",
                                   value: p.key.patientID,
                                   message: "Patient \(p.key.patientID) already appears in patients at an earlier row; this row is ignored — keep one row per patient."),
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
        return byKey.values.sorted { $0.key < $1.key }
    }
}
