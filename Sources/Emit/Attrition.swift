import MMModel

/// `attrition.csv` (SPEC 9): from the rows and patients of the upload to the analysis
/// population. Rows rejected by validation; patients without a usable patient record; patients
/// with no line of the index regimen (or of any arm, `LOT-003`).
enum Attrition {
    static func steps(_ output: RunOutput) -> [AttritionStep] {
        let rows = output.readRows.values.reduce(0, +), rejected = output.rejectedRows.values.reduce(0, +)
        let patients = output.patients.patients
        let noIndex = output.patients.withoutIndexRegimen
        let analysed = output.patients.analysed
        let noRecord = patients - analysed - noIndex
        let regimen = output.options.arms.isEmpty
            ? "no line of therapy contains the index regimen (\(output.options.indexRegimen.allOf.joined(separator: "+")))"
            : "no line of therapy matches an arm (\(output.options.arms.map(\.name).joined(separator: ", ")))"
        return [
            AttritionStep(step: "Rows in the upload", n: rows, excluded: rejected, reason: "rows rejected by validation (ERROR findings in findings.csv)"),
            AttritionStep(step: "Patients in the upload", n: patients, excluded: noRecord, reason: "no usable patient record (the patients row is missing or was rejected)"),
            AttritionStep(step: "Patients with a usable record", n: patients - noRecord, excluded: noIndex, reason: regimen + " (LOT-003)"),
            AttritionStep(step: "Analysis population", n: analysed, excluded: 0, reason: ""),
        ]
    }
}

extension Tables {
    /// `attrition.csv` (SPEC 9): the patient flow, one row per step, in flow order.
    public static let attrition = TableDefinition<AttritionStep>(
        name: "attrition", label: "Patient flow from the upload to the analysis population (CONSORT-style)",
        primaryKey: ["STEP"], sortOrder: "flow order",
        columns: [
            Column("STEP", "Step of the flow", .text, rule: "SPEC 9: rows, patients, patients with a usable record, analysis population") { .text($0.step) },
            Column("N", "Rows (first step) or patients entering the step", .integer, rule: "SPEC 9") { .integer($0.n) },
            Column("EXCLUDED", "Excluded at this step", .integer, rule: "SPEC 9: the next step's N = N - EXCLUDED (rows: rejected rows)") { .integer($0.excluded) },
            Column("REASON", "Why they were excluded", .text, rule: "SPEC 9; findings.csv (rejected rows), LOT-003 (no index regimen)") { .text($0.reason) },
        ])
}
