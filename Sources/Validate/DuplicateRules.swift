import MMModel

/// The `DUP` family on one patient's rows (SPEC 5 DUP; RULES.md 2.2): an identical row
/// repeated (`DUP-002`) and two rows that disagree about the same patient, test and date
/// (`DUP-003`). In both cases the first row in file order is kept and the others are left out
/// of every derivation, counted as rejected rows, with a WARNING to the site.
/// (`DUP-001`, a second `patients` row, is raised when records are grouped, in Map.)
enum DuplicateRules {
    private static let blank = Provenance(file: "", line: 0)
    private struct LabBucket: Hashable { var test: LabTest; var date: Day }
    private struct TherapyBucket: Hashable { var drug: String; var start: Day }

    // MARK: DUP-002

    /// `DUP-002`: rows whose canonical values are identical apart from provenance. The first
    /// is kept; each copy is ignored with a WARNING naming the row it repeats.
    static func identicalRows(_ pass: inout ValidationPass, log: inout StageLog) {
        let key = pass.record.key
        pass.record.labs = firstOfEach(pass.record.labs, bucket: { LabBucket(test: $0.test, date: $0.date) }, blanked: { var r = $0; r.provenance = blank; return r }) { copy, first in
            log.rejectRow(copyFinding(key, .labs, copy.provenance, first.provenance, field: "test",
                                      value: copy.test.rawValue, what: "\(copy.test.rawValue) on \(copy.date.iso)",
                                      rowKey: RowIdentity.lab(date: copy.date.iso, test: copy.test.rawValue)),
                          key: key, table: .labs)
        }
        pass.record.cytogenetics = firstOfEach(pass.record.cytogenetics, bucket: { $0.date }, blanked: { var r = $0; r.provenance = blank; return r }) { copy, first in
            log.rejectRow(copyFinding(key, .cytogenetics, copy.provenance, first.provenance, field: "abnormality",
                                      value: copy.abnormality.rawValue,
                                      what: "\(copy.abnormality.rawValue) on \(copy.date.iso)",
                                      rowKey: RowIdentity.cytogenetics(date: copy.date.iso, abnormality: copy.abnormality.rawValue)),
                          key: key, table: .cytogenetics)
        }
        pass.record.assessments = firstOfEach(pass.record.assessments, bucket: { $0.date }, blanked: { var r = $0; r.provenance = blank; return r }) { copy, first in
            log.rejectRow(copyFinding(key, .assessments, copy.provenance, first.provenance, field: "date",
                                      value: copy.date.iso, what: "the assessment of \(copy.date.iso)",
                                      rowKey: RowIdentity.assessment(date: copy.date.iso)),
                          key: key, table: .assessments)
        }
        pass.record.adverseEvents = firstOfEach(pass.record.adverseEvents, bucket: { $0.onsetDate }, blanked: { var r = $0; r.provenance = blank; return r }) { copy, first in
            log.rejectRow(copyFinding(key, .adverseEvents, copy.provenance, first.provenance, field: "term",
                                      value: copy.term, what: "the adverse event '\(copy.term)'"),
                          key: key, table: .adverseEvents)
        }
        // A regimen row expands to one exposure per drug: a repeated regimen row is one
        // finding and one rejected row, however many drugs it holds.
        var reportedRows: Set<Provenance> = []
        pass.record.therapies = firstOfEach(pass.record.therapies, bucket: { TherapyBucket(drug: $0.drug, start: $0.start) }, blanked: { var r = $0; r.provenance = blank; return r }) { copy, first in
            guard reportedRows.insert(copy.provenance).inserted else { return }
            let label = copy.regimenLabel ?? copy.drug
            log.rejectRow(copyFinding(key, .therapies, copy.provenance, first.provenance,
                                      field: copy.regimenLabel == nil ? "drug" : "regimen", value: label,
                                      what: "\(label) started \(copy.start.iso)"),
                          key: key, table: .therapies)
        }
    }

    /// Keeps the first of rows equal once blanked; calls `copy` for every later one. Rows are
    /// bucketed by a small key (test and date, …) so that whole rows are compared only on a
    /// collision — this runs on every lab row of the run.
    private static func firstOfEach<T: Equatable, K: Hashable>(_ rows: [T], bucket: (T) -> K, blanked: (T) -> T,
                                                              copy: (T, T) -> Void) -> [T] {
        guard rows.count > 1 else { return rows }
        // No capacity reserved for every row: a patient's 2 million identical rows keep one
        // (SPEC 8), and growing costs little when most rows are kept.
        var firsts: [K: T] = [:]
        var others: [K: [T]] = [:]
        var kept: [T] = []
        for row in rows {
            let k = bucket(row)
            guard let first = firsts[k] else {
                firsts[k] = row
                kept.append(row)
                continue
            }
            let b = blanked(row)
            if blanked(first) == b {
                copy(row, first)
            } else if let earlier = others[k]?.first(where: { blanked($0) == b }) {
                copy(row, earlier)
            } else {
                others[k, default: []].append(row)
                kept.append(row)
            }
        }
        return kept
    }

    /// `rowKey`: the copy's `RowIdentity` when known here (a patient's millions of repeated
    /// rows then need no lookup by source, SPEC 8); empty: found by source later.
    private static func copyFinding(_ key: PatientKey, _ table: TableName, _ copy: Provenance, _ first: Provenance,
                                    field: String, value: String, what: String, rowKey: String = "") -> Finding {
        var f = Finding(.DUP002, key: key, table: table, provenance: copy, field: field, value: value,
                        message: "\(copy.source): this row repeats \(first.source) exactly (\(what)); the copy is ignored — remove the repeated row.")
        f.rowKey = rowKey
        return f
    }

    // MARK: DUP-003

    /// `DUP-003`: the same patient, test and date with different values (labs); two
    /// assessments on one date that disagree; the same abnormality, date and method with
    /// different results (cytogenetics). RULES.md 2.2: the first row in file order is used;
    /// the others are left out of every derivation, and the WARNING shows both values.
    static func conflictingValues(_ pass: inout ValidationPass, log: inout StageLog) {
        let key = pass.record.key

        // Labs excluded by `unit_mismatch: exclude` take part in no derivation, hence in no conflict.
        struct LabKey: Hashable { var test: LabTest; var date: Day }
        pass.record.labs = keepFirst(pass.record.labs, by: { $0.excludedFromDerivation ? nil : LabKey(test: $0.test, date: $0.date) }) { later, first in
            let (field, laterValue, firstValue): (String, String, String)
            if later.value != first.value {
                (field, laterValue, firstValue) = ("value", FindingText.labValue(later), FindingText.labValue(first))
            } else if later.uln != first.uln {
                (field, laterValue, firstValue) = ("uln", later.uln.map(FindingText.number) ?? "", first.uln.map(FindingText.number) ?? "")
            } else if later.lln != first.lln {
                (field, laterValue, firstValue) = ("lln", later.lln.map(FindingText.number) ?? "", first.lln.map(FindingText.number) ?? "")
            } else if later.mrdSensitivity != first.mrdSensitivity {
                (field, laterValue, firstValue) = ("unit", later.mrdSensitivity ?? "", first.mrdSensitivity ?? "")
            } else {
                return false
            }
            log.rejectRow(conflictFinding(key, .labs, later.provenance, first.provenance, field: field,
                                          laterValue: laterValue, firstValue: firstValue,
                                          what: "\(later.test.rawValue) on \(later.date.iso)"),
                          key: key, table: .labs)
            return true
        }

        pass.record.assessments = keepFirst(pass.record.assessments, by: { $0.date }) { later, first in
            let crab: (Set<CRABFeature>) -> String = { $0.map(\.rawValue).sorted().joined(separator: ";") }
            let candidates: [(String, String, String)] = [
                ("response", FindingText.optional(later.response?.rawValue), FindingText.optional(first.response?.rawValue)),
                ("progression_type", FindingText.optional(later.progressionType?.rawValue), FindingText.optional(first.progressionType?.rawValue)),
                ("new_lesion", yesNo(later.newLesion), yesNo(first.newLesion)),
                ("plasmacytoma", yesNo(later.plasmacytoma), yesNo(first.plasmacytoma)),
                ("crab", crab(later.crab), crab(first.crab)),
            ]
            guard let (field, laterValue, firstValue) = candidates.first(where: { $0.1 != $0.2 }) else { return false }
            log.rejectRow(conflictFinding(key, .assessments, later.provenance, first.provenance, field: field,
                                          laterValue: laterValue, firstValue: firstValue,
                                          what: "the assessment of \(later.date.iso)"),
                          key: key, table: .assessments)
            return true
        }

        struct CytoKey: Hashable { var abnormality: CytoAbnormality; var date: Day; var method: CytoMethod? }
        pass.record.cytogenetics = keepFirst(pass.record.cytogenetics, by: { CytoKey(abnormality: $0.abnormality, date: $0.date, method: $0.method) }) { later, first in
            guard later.result != first.result else { return false }
            log.rejectRow(conflictFinding(key, .cytogenetics, later.provenance, first.provenance, field: "result",
                                          laterValue: later.result.rawValue, firstValue: first.result.rawValue,
                                          what: "\(later.abnormality.rawValue) by \(later.method?.rawValue ?? "unknown method") on \(later.date.iso)"),
                          key: key, table: .cytogenetics)
            return true
        }
    }

    /// Keeps rows whose group (nil: no group) is new, and later rows of a group when
    /// `conflict(later, first)` says they do not conflict (it raises the finding when they do).
    private static func keepFirst<T, K: Hashable>(_ rows: [T], by group: (T) -> K?, conflict: (T, T) -> Bool) -> [T] {
        var firsts: [K: T] = [:]
        var kept: [T] = []
        kept.reserveCapacity(rows.count)
        for row in rows {
            guard let k = group(row) else { kept.append(row); continue }
            if let first = firsts[k] {
                if !conflict(row, first) { kept.append(row) }
            } else {
                firsts[k] = row
                kept.append(row)
            }
        }
        return kept
    }

    private static func conflictFinding(_ key: PatientKey, _ table: TableName, _ later: Provenance, _ first: Provenance,
                                        field: String, laterValue: String, firstValue: String, what: String) -> Finding {
        Finding(.DUP003, key: key, table: table, provenance: later, field: field, value: laterValue,
                message: "\(later.source): \(field) \(FindingText.shown(laterValue)) for \(what) conflicts with \(FindingText.shown(firstValue)) at \(first.source); the first row (\(first.source)) is used and this one is ignored — keep the correct value and delete the other row.")
    }
}
