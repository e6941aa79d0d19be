import MMIngest
import MMModel
import Testing
@testable import MMValidate

/// `PHI-001` (SPEC 5 PHI): identifier columns are flagged by name or by value, with VALUE
/// empty, and their values appear in no finding or audit entry.
@Suite struct IdentifierScreenTests {
    static func row(_ header: ColumnHeader, _ fields: [String], table: String = "patients", line: Int = 2) -> RawRow {
        var bytes: [UInt8] = []
        var ends: [Int32] = []
        for f in fields {
            bytes.append(contentsOf: Array(f.utf8))
            ends.append(Int32(bytes.count))
        }
        return RawRow(table: table, header: header, bytes: bytes, ends: ends, provenance: Provenance(file: "\(table).csv", line: line))
    }

    @Test func surnameAndTaxCodeColumnsAreFlaggedWithoutValues() {
        let header = ColumnHeader(names: ["patient_id", "site_id", "cognome", "codice_fiscale", "sex", "birth_date"])
        var log = StageLog()
        let flagged = IdentifierScreen().screen(header: header, table: "patients", file: InputFile(path: "patients.csv", format: .csv), log: &log)
        #expect(flagged == [2, 3])
        #expect(log.expected == [
            Expected(.PHI001, "cognome", "", "patients.csv:1"),
            Expected(.PHI001, "codice_fiscale", "", "patients.csv:1"),
        ])
        #expect(log.findings.allSatisfy { $0.message.contains("discarded") && $0.message.contains("remove the column") })

        // The values of the flagged columns never reach a finding or the audit trail.
        let values = ["Rossi", "RSSMRA85T10A562S"]
        let r = Self.row(header, ["P001", "S01", "Rossi", "RSSMRA85T10A562S", "M", "1985-12-10"])
        _ = IdentifierScreen().screenValues(r, skipping: flagged, file: InputFile(path: "patients.csv", format: .csv), log: &log)
        #expect(log.findings.count == 2, "no new column flagged")
        for f in log.findings {
            for v in values { #expect(!f.message.contains(v) && !f.value.contains(v) && !f.field.contains(v)) }
            #expect(!f.message.contains("1985-12-10"))
        }
        for a in log.audit { for v in values { #expect(!a.before.contains(v) && !a.after.contains(v)) } }
    }

    @Test func odmHeaderFindingNamesTheFile() {
        var log = StageLog()
        let flagged = IdentifierScreen().screen(header: ColumnHeader(names: ["patient_id", "nome"]), table: "patients",
                                                file: InputFile(path: "site03.xml", format: .odm), log: &log)
        #expect(flagged == [1])
        #expect(log.expected == [Expected(.PHI001, "nome", "", "site03.xml")])
    }

    @Test(arguments: ["name", "First Name", "lastName", "surname", "Cognome", "nome", "nome_paziente", "patient_name",
                      "Full-Name", "initials", "Iniziali", "CF", "cf", "codice fiscale", "CodiceFiscale", "tax_code",
                      "fiscal_code", "ssn", "NHS_number", "phone", "phone_number", "telefono", "tel", "mobile",
                      "cellulare", "email", "e_mail", "E-Mail", "mail", "address", "indirizzo", "street", "via", "cap",
                      "zip", "postcode", "city_of_residence", "comune_di_residenza", "domicilio", "IT.COGNOME", "MRN",
                      "tessera_sanitaria", "luogo_di_nascita", "patient_initials"])
    func identifierNames(_ name: String) {
        #expect(IdentifierColumns.looksLikeIdentifier(name))
    }

    @Test(arguments: ["patient_id", "site_id", "term", "drug", "drug_name", "test", "test_name", "value", "unit", "date",
                      "regimen", "start_date", "end_date", "site_line", "heavy_chain", "light_chain", "birth_date",
                      "diagnosis_date", "death_date", "last_contact_date", "result", "method", "abnormality", "response",
                      "crab", "related", "serious", "grade", "cycles", "stop_reason", "setting", "progression_type",
                      "new_lesion", "plasmacytoma", "ecog", "weight_kg", "height_cm", "sex", "lln", "uln", "onset_date",
                      "iss", "riss", "site_name", "IT.PATIENT_ID", "capacity", "viable"])
    func referenceColumnsAreNotIdentifiers(_ name: String) {
        #expect(!IdentifierColumns.looksLikeIdentifier(name))
    }

    struct ValueCase: Sendable, CustomStringConvertible {
        var value: String
        var kind: String?
        var description: String { value }
    }

    @Test(arguments: [
        ValueCase(value: "RSSMRA85T10A562S", kind: "tax codes"),
        ValueCase(value: "rssmra85t10a562s", kind: "tax codes"),
        ValueCase(value: "CF: RSSMRA85T10A562S", kind: "tax codes"),
        ValueCase(value: "RSSMRA85T10A56NS", kind: "tax codes"),  // omocodia
        ValueCase(value: "mario.rossi@example.it", kind: "e-mail"),
        ValueCase(value: "write to <m.rossi@ospedale.org>", kind: "e-mail"),
        ValueCase(value: "+39 333 1234567", kind: "phone"),
        ValueCase(value: "333 123 4567", kind: "phone"),
        ValueCase(value: "3331234567", kind: "phone"),
        ValueCase(value: "0461-123456", kind: "phone"),
        ValueCase(value: "0039 06 12345678", kind: "phone"),
        ValueCase(value: "2024-01-15", kind: nil),
        ValueCase(value: "15/01/2024", kind: nil),
        ValueCase(value: "123456789", kind: nil),
        ValueCase(value: "0.000012345", kind: nil),
        ValueCase(value: "250000", kind: nil),
        ValueCase(value: "1e-5", kind: nil),
        ValueCase(value: "Neutropenia", kind: nil),
        ValueCase(value: "RSSMRA85T10A562", kind: nil),  // 15 characters
        ValueCase(value: "a@b", kind: nil),
    ])
    func valuePatterns(_ c: ValueCase) {
        let kind = IdentifierPatterns.match(Array(c.value.utf8))
        if let expected = c.kind {
            #expect(kind?.description.contains(expected) == true, "\(String(describing: kind))")
        } else {
            #expect(kind == nil)
        }
    }

    @Test func valueScreenFlagsAnUnflaggedColumnOncePerColumnWithoutTheValue() {
        let header = ColumnHeader(names: ["patient_id", "site_id", "term", "note", "contact"])
        var log = StageLog()
        let screen = IdentifierScreen()
        var flagged = screen.screen(header: header, table: "adverse_events", file: InputFile(path: "adverse_events.csv", format: .csv), log: &log)
        #expect(flagged.isEmpty && log.findings.isEmpty)
        let values = [("RSSMRA85T10A562S", "mario.rossi@example.it"), ("VRDLGU80A01H501X", "l.verdi@example.it")]
        for (i, (cf, mail)) in values.enumerated() {
            let r = Self.row(header, ["P00\(i)", "S01", "Anaemia", cf, mail], table: "adverse_events", line: 2 + i)
            flagged.formUnion(screen.screenValues(r, skipping: flagged, file: InputFile(path: "adverse_events.csv", format: .csv), log: &log))
        }
        #expect(flagged == [3, 4])
        #expect(log.expected == [
            Expected(.PHI001, "note", "", "adverse_events.csv:2"),
            Expected(.PHI001, "contact", "", "adverse_events.csv:2"),
        ])
        for f in log.findings {
            for (cf, mail) in values { #expect(!f.message.contains(cf) && !f.message.contains(mail)) }
        }
    }

    /// An unknown column is first reported as ignored (ING-010, by the mapper); once its values
    /// show it is an identifier column, PHI-001 alone stands for it (no ING-010 beside it),
    /// while the ING-010 of another column is kept.
    @Test func valueFlaggedColumnLosesItsUnknownColumnFinding() {
        let header = ColumnHeader(names: ["patient_id", "site_id", "term", "contatto", "nota"])
        var log = StageLog()
        for column in ["contatto", "nota"] {
            log.add(Finding(.ING010, table: .adverseEvents, location: .row(Provenance(file: "adverse_events.csv", line: 1)),
                            field: column, message: "ignored"))
        }
        let r = Self.row(header, ["P001", "S01", "Anaemia", "mario.rossi@example.it", "ok"], table: "adverse_events")
        #expect(IdentifierScreen().screenValues(r, skipping: [], file: InputFile(path: "adverse_events.csv", format: .csv), log: &log) == [3])
        #expect(log.expected == [
            Expected(.ING010, "nota", "", "adverse_events.csv:1"),
            Expected(.PHI001, "contatto", "", "adverse_events.csv:2"),
        ])
    }

    /// The ING-010 removed is found by its typed location: the column's finding in this file
    /// (the CSV header, or the ODM row that first held the item) goes; the same column's
    /// finding in another file stays, with its own PHI-001 to come when that file is screened.
    @Test func unknownColumnFindingIsRemovedByTheFileItPointsAt() {
        let header = ColumnHeader(names: ["patient_id", "site_id", "term", "contatto"])
        let odmRow = Provenance(file: "site.odm", line: 12, xmlPath: "SubjectData[@SubjectKey='*']/ItemGroupData[@ItemGroupOID='IG.ADVERSE_EVENTS']")
        for (file, at) in [(InputFile(path: "uploads/S01/ae.csv", format: .csv), Provenance(file: "ae.csv", line: 1)),
                           (InputFile(path: "site.odm", format: .odm), odmRow)] {
            var log = StageLog()
            log.add(Finding(.ING010, table: .adverseEvents, location: .row(at), field: "contatto", message: "ignored"))
            log.add(Finding(.ING010, table: .adverseEvents, location: .row(Provenance(file: "ae-2.csv", line: 1)),
                            field: "contatto", message: "ignored"))
            log.add(Finding(.ING010, table: .adverseEvents, location: .file(file.name + ".bak"), field: "contatto",
                            message: "ignored"))
            var r = Self.row(header, ["P001", "S01", "Anaemia", "mario.rossi@example.it"], table: "adverse_events")
            r.provenance = Provenance(file: file.name, line: 13)
            #expect(IdentifierScreen().screenValues(r, skipping: [], file: file, log: &log) == [3])
            #expect(log.expected == [
                Expected(.ING010, "contatto", "", "ae-2.csv:1"),
                Expected(.ING010, "contatto", "", file.name + ".bak"),
                Expected(.PHI001, "contatto", "", "\(file.name):13"),
            ], "\(file.name)")
        }
    }

    /// An ODM file's header has no line: an identifier column is reported at the file, whatever
    /// the extension's case or spelling (`.XML`, `.odm`), as `InputFile.format` says.
    @Test(arguments: [InputFile(path: "SITE03.XML", format: .odm), InputFile(path: "site03.odm", format: .odm),
                      InputFile(path: "site03.csv", format: .csv)])
    func headerLocationFollowsTheFileFormat(_ file: InputFile) {
        var log = StageLog()
        _ = IdentifierScreen().screen(header: ColumnHeader(names: ["patient_id", "nome"]), table: "patients", file: file,
                                      log: &log)
        let expected = file.format == .odm ? file.name : file.name + ":1"
        #expect(log.findings.map(\.source) == [expected])
        #expect(log.audit.map(\.source) == [expected])
        #expect(log.audit.map(\.rule) == [.catalogue(.PHI001)])
    }

    /// A numeric subject ID is not a phone number; a tax code used as subject ID is flagged.
    @Test func keyColumnsAreScreenedForTaxCodesOnly() {
        let header = ColumnHeader(names: ["patient_id", "site_id"])
        var log = StageLog()
        let screen = IdentifierScreen()
        #expect(screen.screenValues(Self.row(header, ["3331234567", "S01"]), skipping: [], file: InputFile(path: "patients.csv", format: .csv), log: &log).isEmpty)
        #expect(screen.screenValues(Self.row(header, ["RSSMRA85T10A562S", "S01"]), skipping: [], file: InputFile(path: "patients.csv", format: .csv), log: &log) == [0])
    }

    @Test func redactingEmptiesOnlyTheFlaggedFields() {
        let header = ColumnHeader(names: ["patient_id", "cognome", "sex"])
        let r = Self.row(header, ["P001", "Rossi", "M"])
        let redacted = IdentifierScreen().redacting(r, columns: [1])
        #expect((0..<3).map { redacted.string($0) } == ["P001", "", "M"])
        #expect(!String(decoding: redacted.bytes, as: UTF8.self).contains("Rossi"))
        #expect(IdentifierScreen().redacting(r, columns: []).bytes == r.bytes)
    }
}
