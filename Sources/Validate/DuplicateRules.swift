import MMModel

/// The `DUP` family on one patient's rows (SPEC 5 DUP; RULES.md 2.2): an identical row
/// repeated (`DUP-002`) and two rows that disagree about the same patient, test and date
/// (`DUP-003`). In both cases the first row in file order is kept and the others are left out
/// of every derivation, counted as rejected rows, with a WARNING to the site.
/// (`DUP-001`, a second `patients` row, is raised when records are grouped, in Map.)
enum DuplicateRules {
    // MARK: DUP-002

    /// `DUP-002`: rows whose canonical values are identical apart from provenance. The first
    /// is kept; each copy is ignored with a WARNING naming the row it repeats. The copies were
    /// set aside, undecoded, when the patient's partition was read (`CopyFinder`, Map: SPEC 8,
    /// a patient with millions of repeated rows): here they are counted as rejected rows and,
    /// unless `deferred`, reported into `log` (`reportCopies`); a deferred report is made by the
    /// caller, a chunk at a time, when it hands the patient's findings and audit entries on.
    static func identicalRows(_ pass: inout ValidationPass, log: inout StageLog, deferred: Bool) {
        guard let copies = pass.record.copies else { return }
        pass.record.copies = nil
        for (table, n) in [(TableName.labs, copies.labs.count), (.cytogenetics, copies.cytogenetics.count),
                           (.assessments, copies.assessments.count), (.adverseEvents, copies.adverseEvents.count),
                           (.therapies, copies.therapies.rows)] where n > 0 {
            log.rejectedRows[table.rawValue, default: 0] += n
        }
        guard !deferred else { return }
        reportCopies(copies, key: pass.record.key, chunk: .max) { findings, audit in
            log.findings += findings
            log.audit += audit
        }
    }

    /// The `DUP-002` finding and audit `reject` entry of each copy, handed to `body` at most
    /// `chunk` at a time (never all of a patient's millions at once), in the rule's order: labs,
    /// cytogenetics, assessments, adverse events, therapies, rows in order within a table. A
    /// repeated regimen row (one copy per drug) is one finding. Rows are not counted here.
    static func reportCopies(_ copies: RowCopies, key: PatientKey, chunk: Int,
                             _ body: ([Finding], [AuditEntry]) -> Void) {
        var log = StageLog()
        func add(_ table: TableName, _ copy: Provenance, _ d: CopyText) {
            var f = Finding(.DUP002, key: key, table: table, provenance: copy, field: d.field, value: d.value,
                            message: "\(copy.source): this row repeats \(d.first.source) exactly (\(d.what)); the copy is ignored — remove the repeated row.")
            f.rowKey = d.rowKey
            log.rejectRow(f, key: key, table: table)
            if log.findings.count >= chunk { flush() }
        }
        func flush() {
            guard !log.findings.isEmpty else { return }
            body(log.findings, log.audit)
            log = StageLog()
        }
        report(copies.labs, .labs, add) { l in
            CopyText(field: "test", value: l.test.rawValue, what: "\(l.test.rawValue) on \(l.date.iso)",
                     rowKey: RowIdentity.lab(date: l.date.iso, test: l.test.rawValue), first: l.provenance)
        }
        report(copies.cytogenetics, .cytogenetics, add) { c in
            CopyText(field: "abnormality", value: c.abnormality.rawValue, what: "\(c.abnormality.rawValue) on \(c.date.iso)",
                     rowKey: RowIdentity.cytogenetics(date: c.date.iso, abnormality: c.abnormality.rawValue), first: c.provenance)
        }
        report(copies.assessments, .assessments, add) { a in
            CopyText(field: "date", value: a.date.iso, what: "the assessment of \(a.date.iso)",
                     rowKey: RowIdentity.assessment(date: a.date.iso), first: a.provenance)
        }
        report(copies.adverseEvents, .adverseEvents, add) { e in
            CopyText(field: "term", value: e.term, what: "the adverse event '\(e.term)'",
                     rowKey: RowIdentity.adverseEvent(term: e.term, onset: e.onsetDate?.iso ?? ""), first: e.provenance)
        }
        // One finding per source row: its copies of the regimen's drugs are consecutive. The
        // row is named as `RowIdentity` names it (by its regimen when it expands to several).
        var row: (copy: RowCopy, drugs: Int)?
        func reportRow() {
            guard let (copy, drugs) = row else { return }
            let t = copies.therapies.originals[copy.original]
            let label = t.regimenLabel ?? t.drug
            add(.therapies, copy.provenance,
                CopyText(field: t.regimenLabel == nil ? "drug" : "regimen", value: label,
                         what: "\(label) started \(t.start.iso)",
                         rowKey: RowIdentity.therapy(start: t.start.iso, drugOrRegimen: drugs > 1 ? label : t.drug),
                         first: t.provenance))
        }
        copies.therapies.forEach { copy in
            if let r = row, r.copy.provenance == copy.provenance {
                row!.drugs += 1
            } else {
                reportRow()
                row = (copy, 1)
            }
        }
        reportRow()
        flush()
    }

    /// What a `DUP-002` finding says of the row copied.
    private struct CopyText {
        var field, value, what, rowKey: String
        /// The row copied.
        var first: Provenance
    }

    /// Adds the copies of one table; `text` is made once per row copied.
    private static func report<Row>(_ copies: CopyList<Row>, _ table: TableName,
                                    _ add: (TableName, Provenance, CopyText) -> Void,
                                    text: (Row) -> CopyText) where Row: Sendable {
        var texts: [CopyText?] = Array(repeating: nil, count: copies.originals.count)
        copies.forEach { copy in
            if texts[copy.original] == nil { texts[copy.original] = text(copies.originals[copy.original]) }
            add(table, copy.provenance, texts[copy.original]!)
        }
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
