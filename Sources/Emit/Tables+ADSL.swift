import MMModel

extension Tables {
    /// `adsl.csv` (SPEC 7): one row per patient of the analysis population, values at index.
    public static let adsl = TableDefinition<PatientRow<ADSLRow>>(
        name: "adsl", label: "Subject-level analysis dataset: one row per patient in the analysis population",
        primaryKey: ["USUBJID"], sortOrder: "USUBJID",
        columns: [
            Column("STUDYID", "Study identifier", .text, rule: "SPEC 4.3: study_id of the pipeline file") { .text($0.context.studyID) },
            Column("SITEID", "Site identifier", .text, rule: "SPEC 4.1: site_id") { .text($0.context.siteID) },
            Column("USUBJID", "Unique subject identifier (pseudonym)", .text,
                   rule: "SPEC 7: STUDYID-SITEID- + first 12 hex digits of HMAC-SHA-256(key, SITEID/patient_id)") { .text($0.context.usubjid) },
            Column("SEX", "Sex", .text, codes: [Code("M", "Male"), Code("F", "Female")], rule: "SPEC 4.1: patients.sex") { .of($0.row.SEX) },
            Column("AGE", "Age at index (completed years)", .integer, rule: "SPEC 7: completed years from birth date to INDEXDT") { .of($0.row.AGE) },
            Column("AGEGR1", "Age group at index", .text, codes: [Code("<70", "Under 70 years"), Code(">=70", "70 years or older")],
                   rule: "SPEC 7: AGE < 70 / >= 70 (seed Table 1 grouping)") { .of($0.row.AGEGR1) },
            Column("DIAGDT", "Date of MM diagnosis", .date, rule: "SPEC 4.1: patients.diagnosis_date") { .of($0.row.DIAGDT) },
            Column("INDEXDT", "Index date (first dose of the index regimen)", .date, rule: "SPEC 4.3, 6.2: first dose of the first line containing index_regimen.all_of") { .of($0.row.INDEXDT) },
            Column("INDEXREG", "Index regimen", .text, rule: "SPEC 6.2; RULES.md 3: REGIMEN of the index line") { .of($0.row.INDEXREG) },
            Column("TRT01P", "Planned treatment (arm)", .text,
                   rule: "SPEC 4.3 arms: the arm whose all_of the index line contains; written only when the pipeline file has arms") { .of($0.row.TRT01P) },
            Column("INDEXLOT", "Line number of the index line", .integer, rule: "SPEC 6.2; RULES.md 3") { .of($0.row.INDEXLOT) },
            Column("PRIORLOT", "Number of prior lines of therapy", .integer, rule: "SPEC 6.2: INDEXLOT - 1") { .of($0.row.PRIORLOT) },
            Column("PRASCTFL", "Prior autologous transplant", .flag, rule: "SPEC 6.2: an ASCT before INDEXDT") { .of($0.row.PRASCTFL) },
            Column("ISOTYPE", "M-protein isotype", .text, rule: "SPEC 4.1: heavy_chain + light_chain (e.g. 'IgG kappa', 'light chain lambda')") { .of($0.row.ISOTYPE) },
            Column("ECOG", "ECOG performance status", .integer, codes: (0...4).map { Code(String($0), "ECOG \($0)") }, rule: "SPEC 4.1: patients.ecog") { .of($0.row.ECOG) },
            Column("ISS", "International Staging System stage at index", .text, codes: Codes.stage3, rule: "RULES.md 5 ISS (Greipp 2005)") { .of($0.row.ISS?.roman) },
            Column("RISS", "Revised ISS stage at index", .text, codes: Codes.stage3, rule: "RULES.md 5 R-ISS (Palumbo 2015), partial inputs resolved when every completion agrees") { .of($0.row.RISS?.roman) },
            Column("R2ISS", "Second revision ISS stage at index", .text, codes: Codes.stage3 + [Code("IV", "Stage IV")],
                   rule: "RULES.md 5 R2-ISS (D'Agostino 2022), points with lowest/highest totals for missing inputs") { .of($0.row.R2ISS?.roman) },
            Column("B2M", "Beta-2 microglobulin at baseline (mg/L)", .decimal(maxDecimals: 4), rule: "RULES.md 1, SPEC 6.2: last value in [index - 60 d, index]") { .of($0.row.B2M) },
            Column("ALB", "Albumin at baseline (g/dL)", .decimal(maxDecimals: 4), rule: "RULES.md 1, SPEC 6.2: baseline window") { .of($0.row.ALB) },
            Column("LDH", "LDH at baseline (U/L)", .decimal(maxDecimals: 4), rule: "SPEC 6.2: baseline window") { .of($0.row.LDH) },
            Column("LDHHIFL", "LDH above the upper limit of normal", .flag, rule: "RULES.md 5: LDH > uln; empty without uln") { .of($0.row.LDHHIFL) },
            Column("CREAT", "Creatinine at baseline (mg/dL)", .decimal(maxDecimals: 4), rule: "RULES.md 1, SPEC 6.2: baseline window") { .of($0.row.CREAT) },
            Column("CRCL", "Creatinine clearance (mL/min)", .fixed(decimals: 1),
                   rule: "RULES.md 6: Cockcroft-Gault (age at the sample, baseline weight, sex); option crcl_fallback; SPEC 7: one decimal, half away from zero") { .of($0.row.CRCL) },
            Column("CRCL60FL", "Creatinine clearance < 60 mL/min", .flag, rule: "RULES.md 6: CRCL < 60") { .of($0.row.CRCL60FL) },
            Column("HGB", "Haemoglobin at baseline (g/dL)", .decimal(maxDecimals: 4), rule: "RULES.md 1, SPEC 6.2: baseline window") { .of($0.row.HGB) },
            Column("CYTORISK", "Cytogenetic risk at index", .text, codes: [Code("HIGH", "High risk"), Code("STANDARD", "Standard risk")],
                   rule: "RULES.md 5: del(17p), t(4;14) or t(14;16) detected (option risk_definition); empty unless decidable") { .of($0.row.CYTORISK?.rawValue) },
            Column("DEL17PFL", "del(17p) detected", .flag, rule: "SPEC 7, RULES.md 5: Y detected, N tested not detected, empty untested/FAILED; FISH or NGS, dated <= index + 30 d") { .of($0.row.DEL17PFL) },
            Column("T414FL", "t(4;14) detected", .flag, rule: "SPEC 7, RULES.md 5 (as DEL17PFL)") { .of($0.row.T414FL) },
            Column("T1416FL", "t(14;16) detected", .flag, rule: "SPEC 7, RULES.md 5 (as DEL17PFL)") { .of($0.row.T1416FL) },
            Column("GAIN1QFL", "1q+ (gain or amplification) detected", .flag, rule: "SPEC 7: Y GAIN1Q or AMP1Q detected, N either tested and neither detected") { .of($0.row.GAIN1QFL) },
            Column("DISSTAT", "Disease status at index", .text,
                   codes: [Code("REFRACTORY", "Refractory to the previous line"), Code("SYMPTOMATIC_RELAPSE", "Symptomatic relapse"),
                           Code("BIOCHEMICAL_RELAPSE", "Biochemical relapse"), Code("NO_PROGRESSION", "Changed without progression")],
                   rule: "RULES.md 7; empty when the index line is the first line") { .of($0.row.DISSTAT?.rawValue) },
        ] + drugFlagColumns + [
            Column("CD38GAP", "Days from last anti-CD38 dose to index", .integer, rule: "RULES.md 4: INDEXDT - last anti-CD38 dose; empty if never exposed") { .of($0.row.CD38GAP) },
            Column("CD38LSTFL", "Anti-CD38 in the line just before index", .flag, rule: "RULES.md 4: N when the index line is the first line") { .of($0.row.CD38LSTFL) },
            Column("MEASDIS", "Measurable disease at the index line's baseline", .text,
                   codes: [Code("SERUM", "Serum M-protein"), Code("URINE", "Urine M-protein"), Code("FLC", "Free light chains"),
                           Code("BM", "Bone-marrow plasma cells"), Code("NONE", "Not measurable")],
                   rule: "RULES.md 2.1: hierarchy serum, urine, FLC, marrow") { .of($0.row.MEASDIS) },
            Column("BOR", "Best overall response on the index line", .text, codes: Codes.response, rule: "RULES.md 2.3: best confirmed category before PD and the next line") { .of($0.row.BOR?.rawValue) },
            Column("BORSRC", "Source of the responses used for BOR", .text,
                   codes: [Code("computed", "Computed from labs"), Code("reported", "Site-reported"), Code("mixed", "Both")],
                   rule: "RULES.md 2.3: response_source") { .of($0.row.BORSRC?.rawValue) },
            Column("RESPFL", "Responder (BOR >= PR)", .flag, rule: "RULES.md 8: empty when BOR is NE") { .of($0.row.RESPFL) },
            Column("VGPRFL", "BOR >= VGPR", .flag, rule: "RULES.md 8: empty when BOR is NE") { .of($0.row.VGPRFL) },
            Column("CRFL", "BOR >= CR", .flag, rule: "RULES.md 8: empty when BOR is NE") { .of($0.row.CRFL) },
            Column("DTHFL", "Died", .flag, rule: "SPEC 4.1: death_date present") { .of($0.row.DTHFL) },
            Column("DTHDT", "Date of death", .date, rule: "SPEC 4.1: patients.death_date") { .of($0.row.DTHDT) },
            Column("LSTALVDT", "Last date known alive", .date, rule: "RULES.md 8: max(last_contact_date, every dated record); death_date for the dead") { .of($0.row.LSTALVDT) },
            Column("DBLRFL", "Double-class refractory (IMiD + PI)", .flag, rule: "RULES.md 4: double-refractory") { .of($0.row.DBLRFL) },
            Column("EMDFL", "Extramedullary disease at baseline", .flag,
                   rule: "SPEC 4.1: patients.extramedullary (optional, Y/N as recorded by the site); empty when not recorded") { .of($0.row.EMDFL) },
        ])

    /// Exposure/refractory flag pairs of RULES.md 4, in the order of SPEC 7.
    static let drugFlagColumns: [Column<PatientRow<ADSLRow>>] = {
        typealias R = PatientRow<ADSLRow>
        func pair(_ prefix: String, _ what: String, _ ex: @escaping @Sendable (ADSLRow) -> Bool?,
                  _ rf: @escaping @Sendable (ADSLRow) -> Bool?) -> [Column<R>] {
            [Column<R>("\(prefix)EXFL", "Exposed to \(what) before index", .flag,
                       rule: "RULES.md 4: any dose before INDEXDT") { .of(ex($0.row)) },
             Column<R>("\(prefix)RFL", "Refractory to \(what) at index", .flag,
                       rule: "RULES.md 4: progression within [first dose, last dose + refractory_window_days] or < MR after nonresponse_min_days, on a line before index") { .of(rf($0.row)) }]
        }
        return ADSLDrugFlags.all.flatMap { f in
            pair(f.prefix, f.drug, { $0[keyPath: f.exposed] }, { $0[keyPath: f.refractory] })
        }
            + pair("CD38", "an anti-CD38 antibody (class)", { $0.CD38EXFL }, { $0.CD38RFL })
            + pair("IMID", "an IMiD (class)", { $0.IMIDEXFL }, { $0.IMIDRFL })
            + pair("PI", "a proteasome inhibitor (class)", { $0.PIEXFL }, { $0.PIRFL })
            + [Column<R>("TCEFL", "Triple-class exposed", .flag, rule: "RULES.md 4: exposed to IMiD, PI and anti-CD38") { .of($0.row.TCEFL) },
               Column<R>("TCRFL", "Triple-class refractory", .flag, rule: "RULES.md 4: refractory to >= 1 IMiD, >= 1 PI and >= 1 anti-CD38") { .of($0.row.TCRFL) },
               Column<R>("QUADRFL", "Quad-refractory", .flag, rule: "RULES.md 4: lenalidomide, pomalidomide, bortezomib and carfilzomib") { .of($0.row.QUADRFL) },
               Column<R>("PENTARFL", "Penta-refractory", .flag, rule: "RULES.md 4: quad-refractory and an anti-CD38") { .of($0.row.PENTARFL) }]
    }()
}
