/// The data dictionary (SPEC 7): `define.json` and docs/outputs.md, both generated from the
/// table definitions in `Tables`, so every emitted column is documented and nothing else is.
public enum DataDictionary {
    /// Conventions shared by every CSV output.
    public static let csvConventions: [(String, String)] = [
        ("encoding", "UTF-8 without BOM, comma-separated, LF line endings, one header row"),
        ("quoting", "RFC 4180: a field holding a comma, a double quote, CR or LF is enclosed in double quotes, inner quotes doubled"),
        ("missing", "an empty cell (NULL in dataset.sqlite)"),
        ("flags", "Y / N; empty when unknown"),
        ("dates", "ISO 8601 YYYY-MM-DD"),
        ("numbers", "decimal point, no thousands separator, never an exponent; integers as integers; reals with the precision given per column, rounded half away from zero on the shortest decimal representation"),
        ("formula_neutralisation", "a text cell starting with =, +, -, @, TAB or CR is written with a leading single quote (') so spreadsheets show it as text; numeric, date and flag columns are never changed; dataset.sqlite stores the text unchanged"),
        ("identifiers", "USUBJID = STUDYID-SITEID- + the first 12 lower-case hex digits of HMAC-SHA-256(key, SITEID/patient_id); SUBJID appears only in findings.csv, report.html, the site packages (sites/<SITEID>/) and the --key-map file, never in ad*.csv, dataset.sqlite, define.json, audit.jsonl or manifest.json (ODM paths there read SubjectKey='*'); birth dates never leave"),
    ]

    static func columnJSON(_ c: ColumnSpec) -> JSONValue {
        var files: [JSONValue] = []
        if c.targets.contains(.csv) { files.append(.string("csv")) }
        if c.targets.contains(.sqlite) { files.append(.string("sqlite")) }
        return .object([
            "name": .string(c.name), "label": .string(c.label), "type": .string(c.type.name),
            "sqlite_type": .string(c.type.sqliteType), "format": c.type.format.map { .string($0) } ?? .null,
            "codes": .array(c.codes.map { .object(["code": .string($0.code), "decode": .string($0.decode)]) }),
            "rule": .string(c.rule), "files": .array(files),
        ])
    }

    /// `define.json`.
    public static func defineJSON(toolVersion: String, arms: Bool = false) -> JSONValue {
        .object([
            "tool": .string("mmpipe \(toolVersion)"),
            "conventions": .object(Dictionary(uniqueKeysWithValues: csvConventions.map { ($0.0, JSONValue.string($0.1)) })),
            "datasets": .array(Tables.datasetSchemas(arms: arms).map { t in
                .object([
                    "name": .string(t.name), "file": .string(t.fileName), "sqlite_table": .string(t.name),
                    "label": .string(t.label), "primary_key": .array(t.primaryKey.map { .string($0) }),
                    "sort_order": .string(t.sortOrder), "columns": .array(t.columns.map(columnJSON)),
                ])
            }),
        ])
    }

    static func cell(_ s: String) -> String {
        s.replacingAll("|", with: "\\|").replacingAll("\n", with: " ")
    }

    /// docs/outputs.md. Regenerate with
    /// `MMPIPE_REGENERATE_DOCS=1 swift test --filter EmitTests.DataDictionaryTests`.
    public static func markdown() -> String {
        var md = """
            # Outputs

            <!-- Generated from the table definitions in Sources/Emit (the same ones that write the CSV files,
                 dataset.sqlite and define.json). Do not edit by hand: regenerate with
                 MMPIPE_REGENERATE_DOCS=1 swift test --filter EmitTests.DataDictionaryTests -->

            `mmpipe run` writes into `--out` (default `out/`): \(DatasetWriter.outputNames(.dataset).map { "`\($0)`" }.joined(separator: ", ")).
            `mmpipe validate` writes only \(DatasetWriter.outputNames(.validationOnly).map { "`\($0)`" }.joined(separator: ", "))
            (default `--out`: `validation/`, never the dataset's folder; `validate` refuses a folder holding a dataset).
            Both also write one package per site, `sites/<SITEID>/findings.csv` and `sites/<SITEID>/report.html`:
            that site's queries only, ERRORs first, with its own file-level findings and nothing of any other site —
            what goes back to the site. `findings.csv` and `report.html` at the top are the coordinating centre's.

            Everything is written into a sibling folder `<out>.tmp-<pid>`, fsynced, and swapped into place
            (the old folder renamed aside, the new one renamed in, the old one removed): a failed run leaves
            the previous output untouched. An existing `--out` folder is replaced only when it is empty or
            holds an earlier mmpipe output and nothing else: every file in it must be listed in its
            `manifest.json` (or be one that `mmpipe summarize` writes). A folder holding anything else (an R
            script, a `by-dara/` folder) is refused with the names of those files, never deleted. The same inputs, pipeline file,
            `MMPIPE_STUDY_KEY` and `SOURCE_DATE_EPOCH` give byte-identical files, `dataset.sqlite` included.
            A run killed by a signal may leave a `<out>.tmp-<pid>` folder beside `--out`; it is never read
            and can be deleted.

            ## CSV conventions


            """
        for (k, v) in csvConventions { md += "- **\(k)**: \(v).\n" }
        md += """

            ## dataset.sqlite

            The tables below, one SQLite table per CSV file (same names without `.csv`), typed columns
            (`TEXT`, `INTEGER`, `REAL`; dates and flags as `TEXT`), missing values as `NULL`, primary keys
            where natural. Written in one transaction; page size 4096, rollback journal. `findings` carries
            `USUBJID` instead of the site's `SUBJID`. Reals hold the value written in the CSV.

            ## Datasets

            As in ADaM, every `USUBJID` of `adlot`, `adrs`, `adtte`, `adae` and `adexp` is in `adsl`: patients
            outside the analysis population (no index regimen) have no dataset rows; their findings and
            audit trail are kept.


            """
        for t in Tables.datasetSchemas {
            md += "### `\(t.fileName)` — \(t.label)\n\n"
            md += "Sort order: \(t.sortOrder)."
            if !t.primaryKey.isEmpty { md += " Primary key: \(t.primaryKey.joined(separator: ", "))." }
            md += "\n\n| column | label | type | codes | derivation |\n|---|---|---|---|---|\n"
            for c in t.columns {
                var type = c.type.name
                if let f = c.type.format, c.type != .text { type += " (\(f))" }
                if c.targets == .csv { type += "; CSV only" }
                if c.targets == .sqlite { type += "; SQLite only" }
                let codes = c.type == .flag ? "Y, N" : c.codes.map { "`\($0.code)` \($0.decode)" }.joined(separator: "; ")
                md += "| `\(c.name)` | \(cell(c.label)) | \(cell(type)) | \(cell(codes)) | \(cell(c.rule)) |\n"
            }
            md += "\n"
        }
        md += """
            ## define.json

            The same information as this page, machine-readable: `datasets[]` with `name`, `file`,
            `sqlite_table`, `label`, `primary_key`, `sort_order` and `columns[]` (`name`, `label`, `type`,
            `sqlite_type`, `format`, `codes[]` of `{code, decode}`, `rule`, `files`), plus `conventions`.
            Keys are sorted; two-space indentation.

            ## audit.jsonl

            What happened to the data on its way in, as a trail an auditor reads. One JSON object per line,
            in canonical JSON, with the keys `seq` (1, 2, …), `time`, `action` (`ingest`, `reject`,
            `normalize`, `correct`, `derive`, `emit`), `usubjid` (empty when the line is not about one
            patient; the site's `patient_id` is never written), `table`, `source`, `field`, `before`,
            `after`, `rule`, `prev` and `hash`. The log stays small beside the input: on the 47.7 MB synth
            10k cohort it is 10 KB (13 lines); with an injected error in 5 % of the patients (`--errors 0.05`),
            125 KB (0.26 % of the input: 210 rejected rows, 102 corrected values).

            - `time` is `SOURCE_DATE_EPOCH` as ISO 8601 UTC (`2024-05-01T00:00:00Z`) when it is set, else the
              time the outputs started to be written; the same for every line of a run.
            - Line 1 (`ingest`) also has `tool` (`mmpipe <version>`), `pipeline` (`path`, `sha256`) and
              `inputs[]` (`path`, `name`, `format`, `encoding`, `tables`, `rows`, `rejected`, `bytes`,
              `site`, `sha256`).
            - Line 2 (`derive`) names the rule set, once for the run: `after` is `RULES.md version 2;
              pipeline sha256 …; N patient(s) derived, M in the analysis population`, and `rules` has
              `rules_md_version` and `pipeline_sha256`. Derived values are not audited one by one: why a
              value is what it is, is `mmpipe explain` ([explain.md](explain.md)), which re-derives one
              patient's trace from the inputs this log and `manifest.json` pin.
            - Then, file by file, an `ingest` line per file and its entries in processing order:
              - one `reject` line for every row rejected (with the row's `source` `file:line` and the rule);
              - one `correct` or `normalize` line for every value changed in a particular row (an imputed
                partial date `SCH-006`, a cleared end date, a unit corrected by `UNIT-002`), `before` → `after`;
              - one `normalize` line per rule applied alike to many rows: a unit conversion of one test in
                one file (`before` `HGB in g/L`, `after` `HGB in g/dL (÷ 10)`, rule `RULES.md 1`) with
                `count` (rows converted), `source` (the first row) and `source_last` (the last row).
            - Then the validation entries of each patient (a value a chronology rule cleared), in patient order.
            - The last line (`emit`) has `outputs[]` (`name`, `sha256`, `rows`, `bytes`) for every output
              except `audit.jsonl` and `manifest.json`.
            - Values of birth-date and patient-ID fields are written `(withheld)`; an ODM `SubjectKey` in a
              `source` path is written `'*'`.
            - **Hash chain**: `prev` of line 1 is 64 zeros, of every other line the `hash` of the line before.
              `hash` = lower-case hex SHA-256 of the UTF-8 bytes of `prev` immediately followed by the
              canonical JSON of the line's object without the `hash` key.
            - **Canonical JSON**: object keys sorted by their UTF-8 bytes; no whitespace; strings in UTF-8
              with `"` and `\\` escaped as `\\"` and `\\\\`, U+0008, U+0009, U+000A, U+000C, U+000D as `\\b`,
              `\\t`, `\\n`, `\\f`, `\\r`, other characters below U+0020 as `\\u00xx` (lower-case hex), every
              other character (including `/` and non-ASCII) as itself; integers in plain decimal; `null`.
              Each line of the file is exactly the canonical JSON of its object (with `hash`), then LF.

            The same check without mmpipe (Python's `json.dumps` with these options writes canonical JSON):

            ```python
            import hashlib, json
            prev = "0" * 64
            for n, line in enumerate(open("out/audit.jsonl", "rb"), 1):
                o = json.loads(line); h = o.pop("hash")
                body = json.dumps(o, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
                assert o["prev"] == prev and hashlib.sha256(prev.encode() + body).hexdigest() == h, n
                prev = h
            ```

            `mmpipe audit verify out/` recomputes every hash and the chain, and checks each file hash of
            `manifest.json` and of the last audit line; it names the first broken line or altered file
            (exit 1), or says OK (exit 0); exit 2 when the folder or file cannot be read. The chain is
            tamper-evident, not tamper-proof: keep a copy of `manifest.json`'s `audit.jsonl` hash elsewhere
            (e.g. in the study's records) to detect a rewritten log.

            ## manifest.json

            `tool` (`name`, `version`), `study_id`, `mode` (`dataset` or `validation`), `time`, `pipeline`
            (`path`, `sha256`), `data_cutoff` (the pipeline file's `data_cutoff`, else the day of the run),
            `rules` (`file` `RULES.md`, `version`), `pseudonym_key` (`source`: `MMPIPE_STUDY_KEY`,
            `key_file` or `random`; `warning`: the sentence saying there was no study key, else `null`),
            `inputs[]` (as in the audit log's first line, with the `site` each file belongs to), `input_tables` (rows `read` and
            `rejected` per input table), `patients`, `analysis_population`, and `outputs[]` (`name`,
            `sha256`, `rows`, `bytes`) for every file of the folder except `manifest.json` itself,
            `audit.jsonl` included. `rows` is the number of data rows (all tables for `dataset.sqlite`, lines
            for `audit.jsonl`), `null` for `define.json` and `report.html`.

            ## --key-map FILE

            `SITEID,SUBJID,USUBJID` for every patient, sorted by site and subject, in the CSV dialect above,
            written outside the output folder (a path inside it is refused) for the coordinating centre's
            re-identification list. An existing FILE is replaced only when it is an earlier key map (its
            first line is `SITEID,SUBJID,USUBJID`); anything else there is refused.

            """
        return md
    }
}
