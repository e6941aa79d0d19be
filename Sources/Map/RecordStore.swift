import MMModel

/// Groups canonical records by patient, sorted by (site, patient_id), raising `DUP-001` for
/// a second `patients` row of the same patient; rows of unknown patients are rejected
/// (`SCH-010`, `rejectOrphans`).
public enum RecordStore {
    public static func group(_ batch: RecordBatch, log: inout StageLog) -> [PatientRecord] {
        var byKey: [PatientKey: PatientRecord] = [:]
        for p in batch.patients {
            if let first = byKey[p.key]?.patient {
                log.reject(Finding(.DUP001, key: p.key, table: .patients, provenance: p.provenance, field: "patient_id",
                                   value: p.key.patientID,
                                   message: "\(p.provenance.source): patient \(p.key.patientID) of site \(p.key.site) already has a patients row at \(first.provenance.source); this row was ignored — keep one row per patient."),
                           key: p.key, table: TableName.patients.rawValue)
                continue
            }
            byKey[p.key, default: PatientRecord(key: p.key)].patient = p
        }
        appendRuns(batch.labs, key: \.key, to: &byKey) { $0.labs.append(contentsOf: $1) }
        appendRuns(batch.cytogenetics, key: \.key, to: &byKey) { $0.cytogenetics.append(contentsOf: $1) }
        appendRuns(batch.therapies, key: \.key, to: &byKey) { $0.therapies.append(contentsOf: $1) }
        appendRuns(batch.assessments, key: \.key, to: &byKey) { $0.assessments.append(contentsOf: $1) }
        appendRuns(batch.adverseEvents, key: \.key, to: &byKey) { $0.adverseEvents.append(contentsOf: $1) }
        for (key, copies) in batch.copies { byKey[key, default: PatientRecord(key: key)].copies = copies }
        // A patient without a patients row is rejected row by row, his copies with the others.
        for (key, record) in byKey where record.patient == nil && record.copies != nil {
            byKey[key] = restoringCopies(record, batch: batch)
        }
        return rejectOrphans(byKey.values.sorted { $0.key < $1.key }, log: &log)
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

    /// `record` with its copies put back among its rows, in row order (a copy's `position` is
    /// its place among the rows of its table decoded into `batch`).
    static func restoringCopies(_ record: PatientRecord, batch: RecordBatch) -> PatientRecord {
        guard let copies = record.copies else { return record }
        var r = record
        r.copies = nil
        r.labs = restore(record.labs, copies.labs, in: batch.labs)
        r.cytogenetics = restore(record.cytogenetics, copies.cytogenetics, in: batch.cytogenetics)
        r.therapies = restore(record.therapies, copies.therapies, in: batch.therapies)
        r.assessments = restore(record.assessments, copies.assessments, in: batch.assessments)
        r.adverseEvents = restore(record.adverseEvents, copies.adverseEvents, in: batch.adverseEvents)
        return r
    }

    private static func restore<Row: Keyed>(_ kept: [Row], _ copies: CopyList<Row>, in all: [Row]) -> [Row] {
        guard copies.count > 0, let key = copies.originals.first?.key else { return kept }
        let positions = all.indices.filter { all[$0].key == key }
        var out: [Row] = []
        var k = 0
        copies.forEach { copy in
            while k < kept.count, positions[k] < copy.position {
                out.append(kept[k])
                k += 1
            }
            var row = copies.originals[copy.original]
            row.provenance = copy.provenance
            out.append(row)
        }
        return out + kept[k...]
    }
}
