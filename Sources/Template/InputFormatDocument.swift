import MMMap
import Foundation
import MMModel

/// `docs/input-format.md` (SPEC 10): the upload specification a site follows, rendered from
/// the definitions the mapper uses — `ReferenceLayout.spec` (columns, types, requirements,
/// ranges, code lists and their synonyms) and the dictionaries of `schemas/` (lab tests and
/// units, drugs, regimens). A test fails when the committed page drifts from them.
public enum InputFormatDocument {
    /// The page, for the given dictionaries (those of the repository's `schemas/`).
    public static func markdown(dictionaries: Dictionaries) -> String {
        var out = """
            # Input format: what a site uploads

            The upload specification of the **reference layout**: every table a site sends, each
            column with its type, whether it is required, its codes (with the synonyms that are also
            accepted), the accepted units of every lab test and the drug and regimen names. A site
            collecting data in another tool uses a template made from the same definitions
            (`mmpipe template csv|redcap|odm --out DIR`, see [getting-started.md](getting-started.md)).

            This page is generated from the definitions the mapper uses (`ReferenceLayout.spec`,
            `CodeLists` and the dictionaries of `schemas/`); do not edit it by hand. Regenerate it from
            the repository root with `swift run mmpipe rules --write .`

            ## Files

            - **CSV, one file per table**, named after its table: `patients.csv`, or with a prefix
              ending in `_`, `-` or `.` (`s01_labs.csv`). Header row required; the columns in any
              order; a column the table does not have is reported (`ING-010`) and ignored.
            - Delimiter `,` or `;`; UTF-8 (with or without BOM) or Windows-1252; CRLF or LF; fields
              quoted as in RFC 4180 when they hold the delimiter, quotes or line breaks.
            - Numbers with a decimal point or a decimal comma (`0,92`), without the unit.
            - Dates as `YYYY-MM-DD`, or `DD/MM/YYYY` (or `MM/DD/YYYY`) when the pipeline file declares
              it (`input.date_formats`). Where marked below, a **partial date** (`YYYY-MM` or `YYYY`)
              is accepted and completed by `input.partial_dates` (default: the 15th of the month,
              1 July), with an `SCH-006` note; elsewhere the full date is needed.
            - Codes are case-insensitive, and blanks and punctuation in them are ignored (`sCR` =
              `SCR`, `t(4;14)` = `T_4_14`). The synonyms listed under each table are accepted too.
            - **CDISC ODM 1.3** instead of CSV: `SubjectData/@SubjectKey` is `patient_id`,
              `SiteRef/@LocationOID` is `site_id`, each `ItemGroupData` with `ItemGroupOID`
              `IG.<TABLE>` is one row of that table, and `ItemData/@ItemOID` `IT.<COLUMN>` holds that
              column (`IG.LABS`, `IT.DATE`). `mmpipe template odm` writes the metadata.
            - Never upload names, tax codes, phone numbers, e-mail or postal addresses: a column that
              looks like one is refused (`PHI-001`) and its values go nowhere.

            Required: **yes** — a file without the column cannot be read (`ING-004`) and an empty
            value is an error (`SCH-001`; in `patients`, the patient is kept with the value missing).
            The rules behind each check are listed in [rules.md](rules.md).

            | table | what one row is |
            |---|---|

            """
        for t in TableName.allCases {
            out += "| [`\(t.rawValue)`](#\(t.rawValue)) | \(ReferenceLayout.meaning(of: t)) |\n"
        }
        for t in TableName.allCases { out += table(t, dictionaries: dictionaries) }
        out += labTests(dictionaries)
        out += drugs(dictionaries)
        out += regimens(dictionaries)
        return out
    }

    static func table(_ t: TableName, dictionaries: Dictionaries) -> String {
        let specs = ReferenceLayout.spec(of: t)
        var out = "\n## \(t.rawValue)\n\n\(ReferenceLayout.meaning(of: t)) File: `\(t.rawValue).csv`; ODM: `\(t.itemGroupOID)`.\n\n"
        out += "| column | type | required | values |\n|---|---|---|---|\n"
        for s in specs {
            out += "| `\(s.name)` | \(typeText(s)) | \(requirementText(s.requirement)) | \(cell(valuesText(s))) |\n"
        }
        // Synonyms, once per code list.
        var listed = Set<String>()
        var synonyms = ""
        for s in specs {
            guard let list = s.codeList, !list.synonyms.isEmpty, listed.insert(list.name).inserted else { continue }
            let columns = specs.filter { $0.codeList?.name == list.name }.map { "`\($0.name)`" }.joined(separator: ", ")
            synonyms += "- \(columns): " + list.synonyms.map { "`\($0)`" }.joined(separator: ", ") + "\n"
        }
        if !synonyms.isEmpty { out += "\nAlso accepted:\n\n" + synonyms }
        out += "\nExample:\n\n```csv\n" + specs.map(\.name).joined(separator: ",") + "\n"
            + specs.map { csvCell($0.example) }.joined(separator: ",") + "\n```\n"
        return out
    }

    /// The type of a column, for people.
    public static func typeText(_ s: ColumnSpec) -> String {
        switch s.kind {
        case .identifier: return "text (ID)"
        case .text: return "text"
        case .date(let partial): return partial ? "date (partial accepted)" : "date"
        case .number(_, let integer): return integer ? "whole number" : "number"
        case .code: return "code"
        case .codeSet: return "codes joined by `;`"
        case .labTest: return "code (lab test)"
        case .labValue: return "number, `<x` or `POS`/`NEG`"
        case .labUnit: return "unit"
        case .drug: return "drug name"
        case .regimen: return "regimen label"
        }
    }

    static func requirementText(_ r: ColumnSpec.Requirement) -> String {
        switch r {
        case .required: return "**yes**"
        case .optional: return "no"
        case .conditional(let when): return when
        }
    }

    static func valuesText(_ s: ColumnSpec) -> String {
        var text = s.meaning
        if let (range, _) = s.numberRange { text += "; \(number(range.lowerBound))–\(number(range.upperBound))" }
        switch s.kind {
        case .labTest, .labUnit: text += " (see [lab tests and units](#lab-tests-and-units))"
        case .drug: text += " (see [drugs](#drugs))"
        case .regimen: text += " (see [regimens](#regimens))"
        default: break
        }
        if let list = s.codeList {
            text += ": " + list.codes.map { "`\($0.code)` \($0.label)" }.joined(separator: ", ")
        }
        return text
    }

    static func labTests(_ d: Dictionaries) -> String {
        var out = """

            ## Lab tests and units

            The `test` and `unit` of a `labs` row. A number is converted to the canonical unit (the
            first listed); a unit not listed is an error (`UNIT-001`); a magnitude that betrays
            another unit (Hb 11.1 "g/L") is flagged and handled by `units.unit_mismatch`. Qualitative
            tests take `POS` or `NEG` (also `positive`, `negative`, `+`, `-`) and no unit. Units are
            case-insensitive, blanks ignored, `µ` = `u`.

            | test | meaning | units (canonical first; other spellings) | test synonyms |
            |---|---|---|---|

            """
        for test in LabTest.allCases {
            let units = d.units(of: test)?.units ?? []
            let unitText = test.isQualitative ? "`POS` / `NEG`" : units.map { u in
                "`\(u.unit)`" + (u.synonyms.isEmpty ? "" : " (" + u.synonyms.map { "`\($0)`" }.joined(separator: ", ") + ")")
            }.joined(separator: "; ")
            let synonyms = (d.units(of: test)?.synonyms ?? []).map { "`\($0)`" }.joined(separator: ", ")
            out += "| `\(test.rawValue)` | \(cell(ReferenceLayout.meaning(of: test))) | \(cell(unitText)) | \(cell(synonyms)) |\n"
        }
        return out
    }

    static func drugs(_ d: Dictionaries) -> String {
        var out = """

            ## Drugs

            The `drug` of a `therapies` row: the generic name or any synonym, abbreviation or brand
            listed (case-insensitive, blanks and punctuation ignored). A name not listed is an error
            (`SCH-007`): write the generic name, or ask the coordinating centre to add the synonym.

            | drug | classes | also accepted |
            |---|---|---|

            """
        for drug in d.drugs {
            let classes = drug.classes.sorted().map(\.rawValue).joined(separator: ", ")
            out += "| `\(drug.name)` | \(classes) | \(cell(drug.synonyms.map { "`\($0)`" }.joined(separator: ", "))) |\n"
        }
        return out
    }

    static func regimens(_ d: Dictionaries) -> String {
        var out = """

            ## Regimens

            The `regimen` of a `therapies` row: a label listed here (or a synonym). With `drug` empty,
            the row stands for every drug of the regimen; with both, the drug must belong to it
            (`LOT-002`). Prefer one row per drug: their dates often differ.

            | regimen | drugs | also accepted |
            |---|---|---|

            """
        for r in d.regimens {
            out += "| `\(r.label)` | \(r.drugs.joined(separator: ", ")) | \(cell(r.synonyms.map { "`\($0)`" }.joined(separator: ", "))) |\n"
        }
        return out
    }

    /// A Markdown table cell: `|` escaped, no line breaks.
    static func cell(_ s: String) -> String {
        s.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
    }

    /// A CSV cell, quoted as RFC 4180 wants when it holds a comma, a quote or a line break.
    static func csvCell(_ s: String) -> String {
        s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
    }

    /// A bound without a trailing `.0` (`0`, `1000000000`).
    static func number(_ x: Double) -> String {
        x == x.rounded() && abs(x) < 1e15 ? String(Int64(x)) : String(x)
    }
}
