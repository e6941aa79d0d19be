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
        appendRuns(batch.labs, key: \.key, to: &byKey) { $0.labs.append(contentsOf: $1) }
        appendRuns(batch.cytogenetics, key: \.key, to: &byKey) { $0.cytogenetics.append(contentsOf: $1) }
        appendRuns(batch.therapies, key: \.key, to: &byKey) { $0.therapies.append(contentsOf: $1) }
        appendRuns(batch.assessments, key: \.key, to: &byKey) { $0.assessments.append(contentsOf: $1) }
        appendRuns(batch.adverseEvents, key: \.key, to: &byKey) { $0.adverseEvents.append(contentsOf: $1) }
        let records = byKey.values.sorted { $0.key < $1.key }
        for record in records where record.patient == nil { reportUnknownPatient(record, log: &log) }
        return records
    }

    /// Appends `rows` to their patients' records, one dictionary lookup per run of
    /// consecutive rows of the same patient (exports are usually grouped by patient: SPEC 8),
    /// keeping the input order within each patient.
    static func appendRuns<T>(_ rows: [T], key: (T) -> PatientKey, to byKey: inout [PatientKey: PatientRecord],
                              _ add: (inout PatientRecord, ArraySlice<T>) -> Void) {
        var i = 0
        while i < rows.count {
            let k = key(rows[i])
            var j = i + 1
            while j < rows.count, key(rows[j]) == k { j += 1 }
            add(&byKey[k, default: PatientRecord(key: k)], rows[i..<j])
            i = j
        }
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
