import Foundation

/// A small upload in the reference layout (SPEC 4.1), written by the tests in several
/// physical forms (comma/UTF-8 CSV, semicolon/decimal-comma/Windows-1252 CSV, ODM XML) to
/// check that every form yields the same canonical records.
struct UploadFixture {
    /// table → (header, rows); values as a site would type them, decimal point.
    var tables: [(name: String, header: [String], rows: [[String]])]

    static let reference = UploadFixture(tables: [
        ("patients", ["patient_id", "site_id", "sex", "birth_date", "diagnosis_date", "heavy_chain", "light_chain",
                      "ecog", "weight_kg", "height_cm", "death_date", "last_contact_date", "extramedullary"], [
            ["P001", "S01", "M", "1950-03-04", "2016-05-10", "IgG", "kappa", "1", "72.5", "175", "", "2024-06-30", "Y"],
            ["P002", "S01", "F", "1948-11-20", "2015-01-15", "IgA", "lambda", "2", "61.0", "160", "2023-12-01", "2023-12-01", "N"],
        ]),
        ("labs", ["patient_id", "site_id", "date", "test", "value", "unit", "lln", "uln"], [
            ["P001", "S01", "2021-02-20", "SPEP_M", "2.4", "g/dL", "", ""],
            ["P001", "S01", "2021-02-20", "B2M", "4.1", "mg/L", "", ""],
            ["P001", "S01", "2021-02-20", "ALB", "3.2", "g/dL", "", ""],
            ["P001", "S01", "2021-02-20", "LDH", "250", "U/L", "135", "225"],
            ["P001", "S01", "2021-02-20", "CREAT", "1.1", "mg/dL", "", ""],
            ["P001", "S01", "2021-02-20", "HGB", "10.9", "g/dL", "", ""],
            ["P001", "S01", "2021-03-25", "SPEP_M", "1.1", "g/dL", "", ""],
            ["P001", "S01", "2021-04-25", "SPEP_M", "0.9", "g/dL", "", ""],
            ["P001", "S01", "2021-05-25", "SPEP_M", "<0.1", "g/dL", "", ""],
            ["P002", "S01", "2020-06-01", "FLC_L", "420.5", "mg/L", "5.7", "26.3"],
            ["P002", "S01", "2020-06-01", "FLC_K", "9.2", "mg/L", "3.3", "19.4"],
            ["P002", "S01", "2020-06-01", "CREAT", "0.92", "mg/dL", "", ""],
        ]),
        ("cytogenetics", ["patient_id", "site_id", "date", "abnormality", "result", "method"], [
            ["P001", "S01", "2016-05-20", "DEL17P", "NOT_DETECTED", "FISH"],
            ["P001", "S01", "2016-05-20", "T_4_14", "DETECTED", "FISH"],
        ]),
        ("therapies", ["patient_id", "site_id", "drug", "regimen", "start_date", "end_date", "stop_reason", "setting",
                       "cycles", "site_line"], [
            ["P001", "S01", "", "VRd", "2016-06-01", "2016-10-01", "COMPLETED", "INDUCTION", "4", "1"],
            ["P001", "S01", "lenalidomide", "", "2017-01-10", "2020-12-01", "PROGRESSION", "MAINTENANCE", "", "1"],
            ["P001", "S01", "", "IsaPd", "2021-03-01", "", "ONGOING", "SALVAGE", "", "2"],
            ["P002", "S01", "Darzalex", "DRd", "2019-02-01", "2020-05-01", "PROGRESSION", "", "", "1"],
            ["P002", "S01", "isatuximab", "IsaPd", "2020-06-10", "2023-10-01", "PROGRESSION", "", "", "2"],
            ["P002", "S01", "pomalidomide", "IsaPd", "2020-06-10", "2023-10-01", "PROGRESSION", "", "", "2"],
        ]),
        ("assessments", ["patient_id", "site_id", "date", "response", "progression_type", "new_lesion", "plasmacytoma", "crab"], [
            ["P001", "S01", "2021-04-26", "PR", "", "N", "N", ""],
            ["P002", "S01", "2023-09-20", "PD", "CLINICAL", "Y", "N", "B;A"],
        ]),
        ("adverse_events", ["patient_id", "site_id", "term", "grade", "onset_date", "end_date", "serious", "related"], [
            ["P001", "S01", "Neutropenia febbrile, grado 3 — \"ospedalizzato\" (è)", "3", "2021-04-01", "2021-04-09", "Y", "Y"],
        ]),
    ])

    /// Writes one CSV per table: `delimiter`, decimal comma when asked, encoded as given, CRLF when asked.
    func writeCSV(to dir: URL, delimiter: Character = ",", decimalComma: Bool = false,
                  encoding: String.Encoding = .utf8, crlf: Bool = false) throws {
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        for t in tables {
            var text = ""
            let eol = crlf ? "\r\n" : "\n"
            for row in [t.header] + t.rows {
                text += row.map { cell -> String in
                    var v = cell
                    if decimalComma, Double(v) != nil || v.hasPrefix("<"), v.contains(".") {
                        v = v.replacingOccurrences(of: ".", with: ",")
                    }
                    if v.contains(delimiter) || v.contains("\"") || v.contains("\n") {
                        v = "\"" + v.replacingOccurrences(of: "\"", with: "\"\"") + "\""
                    }
                    return v
                }.joined(separator: String(delimiter)) + eol
            }
            guard let data = text.data(using: encoding) else { throw FixtureError.unencodable(t.name) }
            try data.write(to: dir.appendingPathComponent("\(t.name).csv"))
        }
    }

    /// Writes the same tables as one CDISC ODM 1.3 ClinicalData file (SPEC 4.2).
    func writeODM(to file: URL) throws {
        func esc(_ s: String) -> String {
            s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
                .replacingOccurrences(of: "\"", with: "&quot;").replacingOccurrences(of: ">", with: "&gt;")
        }
        var subjects: [String: [(String, [(String, String)])]] = [:]
        var order: [String] = []
        var sites: [String: String] = [:]
        for t in tables {
            let pi = t.header.firstIndex(of: "patient_id")!, si = t.header.firstIndex(of: "site_id")!
            for row in t.rows {
                let key = row[pi]
                if subjects[key] == nil { order.append(key) }
                sites[key] = row[si]
                let items = zip(t.header, row).filter { $0.0 != "patient_id" && $0.0 != "site_id" && !$0.1.isEmpty }
                subjects[key, default: []].append((t.name, items.map { ($0.0, $0.1) }))
            }
        }
        var xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <ODM xmlns="http://www.cdisc.org/ns/odm/v1.3" ODMVersion="1.3.2" FileType="Snapshot" FileOID="F.TEST" CreationDateTime="2024-07-01T00:00:00">
              <ClinicalData StudyOID="ST.TEST" MetaDataVersionOID="MDV.1">

            """
        for key in order {
            xml += "    <SubjectData SubjectKey=\"\(esc(key))\">\n      <SiteRef LocationOID=\"\(esc(sites[key]!))\"/>\n"
            xml += "      <StudyEventData StudyEventOID=\"SE.ALL\">\n        <FormData FormOID=\"F.CRF\">\n"
            var repeatKeys: [String: Int] = [:]
            for (table, items) in subjects[key]! {
                repeatKeys[table, default: 0] += 1
                xml += "          <ItemGroupData ItemGroupOID=\"IG.\(table.uppercased())\" ItemGroupRepeatKey=\"\(repeatKeys[table]!)\">\n"
                for (col, value) in items {
                    xml += "            <ItemData ItemOID=\"IT.\(col.uppercased())\" Value=\"\(esc(value))\"/>\n"
                }
                xml += "          </ItemGroupData>\n"
            }
            xml += "        </FormData>\n      </StudyEventData>\n    </SubjectData>\n"
        }
        xml += "  </ClinicalData>\n</ODM>\n"
        try Data(xml.utf8).write(to: file)
    }

    enum FixtureError: Error { case unencodable(String) }
}

/// A fresh temporary folder for one test.
func temporaryFolder(_ name: String = #function) throws -> URL {
    let url = FileManager.default.temporaryDirectory
        .appendingPathComponent("mmpipe-tests-\(ProcessInfo.processInfo.processIdentifier)")
        .appendingPathComponent(name.filter { $0.isLetter || $0.isNumber })
    try? FileManager.default.removeItem(at: url)
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}
