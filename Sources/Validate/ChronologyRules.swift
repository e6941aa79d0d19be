import MMModel

/// The `CHR` family on one patient (SPEC 5 CHR: birth < diagnosis ≤ first therapy; start ≤
/// end; nothing after death; last contact ≥ every dated event; no future dates; transplant
/// during an induction line; RULES.md 3 step 1 and 4; RULES.md 8 for `LSTALVDT`).
///
/// What each rule does to the record — the reading chosen where the SPEC says only "ERROR:
/// the value cannot be used":
/// - a row whose own date cannot be used (future, after death, therapy before diagnosis) is
///   removed and counted as rejected;
/// - an end date that cannot be used (future, after death, before its start) is cleared and
///   the start kept: the row still tells when the drug or event began;
/// - a patient date that cannot be used is cleared (audit entry, never the birth date's value);
/// - WARNING rules (`CHR-005`, `CHR-007`, `CHR-008`, `CHR-009`) change nothing.
struct ChronologyRules {
    /// The data cutoff (SPEC 4.3): dates after this day are future dates (`CHR-006`).
    var today: Day
    /// The day of the run (≥ `today` when the pipeline file sets an earlier `data_cutoff`).
    var runDate: Day
    /// The pipeline file sets `data_cutoff`: dates after it up to the run's day are `CHR-011`.
    var explicitCutoff = false

    /// `CHR-007`: a non-steroid drug started this many days or fewer before a transplant, and
    /// not ended, is taken as induction still running.
    static let inductionLookbackDays = 28
    /// `CHR-007`: an alkylator started this close before a transplant is its conditioning
    /// (high-dose melphalan is given on days −2/−1), not induction.
    static let conditioningDays = 7

    func check(_ pass: inout ValidationPass, log: inout StageLog) {
        futureDates(&pass, log: &log)
        birthBeforeDiagnosis(&pass, log: &log)
        beforeBirth(&pass, log: &log)
        afterDeath(&pass, log: &log)
        endBeforeStart(&pass, log: &log)
        therapyBeforeDiagnosis(&pass, log: &log)
        lastContactVersusDeath(&pass, log: &log)
        transplantDuringInduction(&pass, log: &log)
        missingEndDates(&pass, log: &log)
        lastContactBeforeEvents(&pass, log: &log)
    }

    // MARK: CHR-006

    /// `CHR-006` (ERROR): a date after the data cutoff (SPEC 4.3: `data_cutoff`, else the day of
    /// the run; never `SOURCE_DATE_EPOCH`). Row dates: the row is rejected; end dates and
    /// patient dates: the date is cleared — nothing after the cutoff enters a derivation.
    /// `CHR-011` (INFO) instead when the pipeline file sets `data_cutoff` and the date is not
    /// after the day of the run: data after a study's cutoff are not wrong, only outside it.
    func futureDates(_ pass: inout ValidationPass, log: inout StageLog) {
        let key = pass.record.key
        let today = self.today
        func rule(_ d: Day) -> Rule { explicitCutoff && d <= runDate ? .CHR011 : .CHR006 }
        func after(_ d: Day) -> String {
            rule(d) == .CHR011 ? "is after the study's data cutoff (data_cutoff: \(today.iso))" : "is after the data cutoff (\(today.iso))"
        }
        /// The advice: a correction for a future date, none for a date past the study's cutoff.
        func fix(_ d: Day, _ correction: String) -> String {
            rule(d) == .CHR011 ? "nothing after the cutoff enters the analysis; nothing to correct if the date is right" : correction
        }
        if var p = pass.record.patient {
            let prov = p.provenance
            if let b = p.birthDate, b > today {
                log.add(Finding(rule(b), key: key, table: .patients, provenance: prov, field: "birth_date", value: "",
                                message: "\(prov.source): the birth date \(after(b)); it is not used, so age cannot be computed — \(fix(b, "correct the birth date"))."))
                log.cleared(key: key, table: .patients, provenance: prov, field: "birth_date", before: "", rule: rule(b))
                p.birthDate = nil
            }
            clearPatientDate(&p, \.diagnosisDate, "diagnosis_date", key: key, log: &log) { d in
                d > today ? Finding(rule(d), key: key, table: .patients, provenance: prov, field: "diagnosis_date", value: d.iso,
                                    message: "\(prov.source): diagnosis_date \(d.iso) \(after(d)); the date is not used — \(fix(d, "correct the diagnosis date"))."): nil
            }
            clearPatientDate(&p, \.deathDate, "death_date", key: key, log: &log) { d in
                d > today ? Finding(rule(d), key: key, table: .patients, provenance: prov, field: "death_date", value: d.iso,
                                    message: "\(prov.source): death_date \(d.iso) \(after(d)); the date is not used — \(fix(d, "correct the death date"))."): nil
            }
            clearPatientDate(&p, \.lastContactDate, "last_contact_date", key: key, log: &log) { d in
                d > today ? Finding(rule(d), key: key, table: .patients, provenance: prov, field: "last_contact_date", value: d.iso,
                                    message: "\(prov.source): last_contact_date \(d.iso) \(after(d)); the date is not used — \(fix(d, "correct the last contact date"))."): nil
            }
            pass.record.patient = p
        }
        rejectRowsDated(after: today, rule: rule, &pass, log: &log) { prov, field, d in
            "\(prov.source): \(field) \(d.iso) \(after(d)); the row is not used — \(fix(d, "correct the date"))."
        }
        rejectTherapies(&pass, log: &log) { t in
            t.start > today ? Finding(rule(t.start), key: key, table: .therapies, provenance: t.provenance, field: "start_date", value: t.start.iso,
                                      message: "\(t.provenance.source): start_date \(t.start.iso) \(after(t.start)); the row is not used — \(fix(t.start, "correct the date"))."): nil
        }
        clearTherapyEnds(&pass, rule: .CHR006, log: &log) { t, end in
            end > today ? Finding(rule(end), key: key, table: .therapies, provenance: t.provenance, field: "end_date", value: end.iso,
                                  message: "\(t.provenance.source): end_date \(end.iso) \(after(end)); the end date is not used and the start is kept — \(fix(end, "enter the date of the last dose, or leave it empty if the drug is still given"))."): nil
        }
        clearAdverseEventEnds(&pass, rule: .CHR006, log: &log) { ae, end in
            end > today ? Finding(rule(end), key: key, table: .adverseEvents, provenance: ae.provenance, field: "end_date", value: end.iso,
                                  message: "\(ae.provenance.source): end_date \(end.iso) \(after(end)); the end date is not used and the onset is kept — \(fix(end, "correct the end date, or leave it empty if the event is ongoing"))."): nil
        }
    }

    // MARK: CHR-001

    /// `CHR-001` (ERROR): the birth date is on or after the diagnosis date. The birth date
    /// (used only for ages) is the value not used: age stays empty. Its value is never written.
    func birthBeforeDiagnosis(_ pass: inout ValidationPass, log: inout StageLog) {
        guard var p = pass.record.patient, let birth = p.birthDate, let diagnosis = p.diagnosisDate,
              birth >= diagnosis else { return }
        let key = pass.record.key
        log.add(Finding(.CHR001, key: key, table: .patients, provenance: p.provenance, field: "birth_date", value: "",
                        message: "\(p.provenance.source): the birth date is not before diagnosis_date \(diagnosis.iso); the birth date is not used, so age cannot be computed — correct the birth date or the diagnosis date."))
        log.cleared(key: key, table: .patients, provenance: p.provenance, field: "birth_date", before: "", rule: .CHR001)
        p.birthDate = nil
        pass.record.patient = p
    }

    // MARK: CHR-012

    /// The earliest date a record may carry: a patient treated for myeloma now was born after it.
    static let earliestDate = Day(year: 1900, month: 1, day: 1)!

    /// `CHR-012` (ERROR): a row dated before 1900 or before the birth date (a typing error:
    /// `1023` for `2023`). The row is rejected; the message never shows the birth date.
    func beforeBirth(_ pass: inout ValidationPass, log: inout StageLog) {
        let earliest = Self.earliestDate
        let birth = pass.record.patient?.birthDate
        rejectRows(&pass, rule: { _ in .CHR012 }, log: &log, where: { d in d < earliest || birth.map { d < $0 } == true }) { prov, field, d in
            d < earliest
                ? "\(prov.source): \(field) \(d.iso) is before 1900; the row is not used — correct the date."
                : "\(prov.source): \(field) \(d.iso) is before the patient's birth date; the row is not used — correct the row's date or the birth date."
        }
    }

    // MARK: CHR-004

    /// `CHR-004` (ERROR): anything dated after the death date. Rows dated after death are
    /// rejected; end dates and the last contact date after death are cleared (RULES.md 8:
    /// `LSTALVDT` is the death date for the dead). The same day as death is not "after".
    func afterDeath(_ pass: inout ValidationPass, log: inout StageLog) {
        guard var p = pass.record.patient, let death = p.deathDate else { return }
        let prov = p.provenance
        let key = pass.record.key
        let after = "is after death_date \(death.iso)"
        clearPatientDate(&p, \.lastContactDate, "last_contact_date", key: key, log: &log) { d in
            d > death ? Finding(.CHR004, key: key, table: .patients, provenance: prov, field: "last_contact_date", value: d.iso,
                                message: "\(prov.source): last_contact_date \(d.iso) \(after); the death date is used as the last date known alive — set last_contact_date to the death date or correct the death date.") : nil
        }
        clearPatientDate(&p, \.diagnosisDate, "diagnosis_date", key: key, log: &log) { d in
            d > death ? Finding(.CHR004, key: key, table: .patients, provenance: prov, field: "diagnosis_date", value: d.iso,
                                message: "\(prov.source): diagnosis_date \(d.iso) \(after); the diagnosis date is not used — correct the diagnosis date or the death date.") : nil
        }
        pass.record.patient = p
        let rowMessage: (Provenance, String, Day) -> String = { prov, field, d in
            "\(prov.source): \(field) \(d.iso) \(after); the row is not used — correct the row's date or the death date."
        }
        rejectRowsDated(after: death, rule: { _ in .CHR004 }, &pass, log: &log, message: rowMessage)
        rejectTherapies(&pass, log: &log) { t in
            t.start > death ? Finding(.CHR004, key: key, table: .therapies, provenance: t.provenance, field: "start_date", value: t.start.iso,
                                      message: rowMessage(t.provenance, "start_date", t.start)) : nil
        }
        clearTherapyEnds(&pass, rule: .CHR004, log: &log) { t, end in
            end > death ? Finding(.CHR004, key: key, table: .therapies, provenance: t.provenance, field: "end_date", value: end.iso,
                                  message: "\(t.provenance.source): end_date \(end.iso) \(after); the end date is not used and the start is kept — correct the end date or the death date.") : nil
        }
        clearAdverseEventEnds(&pass, rule: .CHR004, log: &log) { ae, end in
            end > death ? Finding(.CHR004, key: key, table: .adverseEvents, provenance: ae.provenance, field: "end_date", value: end.iso,
                                  message: "\(ae.provenance.source): end_date \(end.iso) \(after); the end date is not used and the onset is kept — correct the end date or the death date.") : nil
        }
    }

    // MARK: CHR-003

    /// `CHR-003` (ERROR): an end date before its start (therapies, adverse events). The end
    /// date is the value not used; the start (onset) is kept, so the exposure still counts
    /// from its first dose and its end is taken as the line's end (RULES.md 4).
    func endBeforeStart(_ pass: inout ValidationPass, log: inout StageLog) {
        let key = pass.record.key
        clearTherapyEnds(&pass, rule: .CHR003, log: &log) { t, end in
            t.hasEndBeforeStart ? Finding(.CHR003, key: key, table: .therapies, provenance: t.provenance, field: "end_date", value: end.iso,
                                    message: "\(t.provenance.source): end_date \(end.iso) is before start_date \(t.start.iso); the end date is not used and the start is kept (the line's end stands for it) — correct the start or end date.") : nil
        }
        clearAdverseEventEnds(&pass, rule: .CHR003, log: &log) { ae, end in
            guard let onset = ae.onsetDate, end < onset else { return nil }
            return Finding(.CHR003, key: key, table: .adverseEvents, provenance: ae.provenance, field: "end_date", value: end.iso,
                           message: "\(ae.provenance.source): end_date \(end.iso) is before onset_date \(onset.iso); the end date is not used and the onset is kept — correct the onset or end date.")
        }
    }

    // MARK: CHR-010, CHR-002

    /// `CHR-010` (ERROR, on the diagnosis date) when the first non-steroid anti-myeloma
    /// exposure (or transplant) starts before diagnosis — the diagnosis date is then doubtful;
    /// and `CHR-002` (WARNING) for every exposure, steroids included, that starts before
    /// diagnosis: RULES.md 3 step 1 — it is ignored (removed from the record). A start on the
    /// diagnosis date is not "before".
    func therapyBeforeDiagnosis(_ pass: inout ValidationPass, log: inout StageLog) {
        guard let p = pass.record.patient, let diagnosis = p.diagnosisDate else { return }
        let key = pass.record.key
        if let first = pass.record.therapies.filter({ !$0.isSteroid }).min(by: { $0.start < $1.start }),
           first.start < diagnosis {
            log.add(Finding(.CHR010, key: key, table: .patients, provenance: p.provenance, field: "diagnosis_date", value: diagnosis.iso,
                            message: "\(p.provenance.source): diagnosis_date \(diagnosis.iso) is after the first anti-myeloma therapy (\(Self.label(first)) started \(first.start.iso), \(first.provenance.source)); therapies before the diagnosis date are ignored — correct the diagnosis date or the therapy dates."))
        }
        rejectTherapies(&pass, log: &log) { t in
            t.start < diagnosis ? Finding(.CHR002, key: key, table: .therapies, provenance: t.provenance, field: "start_date", value: t.start.iso,
                                          message: "\(t.provenance.source): start_date \(t.start.iso) of \(Self.label(t)) is before diagnosis_date \(diagnosis.iso); this therapy is ignored for lines of therapy — correct the start date or the diagnosis date.") : nil
        }
    }

    // MARK: CHR-009

    /// `CHR-009` (WARNING): a dead patient's last contact date differs from the death date
    /// (SPEC 4.1). Only the "earlier" case reaches here: a later one is `CHR-004`.
    func lastContactVersusDeath(_ pass: inout ValidationPass, log: inout StageLog) {
        guard let p = pass.record.patient, let death = p.deathDate, let contact = p.lastContactDate,
              contact != death else { return }
        log.add(Finding(.CHR009, key: pass.record.key, table: .patients, provenance: p.provenance, field: "last_contact_date",
                        value: contact.iso,
                        message: "\(p.provenance.source): last_contact_date \(contact.iso) differs from death_date \(death.iso); the death date is used as the last date known alive — set last_contact_date to the death date."))
    }

    // MARK: CHR-007

    /// `CHR-007` (WARNING): a transplant dated while induction is still given — a non-steroid
    /// drug with setting INDUCTION started before the transplant and not ended before it, or
    /// any non-steroid drug started in the 28 days before it and not ended. Conditioning
    /// (setting CONDITIONING, or an alkylator started in the 7 days before) is not induction.
    func transplantDuringInduction(_ pass: inout ValidationPass, log: inout StageLog) {
        let key = pass.record.key
        let therapies = pass.record.therapies
        var reported: Set<Provenance> = []
        for transplant in therapies where transplant.isTransplant {
            let t = transplant.start
            let running = therapies.first { e in
                guard !e.isSteroid, !e.isTransplant, e.start < t, e.setting != .conditioning else { return false }
                if e.classes.contains(.alkylator), e.start.days(to: t) <= Self.conditioningDays { return false }
                if e.setting == .induction { return e.end.map { $0 >= t } ?? true }
                return e.end == nil && e.start.days(to: t) <= Self.inductionLookbackDays
            }
            guard let drug = running, reported.insert(transplant.provenance).inserted else { continue }
            let until = drug.end.map { "until \($0.iso)" } ?? "with no end date"
            log.add(Finding(.CHR007, key: key, table: .therapies, provenance: transplant.provenance, field: "start_date", value: t.iso,
                            message: "\(transplant.provenance.source): the \(transplant.drug) of \(t.iso) falls while \(Self.label(drug)) (\(drug.provenance.source), started \(drug.start.iso) \(until)) is still given; the dates are used as given — check the transplant date and enter the induction drugs' end dates."))
        }
    }

    // MARK: CHR-008

    /// `CHR-008` (WARNING): no end date on a drug that is not ongoing — its `stop_reason` is
    /// given and is not ONGOING, or it is given again later (a new exposure of the same drug),
    /// or the site numbers a later row with a higher `site_line`. RULES.md 4: the line's end
    /// is taken as the drug's end. Transplants (single-day) and ends cleared by another rule
    /// are not "missing".
    func missingEndDates(_ pass: inout ValidationPass, log: inout StageLog) {
        let key = pass.record.key
        let therapies = pass.record.therapies
        var reported: Set<Provenance> = []
        for t in therapies where t.end == nil && !t.isTransplant && !pass.clearedTherapyEnds.contains(TherapyRowID(t)) {
            let why: String
            switch t.stopEvidence(among: therapies) {
            case .stopReason(let reason)?:
                why = "its stop_reason is \(reason.rawValue)"
            case .givenAgain(let again)?:
                why = "it is given again from \(again.start.iso) (\(again.provenance.source))"
            case .laterSiteLine(let later)?:
                why = "a later line (site_line \(later.siteLine ?? 0), \(later.provenance.source)) started \(later.start.iso)"
            case nil:
                continue
            }
            guard reported.insert(t.provenance).inserted else { continue }
            log.add(Finding(.CHR008, key: key, table: .therapies, provenance: t.provenance, field: "end_date", value: "",
                            message: "\(t.provenance.source): \(Self.label(t)) has no end_date but \(why); the end of its line is used instead — enter the date of the last dose."))
        }
    }

    // MARK: CHR-005

    /// `CHR-005` (WARNING): a living patient's last contact date is before a dated record;
    /// RULES.md 8: `LSTALVDT` = the latest of them, so the record's date is used.
    func lastContactBeforeEvents(_ pass: inout ValidationPass, log: inout StageLog) {
        guard let p = pass.record.patient, p.deathDate == nil, let contact = p.lastContactDate else { return }
        var latest: (day: Day, source: String, field: String)?
        func consider(_ d: Day?, _ prov: Provenance, _ field: String) {
            guard let d, d > contact, d > (latest?.day ?? d - 1) else { return }
            latest = (d, prov.source, field)
        }
        let r = pass.record
        consider(p.diagnosisDate, p.provenance, "diagnosis_date")
        for x in r.labs { consider(x.date, x.provenance, "date") }
        for x in r.cytogenetics { consider(x.date, x.provenance, "date") }
        for x in r.assessments { consider(x.date, x.provenance, "date") }
        for x in r.therapies {
            consider(x.start, x.provenance, "start_date")
            consider(x.end, x.provenance, "end_date")
        }
        for x in r.adverseEvents {
            consider(x.onsetDate, x.provenance, "onset_date")
            consider(x.endDate, x.provenance, "end_date")
        }
        guard let latest else { return }
        log.add(Finding(.CHR005, key: r.key, table: .patients, provenance: p.provenance, field: "last_contact_date", value: contact.iso,
                        message: "\(p.provenance.source): last_contact_date \(contact.iso) is before a later record (\(latest.field) \(latest.day.iso) at \(latest.source)); that date is used as the last date known alive — update last_contact_date."))
    }

    // MARK: helpers

    /// Rejects every lab, cytogenetic, assessment and adverse-event row whose own date (an
    /// AE's onset) is after `limit`, one `rule` finding per row (`CHR-004` after death,
    /// `CHR-006` in the future). Therapies are judged by their own callers (start and end).
    private func rejectRowsDated(after limit: Day, rule: (Day) -> Rule, _ pass: inout ValidationPass, log: inout StageLog,
                                 message: (Provenance, String, Day) -> String) {
        rejectRows(&pass, rule: rule, log: &log, where: { $0 > limit }, message: message)
    }

    /// Rejects the lab, cytogenetic, assessment and adverse-event rows whose own date is
    /// `outside`, one finding each.
    private func rejectRows(_ pass: inout ValidationPass, rule: (Day) -> Rule, log: inout StageLog, where outside: (Day) -> Bool,
                            message: (Provenance, String, Day) -> String) {
        let key = pass.record.key
        func reject<Row>(_ rows: inout [Row], _ table: TableName, _ field: String, _ date: (Row) -> Day?,
                         _ provenance: (Row) -> Provenance) {
            rows.removeAll { r in
                guard let d = date(r), outside(d) else { return false }
                let prov = provenance(r)
                log.rejectRow(Finding(rule(d), key: key, table: table, provenance: prov, field: field, value: d.iso,
                                      message: message(prov, field, d)), key: key, table: table)
                return true
            }
        }
        reject(&pass.record.labs, .labs, "date", { $0.date }, { $0.provenance })
        reject(&pass.record.cytogenetics, .cytogenetics, "date", { $0.date }, { $0.provenance })
        reject(&pass.record.assessments, .assessments, "date", { $0.date }, { $0.provenance })
        reject(&pass.record.adverseEvents, .adverseEvents, "onset_date", { $0.onsetDate }, { $0.provenance })
    }

    /// The drug as the site wrote it: the regimen label and the drug, or the drug.
    static func label(_ t: TherapyExposure) -> String {
        if let r = t.regimenLabel, r.lowercased() != t.drug.lowercased() { return "\(t.drug) (\(r))" }
        return t.drug
    }

    private func clearPatientDate(_ p: inout Patient, _ path: WritableKeyPath<Patient, Day?>, _ field: String, key: PatientKey,
                                  log: inout StageLog, _ test: (Day) -> Finding?) {
        guard let d = p[keyPath: path], let finding = test(d) else { return }
        log.add(finding)
        log.cleared(key: key, table: .patients, provenance: p.provenance, field: field, before: d.iso,
                    rule: finding.rule)
        p[keyPath: path] = nil
    }

    /// Removes exposures for which `test` gives a finding: one finding and one rejected row
    /// per source row (a regimen row expands to several exposures).
    private func rejectTherapies(_ pass: inout ValidationPass, log: inout StageLog, _ test: (TherapyExposure) -> Finding?) {
        let key = pass.record.key
        var reported: Set<Provenance> = []
        pass.record.therapies.removeAll { t in
            guard let finding = test(t) else { return false }
            if reported.insert(t.provenance).inserted {
                log.rejectRow(finding, key: key, table: .therapies)
            }
            return true
        }
    }

    /// Clears end dates for which `test` gives a finding: one finding per source row.
    private func clearTherapyEnds(_ pass: inout ValidationPass, rule: Rule, log: inout StageLog,
                                  _ test: (TherapyExposure, Day) -> Finding?) {
        let key = pass.record.key
        var reported: Set<Provenance> = []
        for i in pass.record.therapies.indices {
            let t = pass.record.therapies[i]
            guard let end = t.end, let finding = test(t, end) else { continue }
            if reported.insert(t.provenance).inserted {
                log.add(finding)
                log.cleared(key: key, table: .therapies, provenance: t.provenance, field: "end_date", before: end.iso,
                            rule: finding.rule)
            }
            pass.clearedTherapyEnds.insert(TherapyRowID(t))
            // CHR-003: the row says the drug stopped; its end is unknown, not "ongoing".
            if rule == .CHR003 { pass.record.therapies[i].clearUnusableEnd() } else { pass.record.therapies[i].end = nil }
        }
    }

    private func clearAdverseEventEnds(_ pass: inout ValidationPass, rule: Rule, log: inout StageLog,
                                       _ test: (AdverseEvent, Day) -> Finding?) {
        let key = pass.record.key
        for i in pass.record.adverseEvents.indices {
            let ae = pass.record.adverseEvents[i]
            guard let end = ae.endDate, let finding = test(ae, end) else { continue }
            log.add(finding)
            log.cleared(key: key, table: .adverseEvents, provenance: ae.provenance, field: "end_date", before: end.iso,
                        rule: finding.rule)
            pass.record.adverseEvents[i].endDate = nil
        }
    }
}
