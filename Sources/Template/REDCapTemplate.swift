import Foundation
import MMMap
import MMModel

/// `mmpipe template redcap` (SPEC 10): a REDCap data dictionary of the reference layout — one
/// instrument per table, `record_id` first, the code lists as choices — and the pipeline file
/// that reads the flat CSV export ("raw data") of a project built from it, with no edits.
///
/// Naming: the patients instrument keeps the reference column names (`birth_date`); the
/// other instruments prefix theirs (`lab_date`, `ther_stop_reason`), so that every variable
/// is unique across instruments, lower case and at most 26 characters, as REDCap requires.
/// `patient_id` is `record_id`; `site_id` is the data access group (`redcap_data_access_group`,
/// upper-cased: DAG `s01` → site `S01`).
public enum REDCapTemplate {
    /// REDCap's data dictionary columns, in order.
    public static let dictionaryColumns = [
        "Variable / Field Name", "Form Name", "Section Header", "Field Type", "Field Label",
        "Choices, Calculations, OR Slider Labels", "Field Note", "Text Validation Type OR Show Slider Number",
        "Text Validation Min", "Text Validation Max", "Identifier?", "Branching Logic (Show field only if...)",
        "Required Field?", "Custom Alignment", "Question Number (surveys only)", "Matrix Group Name",
        "Matrix Ranking?", "Field Annotation",
    ]

    /// File names written by the template.
    public static let dictionaryFile = "redcap-data-dictionary.csv"
    public static let pipelineFileName = "redcap-pipeline.yaml"

    /// The instrument (REDCap form name) of a table: its reference name.
    public static func instrument(_ table: TableName) -> String { table.rawValue }

    /// The variable prefix of a table's fields (none for the non-repeating patients form).
    static func prefix(_ table: TableName) -> String {
        switch table {
        case .patients: return ""
        case .labs: return "lab_"
        case .cytogenetics: return "cyto_"
        case .therapies: return "ther_"
        case .assessments: return "asmt_"
        case .adverseEvents: return "ae_"
        }
    }

    /// The REDCap variable of a reference column; nil for `site_id` (the data access group).
    public static func variable(_ table: TableName, _ column: String) -> String? {
        switch column {
        case "patient_id": return "record_id"
        case "site_id": return nil
        default: return prefix(table) + column
        }
    }

    /// One field of the dictionary: the 18 cells, in `dictionaryColumns` order.
    struct FieldRow {
        var variable: String
        var form: String
        var type: String
        var label: String
        var choices = ""
        var note = ""
        var validation = ""
        var min = ""
        var max = ""
        var identifier = false
        var required = false

        var cells: [String] {
            [variable, form, "", type, label, choices, note, validation, min, max, identifier ? "y" : "", "",
             required ? "y" : "", "", "", "", "", ""]
        }
    }

    /// How a coded column is entered: REDCap choices `1, label | 2, label` (numbered in the code
    /// list's order), and the map from those numbers back to the reference codes.
    static func numberedChoices(_ codes: [(code: String, label: String)]) -> (choices: String, map: [(String, String)]) {
        let numbered = codes.enumerated().map { (String($0.offset + 1), $0.element) }
        return (numbered.map { "\($0.0), \(choiceLabel($0.1.label))" }.joined(separator: " | "),
                numbered.map { ($0.0, $0.1.code) })
    }

    /// A choice label may not hold `|` (REDCap's choice separator).
    static func choiceLabel(_ s: String) -> String { s.replacingOccurrences(of: "|", with: "/") }

    /// The lab tests as choices (label: code and meaning).
    static var labTestCodes: [(code: String, label: String)] {
        ODMTemplate.labTestList.codes.map { (code: $0.code, label: "\($0.code) — \($0.label.replacingOccurrences(of: "`", with: ""))") }
    }

    /// The dictionary's field for one reference column (nil for `site_id`), with the code map
    /// the pipeline file needs for it.
    static func field(_ table: TableName, _ spec: ColumnSpec) -> (row: FieldRow, codes: [(String, String)])? {
        guard let variable = variable(table, spec.name) else { return nil }
        let label = spec.meaning.prefix(1).uppercased() + spec.meaning.dropFirst().replacingOccurrences(of: "`", with: "")
        var row = FieldRow(variable: variable, form: instrument(table), type: "text", label: label)
        row.required = spec.isRequired
        var codes: [(String, String)] = []
        switch spec.kind {
        case .identifier, .text, .drug, .regimen:
            if spec.name == "patient_id" { row.label = "Patient ID (the site's subject ID, unique in the project)" }
            if case .drug = spec.kind { row.note = "generic name (daratumumab) or a listed synonym; ASCT / ALLO_SCT" }
            if case .regimen = spec.kind { row.note = "a listed label (IsaPd, DRd, VRd…); may be left empty when the drug is given" }
        case .date(let partial):
            if partial {
                row.note = "YYYY-MM-DD; YYYY-MM or YYYY when the day is not known"
            } else {
                row.validation = "date_ymd"
            }
        case .number(let range, let integer):
            row.validation = integer ? "integer" : "number"
            row.min = InputFormatDocument.number(range.lowerBound)
            row.max = InputFormatDocument.number(range.upperBound)
        case .code(let list) where list.name == CodeLists.yesNoSpec.name:
            row.type = "yesno"
        case .code(let list):
            row.type = "dropdown"
            (row.choices, codes) = numberedChoices(list.codes)
        case .codeSet(let list):
            // Checkbox codes are exported as variable___code; the mapper upper-cases them.
            row.type = "checkbox"
            row.choices = list.codes.map { "\($0.code.lowercased()), \(choiceLabel($0.label))" }.joined(separator: " | ")
        case .labTest:
            row.type = "dropdown"
            (row.choices, codes) = numberedChoices(labTestCodes)
        case .labValue:
            row.note = "a number (decimal point), <x below detection, or POS / NEG"
        case .labUnit:
            row.note = "the unit the laboratory reported (g/dL, g/L, mg/L…); for MRD the sensitivity (1e-5)"
        }
        if table == .patients && spec.name == "birth_date" { row.identifier = true }
        return (row, codes)
    }

    /// The data dictionary CSV (REDCap's 18 columns; `record_id` first).
    public static func dataDictionary() -> String {
        var lines = [dictionaryColumns]
        for table in TableName.allCases {
            for spec in ReferenceLayout.spec(of: table) {
                // record_id once, as the first field of the first (patients) instrument.
                if spec.name == "patient_id" && table != .patients { continue }
                if let f = field(table, spec) { lines.append(f.row.cells) }
            }
        }
        return lines.map { $0.map(InputFormatDocument.csvCell).joined(separator: ",") }.joined(separator: "\n") + "\n"
    }

    /// The pipeline file that reads the project's flat CSV export (`record_id`,
    /// `redcap_repeat_instrument`, `redcap_repeat_instance`, `redcap_data_access_group`).
    /// `schemas` is the dictionaries' folder relative to where the file is written.
    public static func pipelineFile(studyID: String, schemas: String) -> String {
        var out = """
            # mmpipe pipeline file for a REDCap project built from \(dictionaryFile)
            # (written by `mmpipe template redcap`; it reads the project's flat CSV export as it is).
            #
            # Export: Data Exports → "All data" → CSV / Microsoft Excel (raw data). ONE file holds every
            # instrument: the patients instrument on the record's row (redcap_repeat_instrument empty),
            # every other instrument (a repeating one) on one row per instance. The site is the data
            # access group: name each group after its site code (S01 → unique name s01). A project
            # without groups sets its site under layout.constants (site_id: S01).
            # Options not written here keep RULES.md's defaults (docs/pipeline-file.md lists them).

            study_id: \(studyID)
            index_regimen:
              all_of: [isatuximab, pomalidomide]

            input:
              # REDCap's raw export writes dates as YYYY-MM-DD.
              date_formats: [YYYY-MM-DD]
              partial_dates: middle

            dictionaries:
              drugs: \(schemas)/drugs.yaml
              regimens: \(schemas)/regimens.yaml
              lab_tests: \(schemas)/lab-tests.yaml

            layout:
              name: redcap-mmpipe-template
              flat:
                table: "*"
                instrument_column: redcap_repeat_instrument
                instruments:
                  "": \(TableName.patients.rawValue)

            """
        for t in TableName.allCases where t != .patients { out += "      \(instrument(t)): \(t.rawValue)\n" }
        out += "  columns:\n    \"*\":\n      patient_id: record_id\n      site_id: redcap_data_access_group\n"
        var codes: [(String, [(String, String)])] = []
        var checkboxes: [String] = []
        for t in TableName.allCases {
            out += "    \(t.rawValue):\n"
            for spec in ReferenceLayout.spec(of: t) where spec.name != "patient_id" && spec.name != "site_id" {
                guard let f = field(t, spec) else { continue }
                if case .codeSet = spec.kind {
                    checkboxes.append("    \(t.rawValue).\(spec.name): \(f.row.variable)\n")
                    continue
                }
                out += "      \(spec.name): \(f.row.variable)\n"
                if !f.codes.isEmpty { codes.append(("\(t.rawValue).\(spec.name)", f.codes)) }
            }
        }
        out += "  # Dropdown choice numbers → reference codes (yes/no fields export 1/0, accepted as Y/N).\n  codes:\n"
        for (field, map) in codes {
            out += "    \(field): {" + map.map { "\"\($0.0)\": \($0.1)" }.joined(separator: ", ") + "}\n"
        }
        out += "  # Checkbox fields: one column per choice (asmt_crab___c …), the ticked ones joined as C;R.\n  checkboxes:\n"
        out += checkboxes.joined()
        out += "  # The data access group's unique name is lower case.\n  upper_case: [site_id]\n"
        let bookkeeping = ["redcap_event_name", "redcap_repeat_instance", "redcap_survey_identifier"]
            + TableName.allCases.map { "\(instrument($0))_complete" }
        out += "  # REDCap's bookkeeping columns: known, nothing to map.\n  ignore_columns: [" + bookkeeping.joined(separator: ", ") + "]\n"
        return out
    }
}
