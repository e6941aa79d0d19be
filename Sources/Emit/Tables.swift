import MMModel

/// Every dataset Emit writes, defined once (SPEC 7): the same definitions drive the CSV
/// writer, the SQLite schema, `define.json` and docs/outputs.md.
public enum Tables {
    /// The dataset tables in output order (`mmpipe run`), every column documented (`arms`
    /// columns included).
    public static var datasetSchemas: [TableSchema] { datasetSchemas(arms: true) }

    /// The tables as a run writes them: the `arms` columns only when the pipeline file has arms.
    public static func datasetSchemas(arms: Bool) -> [TableSchema] {
        [adsl(arms: arms).schema, adlot.schema, adrs.schema, adtte.schema, adae.schema, adexp.schema, findings.schema,
         attrition.schema]
    }

    /// ADSL columns that exist only with `arms` in the pipeline file (SPEC 4.3).
    public static let armColumns: Set<String> = ["TRT01P"]

    static func adsl(arms: Bool) -> TableDefinition<PatientRow<ADSLRow>> { arms ? adsl : adsl.dropping(armColumns) }

    /// `adlot.csv` (SPEC 7, RULES.md 3).
    public static let adlot = TableDefinition<PatientRow<ADLOTRow>>(
        name: "adlot", label: "Lines of therapy: one row per line of each patient in adsl",
        primaryKey: ["USUBJID", "LOT"], sortOrder: "USUBJID, LOT",
        columns: [
            Column("USUBJID", "Unique subject identifier (pseudonym)", .text, rule: "SPEC 7 (see adsl.USUBJID)") { .text($0.context.usubjid) },
            Column("LOT", "Line of therapy number", .integer, rule: "RULES.md 3 (IMWG 2015, Rajkumar 2015)") { .integer($0.row.LOT) },
            Column("LOTSTDT", "Line start date", .date, rule: "RULES.md 3 step 2: first dose of the line's first non-steroid drug or transplant") { .date($0.row.LOTSTDT) },
            Column("LOTENDT", "Line end date", .date, rule: "RULES.md 3 step 6: last dose, or the day before the next line") { .of($0.row.LOTENDT) },
            Column("REGIMEN", "Canonical drugs of the line", .text, rule: "SPEC 7, RULES.md 3: canonical drug names, steroids included, transplants not, sorted, joined by +") { .text($0.row.REGIMEN) },
            Column("REGLBL", "Regimen label as reported", .text, rule: "SPEC 4.1: therapies.regimen") { .of($0.row.REGLBL) },
            Column("CLASSES", "Drug classes of the line", .text, codes: DrugClass.allCases.map { Code($0.rawValue, $0.rawValue) },
                   rule: "RULES.md 4: classes of the line's drugs, sorted, joined by +") { .text($0.row.CLASSES) },
            Column("ASCTFL", "Line includes an autologous transplant", .flag, rule: "RULES.md 3 step 4") { .flag($0.row.ASCTFL) },
            Column("ENDRSN", "Line end reason", .text, codes: StopReason.allCases.map { Code($0.rawValue, $0.rawValue) },
                   rule: "RULES.md 3 step 6: stop_reason of the drugs stopped last, else why the next line started") { .of($0.row.ENDRSN) },
            Column("BOR", "Best overall response on the line", .text, codes: Codes.response, rule: "RULES.md 2.3") { .of($0.row.BOR) },
            Column("PDFL", "Progression on the line", .flag, rule: "RULES.md 2.2-2.3: confirmed computed or reported PD") { .of($0.row.PDFL) },
            Column("PDDT", "Date of progression on the line", .date, rule: "RULES.md 2.3: first PD assessment's date") { .of($0.row.PDDT) },
            Column("INDEXFL", "Index line", .flag, rule: "SPEC 4.3: first line containing index_regimen.all_of") { .flag($0.row.INDEXFL) },
            Column("STARTRSN", "Why the line started", .text,
                   codes: [Code("FIRST", "First line"), Code("NEW_DRUG_AFTER_WINDOW", "Drug added or substituted after the regimen window"),
                           Code("PROGRESSION", "After progression"), Code("GAP", "After an off-treatment interval"), Code("TRANSPLANT", "Transplant outside a planned sequence")],
                   rule: "RULES.md 3 steps 2-5") { .of($0.row.STARTRSN) },
        ])

    /// `adrs.csv` (SPEC 7, RULES.md 2).
    public static let adrs = TableDefinition<PatientRow<ADRSRow>>(
        name: "adrs", label: "Response: one row per assessment date of each patient in adsl, plus PARAMCD=BOR rows per line",
        primaryKey: [], sortOrder: "USUBJID, then the derivation's order",
        columns: [
            Column("USUBJID", "Unique subject identifier (pseudonym)", .text, rule: "SPEC 7") { .text($0.context.usubjid) },
            Column("LOT", "Line of therapy number", .integer, rule: "RULES.md 2.1: assessments belong to the line whose span holds them") { .of($0.row.LOT) },
            Column("ADT", "Assessment date", .date, rule: "RULES.md 2.2: earliest date of the merged assessment") { .of($0.row.ADT) },
            Column("PARAMCD", "Parameter code", .text, codes: [Code("OVRLRESP", "Overall response at an assessment"), Code("BOR", "Best overall response of a line")],
                   rule: "SPEC 7") { .text($0.row.PARAMCD) },
            Column("AVALC", "Response category (computed, or per response_source for BOR)", .text, codes: Codes.response, rule: "RULES.md 2.2-2.3 (Kumar 2016)") { .of($0.row.AVALC) },
            Column("RPTRESP", "Site-reported response", .text, codes: Codes.response, rule: "SPEC 4.1: assessments.response") { .of($0.row.RPTRESP) },
            Column("CONFFL", "Confirmed", .flag, rule: "RULES.md 2.3: two consecutive assessments") { .of($0.row.CONFFL) },
            Column("AGREEFL", "Reported agrees with computed", .flag, rule: "RULES.md 2.3: reported vs computed") { .of($0.row.AGREEFL) },
        ])

    /// `adtte.csv` (SPEC 7, RULES.md 8).
    public static let adtte = TableDefinition<PatientRow<ADTTERow>>(
        name: "adtte", label: "Time-to-event: one row per PARAMCD of each patient in adsl",
        primaryKey: ["USUBJID", "PARAMCD"], sortOrder: "USUBJID, then PARAMCD in the derivation's order",
        columns: [
            Column("STUDYID", "Study identifier", .text, rule: "SPEC 4.3") { .text($0.context.studyID) },
            Column("USUBJID", "Unique subject identifier (pseudonym)", .text, rule: "SPEC 7") { .text($0.context.usubjid) },
            Column("SITEID", "Site identifier", .text, rule: "SPEC 4.1") { .text($0.context.siteID) },
            Column("PARAMCD", "Parameter code", .text,
                   codes: [Code("PFS", "Progression-free survival"), Code("OS", "Overall survival"), Code("TTNT", "Time to next treatment"),
                           Code("DOR", "Duration of response"), Code("TTR", "Time to response")], rule: "SPEC 7, RULES.md 8") { .text($0.row.PARAMCD) },
            Column("PARAM", "Parameter", .text, rule: "RULES.md 8") { .text($0.row.PARAM) },
            Column("STARTDT", "Start date (index date; response date for DOR)", .date, rule: "RULES.md 8") { .date($0.row.STARTDT) },
            Column("ADT", "Event or censoring date", .date, rule: "RULES.md 8: event/censoring table; an event on the censoring date is an event") { .date($0.row.ADT) },
            Column("AVAL", "Time (days)", .integer, rule: "RULES.md preamble: ADT - STARTDT, no +1") { .integer($0.row.AVAL) },
            Column("AVALM", "Time (months)", .fixed(decimals: 4), rule: "RULES.md preamble: AVAL / 30.4375") { .real($0.row.AVALM) },
            Column("CNSR", "Censored", .integer, codes: [Code("0", "Event"), Code("1", "Censored")], rule: "SPEC 7: 0 = event, 1 = censored (ADaM)") { .integer($0.row.CNSR) },
            Column("EVNTDESC", "Event description", .text, rule: "RULES.md 8") { .of($0.row.EVNTDESC) },
            Column("CNSDTDSC", "Censoring date description", .text, rule: "RULES.md 8") { .of($0.row.CNSDTDSC) },
        ])

    /// `adae.csv` (SPEC 7, RULES.md 9).
    public static let adae = TableDefinition<PatientRow<ADAERow>>(
        name: "adae", label: "Adverse events of the patients in adsl, with the treatment-emergent flag",
        primaryKey: [], sortOrder: "USUBJID, ASTDT (missing last), AETERM, AETOXGR, AENDT, AESER, AEREL, TRTEMFL (each missing last), then input order",
        columns: [
            Column("USUBJID", "Unique subject identifier (pseudonym)", .text, rule: "SPEC 7") { .text($0.context.usubjid) },
            Column("AETERM", "Adverse event term", .text, rule: "SPEC 4.1: adverse_events.term") { .text($0.row.AETERM) },
            Column("AETOXGR", "CTCAE grade", .integer, codes: (1...5).map { Code(String($0), "Grade \($0)") }, rule: "SPEC 4.1: grade (CTCAE v5.0)") { .of($0.row.AETOXGR) },
            Column("ASTDT", "Onset date", .date, rule: "SPEC 4.1: onset_date") { .of($0.row.ASTDT) },
            Column("AENDT", "End date", .date, rule: "SPEC 4.1: end_date") { .of($0.row.AENDT) },
            Column("AESER", "Serious", .flag, rule: "SPEC 4.1: serious") { .of($0.row.AESER) },
            Column("AEREL", "Related to treatment", .text, codes: [Code("Y", "Related"), Code("N", "Not related"), Code("U", "Unknown")],
                   rule: "SPEC 4.1: related") { .of($0.row.AEREL) },
            Column("TRTEMFL", "Treatment-emergent", .flag, rule: "RULES.md 9: onset in [INDEXDT, last dose of the index line + 30 d]") { .of($0.row.TRTEMFL) },
        ])

    /// `adexp.csv` (extra): exposure and refractoriness at index for every drug (RULES.md 4).
    public static let adexp = TableDefinition<PatientRow<DrugStatus>>(
        name: "adexp", label: "Exposure and refractoriness at index: one row per patient per drug ever given before index",
        primaryKey: ["USUBJID", "DRUG"], sortOrder: "USUBJID, DRUG",
        columns: [
            Column("USUBJID", "Unique subject identifier (pseudonym)", .text, rule: "SPEC 7") { .text($0.context.usubjid) },
            Column("DRUG", "Canonical drug name", .text, rule: "RULES.md 3 step 1: drug dictionary") { .text($0.row.drug) },
            Column("CLASSES", "Drug classes", .text, codes: DrugClass.allCases.map { Code($0.rawValue, $0.rawValue) },
                   rule: "RULES.md 4: classes, sorted, joined by +") { .text($0.row.classes.sorted().map(\.rawValue).joined(separator: "+")) },
            Column("EXPFL", "Exposed before index", .flag, rule: "RULES.md 4: any dose before INDEXDT") { .flag($0.row.exposed) },
            Column("REFRFL", "Refractory at index", .flag, rule: "RULES.md 4 (a)/(b)") { .flag($0.row.refractory) },
            Column("LSTDOSDT", "Last dose before index", .date, rule: "RULES.md 4") { .of($0.row.lastDose) },
        ])

    /// `findings.csv` (SPEC 5): every finding; goes back to the site, so it carries `SUBJID`.
    public static let findings = TableDefinition<FindingRow>(
        name: "findings", label: "Validation findings (queries to the sites)",
        primaryKey: [], sortOrder: "SITEID, SUBJID, TABLE, SOURCE (line numbers as numbers), RULEID, FIELD, VALUE, MESSAGE",
        columns: [
            Column("SITEID", "Site identifier", .text, rule: "SPEC 5") { .text($0.finding.siteID) },
            Column("SUBJID", "The site's own subject ID", .text, rule: "SPEC 5, 7: only in findings.csv and report.html (not in dataset.sqlite)",
                   targets: .csv) { .text($0.finding.subjectID) },
            Column("USUBJID", "Unique subject identifier (pseudonym)", .text, rule: "SPEC 7: the pseudonym instead of SUBJID in dataset.sqlite",
                   targets: .sqlite) { .of($0.usubjid) },
            Column("TABLE", "Input table", .text, codes: TableName.allCases.map { Code($0.rawValue, $0.rawValue) }, rule: "SPEC 4.1") { .text($0.finding.table?.rawValue ?? "") },
            Column("SOURCE", "Where: file:line, or the XML path", .text, rule: "SPEC 5, 7: in dataset.sqlite an ODM path's SubjectKey is masked (SubjectKey='*')",
                   sqliteValue: { .text(Redaction.analystText($0.finding.source, patientID: $0.finding.subjectID)) }) { .text($0.finding.source) },
            Column("FIELD", "Field", .text, rule: "SPEC 5") { .text($0.finding.field) },
            Column("VALUE", "Offending value as read (birth dates and identifiers withheld)", .text, rule: "SPEC 5, 7: birth dates never leave") { .text(Redaction.findingValue($0.finding)) },
            Column("RULEID", "Rule identifier", .text, rule: "SPEC 5: the rule catalogue (schemas/)") { .text($0.finding.rule.id) },
            Column("SEVERITY", "Severity", .text, codes: [Code("ERROR", "The value cannot be used"), Code("WARNING", "Used but doubtful"), Code("INFO", "Information")],
                   rule: "SPEC 5") { .text($0.finding.severity.rawValue) },
            Column("MESSAGE", "What is wrong, where, and what to do", .text, rule: "SPEC 5; a birth date is withheld; SPEC 7: in dataset.sqlite the site's subject ID is masked",
                   sqliteValue: { .text(Redaction.analystText(Redaction.findingMessage($0.finding), patientID: $0.finding.subjectID)) }) {
                .text(Redaction.findingMessage($0.finding))
            },
            Column("ROWKEY", "The row's own identity: its date, test, drug … (never its line)", .text,
                   rule: "SPEC 10: with RULEID, SITEID, SUBJID, TABLE and FIELD, the finding's stable key across uploads",
                   targets: .csv) { .text($0.finding.rowKey) },
            Column("STATUS", "Against the previous upload (--since)", .text,
                   codes: [Code("NEW", "Not in the previous upload"), Code("OPEN", "Also in the previous upload"),
                           Code("RESOLVED", "In the previous upload, gone now (its old value)")],
                   rule: "SPEC 10: empty without --since") { .of($0.finding.status?.rawValue) },
        ])
}
