import MMModel

/// The reference column names of each table (SPEC 4.1), in file order.
enum ReferenceColumns {
    static let patients = ["patient_id", "site_id", "sex", "birth_date", "diagnosis_date", "heavy_chain",
                           "light_chain", "ecog", "weight_kg", "height_cm", "death_date", "last_contact_date"]
    static let labs = ["patient_id", "site_id", "date", "test", "value", "unit", "lln", "uln"]
    static let cytogenetics = ["patient_id", "site_id", "date", "abnormality", "result", "method"]
    static let therapies = ["patient_id", "site_id", "drug", "regimen", "start_date", "end_date", "stop_reason",
                            "setting", "cycles", "site_line"]
    static let assessments = ["patient_id", "site_id", "date", "response", "progression_type", "new_lesion",
                              "plasmacytoma", "crab"]
    static let adverseEvents = ["patient_id", "site_id", "term", "grade", "onset_date", "end_date", "serious",
                                "related"]
    /// Identifier columns injected into patients.csv (PHI family).
    static let identifiers = ["cognome", "codice_fiscale"]

    static func of(_ t: TableName) -> [String] {
        switch t {
        case .patients: return patients
        case .labs: return labs
        case .cytogenetics: return cytogenetics
        case .therapies: return therapies
        case .assessments: return assessments
        case .adverseEvents: return adverseEvents
        }
    }
}

/// The unit conventions of a site's laboratory: conventional (g/dL, mg/dL) or SI (g/L,
/// µmol/L, mmol/L) — both accepted by SPEC 4.1 and converted by RULES.md 1.
enum UnitStyle { case conventional, si }

/// A site-local term for an adverse event (the Windows-1252 site writes Italian terms, whose
/// degree sign is the non-ASCII byte that betrays its encoding).
enum AETerms {
    static func italian(_ term: String) -> String {
        switch term {
        case "Neutropenia": return "Neutropenia"
        case "Thrombocytopenia": return "Piastrinopenia"
        case "Anaemia": return "Anemia"
        case "Infection": return "Infezione (febbre > 38°C)"
        case "Pneumonia": return "Polmonite"
        default: return term
        }
    }
}

/// Renders a patient's course into the six tables' cells.
struct TableRenderer {
    var units: UnitStyle
    var italianTerms: Bool
    /// Whether this patient's patients.csv carries the identifier columns.
    var identifiers: [String]?

    func render(_ c: PatientCourse, into t: inout [CellTable]) {
        for i in t.indices { t[i].reset() }
        let id = Cell.text(c.patientID), site = Cell.text(c.siteID)
        func opt(_ d: Day?) -> Cell { d.map { .day($0) } ?? .empty }

        // patients
        t[0].append(id); t[0].append(site)
        t[0].append(.text(c.sex.rawValue))
        t[0].append(.day(c.birth)); t[0].append(.day(c.diagnosis))
        t[0].append(c.heavyChain.map { .text($0.rawValue) } ?? .empty)
        t[0].append(c.lightChain.map { .text($0.rawValue) } ?? .empty)
        t[0].append(.int(c.ecog))
        t[0].append(.decimal(c.weightKg, 1)); t[0].append(.int(Int(c.heightCm.rounded())))
        t[0].append(opt(c.death)); t[0].append(.day(c.lastContact))
        if let identifiers { for v in identifiers { t[0].append(.text(v)) } }
        t[0].endRow()

        // labs
        for l in c.labs {
            t[1].append(id); t[1].append(site); t[1].append(.day(l.day)); t[1].append(.text(l.test.rawValue))
            let (value, unit) = format(l)
            t[1].append(value); t[1].append(unit)
            if l.test == .ldh {
                t[1].append(.int(125)); t[1].append(.int(Int(c.ldhULN)))
            } else {
                t[1].append(.empty); t[1].append(.empty)
            }
            t[1].endRow()
        }

        // cytogenetics
        for g in c.cytogenetics {
            t[2].append(id); t[2].append(site); t[2].append(.day(g.day)); t[2].append(.text(g.abnormality.rawValue))
            t[2].append(.text(g.result.rawValue)); t[2].append(.text(g.method.rawValue))
            t[2].endRow()
        }

        // therapies
        for r in c.therapies {
            t[3].append(id); t[3].append(site); t[3].append(.text(r.drug))
            t[3].append(r.regimen.isEmpty ? .empty : .text(r.regimen))
            t[3].append(.day(r.start)); t[3].append(opt(r.end))
            t[3].append(.text(r.stop.rawValue)); t[3].append(.text(r.setting.rawValue))
            t[3].append(r.cycles.map { .int($0) } ?? .empty); t[3].append(.int(r.line))
            t[3].endRow()
        }

        // assessments
        for a in c.assessments {
            t[4].append(id); t[4].append(site); t[4].append(.day(a.day)); t[4].append(.text(a.response.rawValue))
            t[4].append(a.progressionType.map { .text($0.rawValue) } ?? .empty)
            t[4].append(.text(a.newLesion ? "Y" : "N")); t[4].append(.text(a.plasmacytoma ? "Y" : "N"))
            t[4].append(a.crab.isEmpty ? .empty : .text(a.crab))
            t[4].endRow()
        }

        // adverse events
        for e in c.adverseEvents {
            t[5].append(id); t[5].append(site)
            t[5].append(.text(italianTerms ? AETerms.italian(e.term) : e.term))
            t[5].append(.int(e.grade)); t[5].append(.day(e.onset)); t[5].append(opt(e.end))
            t[5].append(.text(e.serious ? "Y" : "N")); t[5].append(.text(e.related.rawValue))
            t[5].endRow()
        }
    }

    /// Value and unit in the site's convention.
    func format(_ l: SynthLab) -> (Cell, Cell) {
        if let code = l.code {
            return (.text(code), l.test == .mrd ? .text("1e-5") : .empty)
        }
        let v = l.value
        switch (l.test, units) {
        case (.spepM, _): return (.decimal(v, 2), .text("g/dL"))
        case (.upepM, _): return (.int(Int(v)), .text("mg/24h"))
        case (.flcK, _), (.flcL, _): return (.decimal(v, 1), .text("mg/L"))
        case (.bmpc, _): return (.int(Int(v)), .text("%"))
        case (.b2m, _): return (.decimal(v, 1), .text("mg/L"))
        case (.ldh, _): return (.int(Int(v)), .text("U/L"))
        case (.anc, _): return (.decimal(v, 2), .text("10^9/L"))
        case (.plt, _): return (.int(Int(v)), .text("10^9/L"))
        case (.alb, .conventional): return (.decimal(v, 1), .text("g/dL"))
        case (.alb, .si): return (.int(Int((v * 10).rounded())), .text("g/L"))
        case (.creat, .conventional): return (.decimal(v, 2), .text("mg/dL"))
        case (.creat, .si): return (.int(Int((v * 88.4).rounded())), .text("umol/L"))
        case (.hgb, .conventional): return (.decimal(v, 1), .text("g/dL"))
        case (.hgb, .si): return (.int(Int((v * 10).rounded())), .text("g/L"))
        case (.ca, .conventional): return (.decimal(v, 1), .text("mg/dL"))
        case (.ca, .si): return (.decimal(v / 4.008, 2), .text("mmol/L"))
        default: return (.decimal(v, 2), .empty)
        }
    }
}
