import MMModel

/// The row-level errors `--errors` injects, one family after another so that a handful of
/// patients covers every family of SPEC 5 (the cohort-level ones — identifier columns and
/// the Windows-1252 site — are added by the generator). Each names the rule it should raise.
enum InjectionKind: CaseIterable {
    case hbInGramsPerLitre, swappedDates, unknownSex, duplicateRow, siteLineMismatch, raggedRow,
         responseDisagrees, ldhWithoutULN,
         albuminInGramsPerLitre, dateAfterDeath, unknownTest, conflictingLab, regimenMismatch,
         pdWithoutEvidence, creatinineInMgdl, futureDate, ecogOutOfRange, duplicatePatient, unknownUnit,
         missingValue
}

/// Applies one injected error to a patient's rendered tables (deterministically, from its own
/// random stream so that the clinical data do not change with `--errors`).
struct ErrorInjector {
    var rng: SynthRandom
    let odm: Bool

    // Table indices in the rendered array.
    private let P = 0, L = 1, T = 3, A = 4

    /// Tries `kind`, then the following kinds, until one applies; returns the index of the
    /// kind applied (the next patient starts after it), nil when none could be.
    mutating func inject(startingAt kind: Int, into t: inout [CellTable], course c: PatientCourse) -> Int? {
        let all = InjectionKind.allCases
        for step in 0..<all.count {
            let i = (kind + step) % all.count
            if apply(all[i], &t, c) { return i }
        }
        return nil
    }

    private func rows(_ t: CellTable, where test: (Int) -> Bool) -> [Int] {
        (0..<t.rowCount).filter(test)
    }

    private mutating func pickRow(_ candidates: [Int]) -> Int? {
        candidates.isEmpty ? nil : candidates[rng.int(0...(candidates.count - 1))]
    }

    private func text(_ c: Cell) -> String? { if case .text(let s) = c { return s } else { return nil } }

    private func labRows(_ t: CellTable, test: LabTest) -> [Int] {
        (0..<t.rowCount).filter { text(t[$0, 3]) == test.rawValue && t.range(ofRow: $0).count == 8 }
    }

    private mutating func apply(_ kind: InjectionKind, _ t: inout [CellTable], _ c: PatientCourse) -> Bool {
        switch kind {
        case .hbInGramsPerLitre, .albuminInGramsPerLitre, .creatinineInMgdl, .unknownUnit: return applyUnit(kind, &t)
        case .swappedDates, .dateAfterDeath, .futureDate: return applyChronology(kind, &t, c)
        case .unknownSex, .unknownTest, .ecogOutOfRange, .missingValue: return applySchema(kind, &t)
        case .duplicateRow, .conflictingLab, .duplicatePatient: return applyDuplicate(kind, &t)
        case .siteLineMismatch, .regimenMismatch, .raggedRow: return applyLines(kind, &t)
        case .responseDisagrees, .pdWithoutEvidence, .ldhWithoutULN: return applyResponseAndStaging(kind, &t)
        }
    }

    /// Marks the row an injected error is on, with the rule it should raise.
    private static func mark(_ t: inout [CellTable], _ table: Int, _ row: Int, _ family: String, _ rule: String,
                             _ field: String, _ d: String) {
        t[table].mark(row, InjectionMark(family: family, rule: rule, field: field, description: d))
    }

    /// Unit mix-ups (`UNIT-001`, `UNIT-002`).
    private mutating func applyUnit(_ kind: InjectionKind, _ t: inout [CellTable]) -> Bool {
        switch kind {
        case .hbInGramsPerLitre:
            guard let r = pickRow(labRows(t[L], test: .hgb)) else { return false }
            let g: Double
            switch t[L][r, 4] {
            case .decimal(let v, _): g = (v * 10).rounded() / 10     // conventional site: g/dL already
            case .int(let v): g = Double(v) / 10                     // SI site: g/L → the g/dL figure
            default: return false
            }
            t[L][r, 4] = .decimal(g, 1); t[L][r, 5] = .text("g/L")
            Self.mark(&t, L, r, "UNIT", "UNIT-002", "unit", "Haemoglobin \(g) written with unit g/L (the value is in g/dL).")
        case .albuminInGramsPerLitre:
            guard let r = pickRow(labRows(t[L], test: .alb)) else { return false }
            t[L][r, 4] = .decimal(3.9, 1); t[L][r, 5] = .text("g/L")
            Self.mark(&t, L, r, "UNIT", "UNIT-002", "unit", "Albumin 3.9 written with unit g/L (the value is in g/dL).")
        case .creatinineInMgdl:
            guard let r = pickRow(labRows(t[L], test: .creat)) else { return false }
            t[L][r, 4] = .int(88); t[L][r, 5] = .text("mg/dL")
            Self.mark(&t, L, r, "UNIT", "UNIT-002", "unit", "Creatinine 88 written with unit mg/dL (the value is in umol/L).")
        case .unknownUnit:
            guard let r = pickRow(labRows(t[L], test: .ldh)) else { return false }
            t[L][r, 5] = .text("ukat/L")
            Self.mark(&t, L, r, "UNIT", "UNIT-001", "unit", "LDH written with unit ukat/L, not an accepted unit of LDH.")
        default: return false
        }
        return true
    }

    /// Dates out of order or impossible (`CHR-003`, `CHR-004`, `CHR-006`).
    private mutating func applyChronology(_ kind: InjectionKind, _ t: inout [CellTable], _ c: PatientCourse) -> Bool {
        switch kind {
        case .swappedDates:
            let candidates = rows(t[T]) { r in
                if case .day(let s) = t[T][r, 4], case .day(let e) = t[T][r, 5] { return e > s }
                return false
            }
            guard let r = pickRow(candidates) else { return false }
            let s = t[T][r, 4]
            t[T][r, 4] = t[T][r, 5]; t[T][r, 5] = s
            Self.mark(&t, T, r, "CHR", "CHR-003", "end_date", "Therapy start and end dates swapped (end before start).")
        case .dateAfterDeath:
            guard let death = c.death, let r = pickRow(labRows(t[L], test: .hgb) + labRows(t[L], test: .plt)) else {
                return false
            }
            t[L][r, 2] = .day(death + rng.int(20...200))
            Self.mark(&t, L, r, "CHR", "CHR-004", "date", "Lab dated after the patient's death.")
        case .futureDate:
            guard let r = pickRow(labRows(t[L], test: .b2m) + labRows(t[L], test: .alb)),
                  case .day(let d) = t[L][r, 2] else { return false }
            let parts = d.components
            let future = Day(year: parts.year + 30, month: parts.month, day: min(parts.day, 28)) ?? d + 10957
            t[L][r, 2] = .day(future)
            Self.mark(&t, L, r, "CHR", "CHR-006", "date", "Lab date typed 30 years in the future.")
        default: return false
        }
        return true
    }

    /// Values outside the schema (`SCH-001`, `SCH-004`, `SCH-005`, `SCH-008`).
    private mutating func applySchema(_ kind: InjectionKind, _ t: inout [CellTable]) -> Bool {
        switch kind {
        case .unknownSex:
            t[P][0, 2] = .text("X")
            Self.mark(&t, P, 0, "SCH", "SCH-004", "sex", "Sex coded X, not in the code list (M, F).")
        case .unknownTest:
            guard let r = pickRow(labRows(t[L], test: .hgb)) else { return false }
            t[L][r, 3] = .text("HBG")
            Self.mark(&t, L, r, "SCH", "SCH-008", "test", "Lab test coded HBG (a typo, not a synonym) instead of HGB.")
        case .ecogOutOfRange:
            t[P][0, 7] = .int(7)
            Self.mark(&t, P, 0, "SCH", "SCH-005", "ecog", "ECOG 7, outside 0–4.")
        case .missingValue:
            guard let r = pickRow(labRows(t[L], test: .plt) + labRows(t[L], test: .anc)) else { return false }
            t[L][r, 4] = .empty
            Self.mark(&t, L, r, "SCH", "SCH-001", "value", "Lab value left empty (required).")
        default: return false
        }
        return true
    }

    /// Repeated or conflicting rows (`DUP-001`–`DUP-003`).
    private mutating func applyDuplicate(_ kind: InjectionKind, _ t: inout [CellTable]) -> Bool {
        switch kind {
        case .duplicateRow:
            guard let r = pickRow(labRows(t[L], test: .alb) + labRows(t[L], test: .b2m)) else { return false }
            t[L].duplicate(row: r)
            Self.mark(&t, L, r + 1, "DUP", "DUP-002", "", "Lab row repeated identically.")
        case .conflictingLab:
            guard let r = pickRow(labRows(t[L], test: .ca) + labRows(t[L], test: .ldh)) else { return false }
            t[L].duplicate(row: r)
            switch t[L][r + 1, 4] {
            case .decimal(let v, let p): t[L][r + 1, 4] = .decimal(v * 1.15 + 0.3, p)
            case .int(let v): t[L][r + 1, 4] = .int(v + 40)
            default: return false
            }
            Self.mark(&t, L, r + 1, "DUP", "DUP-003", "value", "Second, different value for the same patient, test and date.")
        case .duplicatePatient:
            t[P].duplicate(row: 0)
            Self.mark(&t, P, 1, "DUP", "DUP-001", "patient_id", "Patient row repeated in patients.csv.")
        default: return false
        }
        return true
    }

    /// Lines of therapy and row shape (`LOT-001`, `LOT-002`, `ING-003`/`ING-005`).
    private mutating func applyLines(_ kind: InjectionKind, _ t: inout [CellTable]) -> Bool {
        switch kind {
        case .siteLineMismatch:
            let candidates = rows(t[T]) { r in if case .int(let l) = t[T][r, 9] { return l >= 2 } else { return false } }
            guard let r = pickRow(candidates), case .int(let l) = t[T][r, 9] else { return false }
            t[T][r, 9] = .int(l + 1)
            Self.mark(&t, T, r, "LOT", "LOT-001", "site_line", "site_line \(l + 1) where the derived line is \(l).")
        case .regimenMismatch:
            let labels = ["KRd", "DVd", "EloPd", "IsaKd", "VTd"]
            let candidates = rows(t[T]) { r in
                self.text(t[T][r, 3]) != nil && self.text(t[T][r, 2]) != "dexamethasone"
            }
            guard let r = pickRow(candidates), let drug = text(t[T][r, 2]), let old = text(t[T][r, 3]),
                  let label = labels.first(where: { l in
                      l != old && !(Regimens.all.first { $0.label == l }?.contains(drug) ?? true)
                  }) else { return false }
            t[T][r, 3] = .text(label)
            Self.mark(&t, T, r, "LOT", "LOT-002", "regimen", "Regimen \(label) written on a \(drug) row of \(old).")
        case .raggedRow:
            let candidates = labRows(t[L], test: .b2m) + labRows(t[L], test: .hgb)
            guard let r = pickRow(candidates), case .decimal(let v, _) = t[L][r, 4] else { return false }
            if odm {
                Self.mark(&t, L, r, "ING", "ING-005", "", "Row written under the unknown ItemGroupOID IG.LAB_RESULT.")
            } else {
                // A decimal comma left unquoted splits the value into two fields.
                let whole = Int(v), tenth = Int(((v - Double(whole)) * 10).rounded()) % 10
                t[L].split(row: r, column: 4, into: .int(whole), .int(tenth))
                Self.mark(&t, L, r, "ING", "ING-003", "", "Ragged row: one field more than the header (unquoted decimal comma).")
            }
        default: return false
        }
        return true
    }

    /// Site response and staging inputs (`IMWG-001`, `IMWG-003`, `STG-003`).
    private mutating func applyResponseAndStaging(_ kind: InjectionKind, _ t: inout [CellTable]) -> Bool {
        switch kind {
        case .responseDisagrees:
            let candidates = rows(t[A]) { r in
                let s = self.text(t[A][r, 3]); return s == "PR" || s == "SD" || s == "MR"
            }
            guard let r = pickRow(candidates), let old = text(t[A][r, 3]) else { return false }
            t[A][r, 3] = .text("CR")
            Self.mark(&t, A, r, "IMWG", "IMWG-001", "response", "Site reports CR where the labs show \(old).")
        case .pdWithoutEvidence:
            let candidates = rows(t[A]) { r in
                let s = self.text(t[A][r, 3]); return s == "PR" || s == "VGPR" || s == "CR"
            }
            guard let r = pickRow(candidates), let old = text(t[A][r, 3]) else { return false }
            t[A][r, 3] = .text("PD"); t[A][r, 4] = .text("BIOCHEMICAL")
            Self.mark(&t, A, r, "IMWG", "IMWG-003", "response", "Site reports PD (biochemical) where the labs show \(old).")
        case .ldhWithoutULN:
            guard let r = pickRow(labRows(t[L], test: .ldh)) else { return false }
            t[L][r, 6] = .empty; t[L][r, 7] = .empty
            Self.mark(&t, L, r, "STG", "STG-003", "uln", "LDH without its reference limits (lln, uln).")
        default: return false
        }
        return true
    }
}
