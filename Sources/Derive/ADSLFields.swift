import MMModel

/// One ADSL assignment (SPEC 7): the column's value taken from the typed results at index. The
/// table below is ADSL's derivation, column by column, as `Emit/Tables+ADSL.swift` is its layout;
/// each entry names the RULES.md/SPEC section its value comes from.
struct ADSLField<Source>: Sendable {
    let assign: @Sendable (inout ADSLRow, Source) -> Void

    init<T>(_ column: WritableKeyPath<ADSLRow, T> & Sendable, _ value: @escaping @Sendable (Source) -> T) {
        assign = { row, r in row[keyPath: column] = value(r) }
    }

    init(assign: @escaping @Sendable (inout ADSLRow, Source) -> Void) { self.assign = assign }
}

/// The ADSL derivation table, family by family.
enum ADSLFields {
    static let all: [ADSLField<IndexResults>] = demographics + index
        + refractoriness.map { f in ADSLField(assign: { row, r in f.assign(&row, r.refractoriness) }) }
        + baseline + response + survival

    /// SPEC 4.1, 7: the patients row; age at index.
    static let demographics: [ADSLField<IndexResults>] = [
        ADSLField(\.SEX) { $0.patient.sex?.rawValue },
        ADSLField(\.AGE) { r in r.patient.birthDate.map { r.index.date.completedYears(since: $0) } },
        ADSLField(\.AGEGR1) { r in r.patient.birthDate.map { r.index.date.completedYears(since: $0) < 70 ? "<70" : ">=70" } },
        ADSLField(\.DIAGDT) { $0.patient.diagnosisDate },
        ADSLField(\.ISOTYPE) { isotype(heavy: $0.patient.heavyChain, light: $0.patient.lightChain) },
        ADSLField(\.ECOG) { $0.patient.ecog },
        ADSLField(\.EMDFL) { $0.patient.extramedullary },
    ]

    /// SPEC 4.3, 6.2: the index line.
    static let index: [ADSLField<IndexResults>] = [
        ADSLField(\.INDEXDT) { $0.index.date },
        ADSLField(\.INDEXLOT) { $0.index.number },
        ADSLField(\.PRIORLOT) { $0.index.priorLines },
        ADSLField(\.PRASCTFL) { $0.index.priorASCT },
        ADSLField(\.INDEXREG) { $0.index.regimen },
        ADSLField(\.TRT01P) { $0.index.arm },
    ]

    /// RULES.md 4: per drug (`ADSLDrugFlags`), per class, composites.
    static let refractoriness: [ADSLField<RefractoryProfile>] = ADSLDrugFlags.all.flatMap { f in
        [ADSLField(f.exposed) { $0.exposed(f.drug) }, ADSLField(f.refractory) { $0.refractory(f.drug) }]
    } + [
        ADSLField(\.CD38EXFL) { $0.classExposed.contains(.antiCD38) },
        ADSLField(\.CD38RFL) { $0.classRefractory.contains(.antiCD38) },
        ADSLField(\.IMIDEXFL) { $0.classExposed.contains(.imid) },
        ADSLField(\.IMIDRFL) { $0.classRefractory.contains(.imid) },
        ADSLField(\.PIEXFL) { $0.classExposed.contains(.pi) },
        ADSLField(\.PIRFL) { $0.classRefractory.contains(.pi) },
        ADSLField(\.TCEFL) { $0.tripleClassExposed },
        ADSLField(\.TCRFL) { $0.tripleClassRefractory },
        ADSLField(\.DBLRFL) { $0.doubleRefractory },
        ADSLField(\.QUADRFL) { $0.quadRefractory },
        ADSLField(\.PENTARFL) { $0.pentaRefractory },
        ADSLField(\.CD38GAP) { $0.cd38Gap },
        ADSLField(\.CD38LSTFL) { $0.cd38InLineBeforeIndex },
        ADSLField(\.drugStatus) { $0.drugs },
    ]

    /// RULES.md 5–7: baseline labs, cytogenetics, staging, renal function, disease status.
    static let baseline: [ADSLField<IndexResults>] = [
        ADSLField(\.B2M) { $0.baseline.b2m?.number },
        ADSLField(\.ALB) { $0.baseline.albumin?.number },
        ADSLField(\.LDH) { $0.baseline.ldh?.number },
        ADSLField(\.CREAT) { $0.baseline.creatinine?.number },
        ADSLField(\.HGB) { $0.baseline.haemoglobin?.number },
        ADSLField(\.DEL17PFL) { $0.cytogenetics.del17p },
        ADSLField(\.T414FL) { $0.cytogenetics.t4_14 },
        ADSLField(\.T1416FL) { $0.cytogenetics.t14_16 },
        ADSLField(\.GAIN1QFL) { $0.cytogenetics.gain1q },
        ADSLField(\.CYTORISK) { $0.risk },
        ADSLField(\.ISS) { $0.staging.iss },
        ADSLField(\.RISS) { $0.staging.riss },
        ADSLField(\.R2ISS) { $0.staging.r2iss },
        ADSLField(\.LDHHIFL) { $0.staging.ldhHigh },
        ADSLField(\.CRCL) { $0.renal.crcl },
        ADSLField(\.CRCL60FL) { $0.renal.below60 },
        ADSLField(\.DISSTAT) { $0.diseaseStatus },
    ]

    /// RULES.md 2, 8: the index line's response; the responder flags are empty when BOR is NE.
    static let response: [ADSLField<IndexResults>] = [
        ADSLField(\.MEASDIS) { $0.indexResponse?.measurable.rawValue },
        ADSLField(\.BOR) { $0.indexResponse?.bor },
        ADSLField(\.BORSRC) { $0.indexResponse?.borSource },
        ADSLField(\.RESPFL) { evaluableBOR($0).map { $0 >= .pr } },
        ADSLField(\.VGPRFL) { evaluableBOR($0).map { $0 >= .vgpr } },
        ADSLField(\.CRFL) { evaluableBOR($0).map { $0 >= .cr } },
    ]

    /// SPEC 4.1, RULES.md 8: death and the last date known alive.
    static let survival: [ADSLField<IndexResults>] = [
        ADSLField(\.DTHFL) { $0.patient.deathDate != nil },
        ADSLField(\.DTHDT) { $0.patient.deathDate },
        ADSLField(\.LSTALVDT) { $0.lastAlive },
    ]

    /// The index line's BOR unless it is `NE` (RULES.md 8).
    static func evaluableBOR(_ r: IndexResults) -> ResponseCategory? {
        r.indexResponse.flatMap { $0.bor == .ne ? nil : $0.bor }
    }
}

extension ADSLRow {
    /// The ADSL row of a patient of the analysis population, by the `ADSLFields` table.
    init(key: PatientKey, _ results: IndexResults) {
        self.init(key: key)
        for field in ADSLFields.all { field.assign(&self, results) }
    }
}

/// Fills the ADSL refractoriness columns (RULES.md 4) from the profile.
func fillRefractoriness(_ adsl: inout ADSLRow, _ p: RefractoryProfile) {
    for field in ADSLFields.refractoriness { field.assign(&adsl, p) }
}
