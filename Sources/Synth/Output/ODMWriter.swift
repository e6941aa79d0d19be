import MMModel

/// One site's CDISC ODM 1.3 `ClinicalData` file (SPEC 4.2): `SubjectData/@SubjectKey` =
/// patient_id, `SiteRef/@LocationOID` = site_id, one `ItemGroupData` per row (`IG.LABS`, …,
/// with `ItemGroupRepeatKey`) inside `StudyEventData`/`FormData`, one `ItemData` per
/// non-empty column (`IT.<COLUMN>`, `@Value`). Each ItemGroupData is one physical line so
/// that an injected error can be located by line. No DOCTYPE, no entities.
final class ODMWriter {
    let sink: ByteSink
    private(set) var rows = 0

    init(path: String, siteID: String, studyOID: String) throws(SynthError) {
        sink = try ByteSink(path: path)
        sink.ascii("<?xml version=\"1.0\" encoding=\"UTF-8\"?>")
        sink.newline(crlf: false)
        sink.ascii("<ODM xmlns=\"http://www.cdisc.org/ns/odm/v1.3\" ODMVersion=\"1.3.2\" FileType=\"Snapshot\" ")
        sink.ascii("FileOID=\"")
        attribute(studyOID + "." + siteID)
        // A fixed creation time keeps the output byte-identical (the data cut-off).
        sink.ascii("\" CreationDateTime=\"2025-06-30T00:00:00\">")
        sink.newline(crlf: false)
        sink.ascii("<ClinicalData StudyOID=\"")
        attribute(studyOID)
        sink.ascii("\" MetaDataVersionOID=\"MDV.1\">")
        sink.newline(crlf: false)
    }

    /// Writes one subject; `lines[t][i]` receives the physical line of row i of table t.
    func writeSubject(patientID: String, siteID: String, tables: [CellTable], lines: inout [[Int]]) {
        sink.ascii("<SubjectData SubjectKey=\"")
        attribute(patientID)
        sink.ascii("\">")
        sink.newline(crlf: false)
        sink.ascii("<SiteRef LocationOID=\"")
        attribute(siteID)
        sink.ascii("\"/>")
        sink.newline(crlf: false)
        sink.ascii("<StudyEventData StudyEventOID=\"SE.FOLLOWUP\">")
        sink.newline(crlf: false)
        for (ti, table) in tables.enumerated() {
            lines[ti].removeAll(keepingCapacity: true)
            guard table.rowCount > 0 else { continue }
            sink.ascii("<FormData FormOID=\"F.")
            sink.text(table.table.rawValue.uppercased())
            sink.ascii("\">")
            sink.newline(crlf: false)
            let unknownGroupRows = Set(table.marks.filter { $0.mark.rule == "ING-005" }.map(\.row))
            for r in 0..<table.rowCount {
                lines[ti].append(sink.line)
                sink.ascii("<ItemGroupData ItemGroupOID=\"")
                // An injected unknown table: a misspelt ItemGroupOID (the ODM form of a broken row).
                sink.text(unknownGroupRows.contains(r) ? "IG.LAB_RESULT" : table.table.itemGroupOID)
                sink.ascii("\" ItemGroupRepeatKey=\"")
                sink.int(r + 1)
                sink.ascii("\">")
                let range = table.range(ofRow: r)
                for (ci, cellIndex) in range.enumerated() where ci >= 2 && ci < table.columns.count {
                    let cell = table.cells[cellIndex]
                    if case .empty = cell { continue }
                    sink.ascii("<ItemData ItemOID=\"IT.")
                    sink.text(table.columns[ci].uppercased())
                    sink.ascii("\" Value=\"")
                    value(cell)
                    sink.ascii("\"/>")
                }
                sink.ascii("</ItemGroupData>")
                sink.newline(crlf: false)
                rows += 1
            }
            sink.ascii("</FormData>")
            sink.newline(crlf: false)
        }
        sink.ascii("</StudyEventData>")
        sink.newline(crlf: false)
        sink.ascii("</SubjectData>")
        sink.newline(crlf: false)
    }

    private func value(_ c: Cell) {
        switch c {
        case .empty: break
        case .int(let v): sink.int(v)
        case .decimal(let v, let p): sink.decimal(v, places: p, separator: UInt8(ascii: "."))
        case .day(let d): sink.day(d)
        case .text(let s): attribute(s)
        }
    }

    /// Attribute text with `& < > "` escaped.
    private func attribute(_ s: String) {
        var plain = true
        for b in s.utf8 where b == 38 || b == 60 || b == 62 || b == 34 { plain = false; break }
        if plain { sink.text(s); return }
        var out = ""
        for ch in s {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(ch)
            }
        }
        sink.text(out)
    }

    func close() throws(SynthError) {
        sink.ascii("</ClinicalData>")
        sink.newline(crlf: false)
        sink.ascii("</ODM>")
        sink.newline(crlf: false)
        try sink.close()
    }
}
