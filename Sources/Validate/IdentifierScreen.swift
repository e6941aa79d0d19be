import MMIngest
import MMModel

/// Screens a raw table for direct identifiers before mapping (`PHI-001`, SPEC 5 PHI; GDPR
/// art. 4(1), 89): column names that look like a name, tax code, phone, e-mail or address,
/// and values of other columns that look like a codice fiscale, an e-mail address or a
/// phone number. A flagged column's values are discarded: the finding names the column,
/// never a value (VALUE is empty), and nothing here copies a value anywhere.
public struct IdentifierScreen: Sendable {
    public init() {}

    /// Indices of columns to drop, with one finding (and one audit entry) per column.
    public func screen(header: ColumnHeader, table: String, file: InputFile, log: inout StageLog) -> Set<Int> {
        var flagged: Set<Int> = []
        for (i, name) in header.names.enumerated() where IdentifierColumns.looksLikeIdentifier(name) {
            flagged.insert(i)
            let header = Self.headerLocation(file)
            log.add(Finding(.PHI001, table: TableName(rawValue: table), location: header, field: name,
                            message: "\(header.source): column '\(name)' looks like a direct identifier; its values were discarded and never written anywhere — remove the column from the export."))
            log.record(AuditEntry(action: .reject, key: nil, table: table, source: header.source, field: name,
                                  rule: .catalogue(.PHI001)))
        }
        return flagged
    }

    /// Screens the values of one row (called for the first rows of each table) for identifier
    /// patterns (tax codes, e-mail addresses, phone numbers) in columns not flagged by name;
    /// returns the columns newly flagged, with one finding per column (never the value).
    public func screenValues(_ row: RawRow, skipping flagged: Set<Int>, file: InputFile, log: inout StageLog) -> Set<Int> {
        var newlyFlagged: Set<Int> = []
        for i in 0..<row.fieldCount where !flagged.contains(i) {
            let name = i < row.header.names.count ? row.header.names[i] : "column \(i + 1)"
            guard let kind = IdentifierPatterns.match(row.fieldBytes(i), allowPhone: !IdentifierColumns.isKeyColumn(name)) else {
                continue
            }
            newlyFlagged.insert(i)
            // The column was first reported as unknown (ING-010) when its header was read; now
            // that it is an identifier column, PHI-001 alone says what happened to it.
            // (ODM: at the row that first held the item, issue 12.)
            log.findings.removeAll { $0.rule == .ING010 && $0.field == name && $0.location.file == file.name }
            let source = row.provenance.source
            log.add(Finding(.PHI001, table: TableName(rawValue: row.table), location: .row(row.provenance), field: name,
                            message: "\(source): column '\(name)' holds values that look like \(kind.description); the column's values were discarded and never written anywhere — remove the column from the export."))
            log.record(AuditEntry(action: .reject, key: nil, table: row.table, source: source, field: name,
                                  rule: .catalogue(.PHI001)))
        }
        return newlyFlagged
    }

    /// The row with the fields of `columns` emptied, for the mapper: a flagged column's values
    /// must not reach a mapped field either (e.g. a tax code used as `patient_id`).
    public func redacting(_ row: RawRow, columns: Set<Int>) -> RawRow {
        guard !columns.isEmpty, columns.contains(where: { $0 < row.fieldCount }) else { return row }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(row.bytes.count)
        var ends: [Int32] = []
        ends.reserveCapacity(row.fieldCount)
        for i in 0..<row.fieldCount {
            if !columns.contains(i) { bytes.append(contentsOf: row.fieldBytes(i)) }
            ends.append(Int32(bytes.count))
        }
        var redacted = row
        redacted.bytes = bytes
        redacted.ends = ends
        return redacted
    }

    /// Where a file's header is: line 1 of a CSV file; an ODM file has no header line, so the file.
    static func headerLocation(_ file: InputFile) -> FindingLocation {
        file.format == .odm ? .file(file.name) : .row(Provenance(file: file.name, line: 1))
    }
}

/// Column names that look like direct identifiers (SPEC 5 PHI). Names are split into
/// lower-case words at separators and camelCase humps (`Codice_Fiscale`, `firstName`,
/// `IT.COGNOME`); reference columns (`patient_id`, `site_id`, `term`, `drug_name`) are not
/// identifiers.
public enum IdentifierColumns {
    /// Whole names (words joined) that are identifiers.
    static let exactNames: Set<String> = [
        "name", "names", "nome", "nominativo", "firstname", "lastname", "surname", "fullname", "givenname",
        "familyname", "middlename", "maidenname", "patientname", "ptname", "nomepaziente", "cognomepaziente",
        "initials", "iniziali", "codicefiscale", "cf", "cfpaziente", "taxcode", "taxid", "taxnumber", "fiscalcode",
        "ssn", "socialsecuritynumber", "nhsnumber", "nhsno", "phone", "phonenumber", "telephone", "telefono",
        "tel", "telno", "mobile", "mobilephone", "cellulare", "cellphone", "email", "emailaddress", "mail", "pec",
        "address", "indirizzo", "street", "streetaddress", "via", "cap", "zip", "zipcode", "postcode", "postalcode",
        "city", "citta", "cityofresidence", "comune", "comunediresidenza", "comuneresidenza", "residenza",
        "residence", "domicilio", "birthplace", "placeofbirth", "luogodinascita", "luogonascita", "fax",
        // Record numbers that name a person at the hospital (HIPAA's "medical record numbers").
        "mrn", "medicalrecordnumber", "hospitalnumber", "nosologico", "numeronosologico", "cartellaclinica",
        "tesserasanitaria", "healthcardnumber",
    ]
    /// Words that make any column an identifier, whatever else its name says.
    static let identifierWords: Set<String> = [
        "surname", "cognome", "initials", "iniziali", "phone", "telephone", "telefono", "cellulare", "cellphone",
        "email", "mail", "address", "indirizzo", "street", "ssn", "fiscale", "fiscal", "codicefiscale", "residence",
        "residenza", "domicilio", "nhs", "firstname", "lastname", "fullname", "zipcode", "postcode", "fax",
        "nominativo", "tessera", "nosologico",
    ]
    /// Words that, beside `name`/`nome`, still describe a person's name (`patient_name`,
    /// `nome_paziente`, `name_of_patient`); anything else (`drug_name`) is not a person.
    static let personWords: Set<String> = [
        "name", "names", "nome", "first", "last", "full", "given", "family", "middle", "maiden", "birth", "nick",
        "patient", "pt", "pz", "subject", "paziente", "of", "the", "del", "della", "di", "sur",
    ]
    /// Reference key columns: never phone numbers (numeric IDs would look like one).
    static let keyColumns: Set<String> = ["patientid", "siteid", "subjid", "subjectid", "recordid", "id", "usubjid"]

    /// True when `name` looks like a direct identifier column.
    public static func looksLikeIdentifier(_ name: String) -> Bool {
        let words = self.words(name)
        guard !words.isEmpty else { return false }
        let joined = words.joined()
        if exactNames.contains(joined) { return true }
        if words.contains(where: identifierWords.contains) { return true }
        if words.contains(where: { $0 == "name" || $0 == "nome" || $0 == "names" }),
           words.allSatisfy(personWords.contains) { return true }
        if words.contains("tax"), words.contains(where: { ["code", "id", "number", "no", "nr"].contains($0) }) { return true }
        if words.contains("tel") || words.contains("mobile") || words.contains("cell"),
           words.contains(where: { ["no", "nr", "num", "number", "numero", "phone"].contains($0) }) { return true }
        return false
    }

    static func isKeyColumn(_ name: String) -> Bool { keyColumns.contains(words(name).joined()) }

    /// Lower-case words of a column name: split at non-alphanumerics and lower→upper humps;
    /// an ODM `IT.` prefix is dropped.
    static func words(_ name: String) -> [String] {
        var words: [String] = []
        var current = ""
        var previousWasLower = false
        for ch in name {
            if ch.isLetter || ch.isNumber {
                if ch.isUppercase, previousWasLower, !current.isEmpty {
                    words.append(current)
                    current = ""
                }
                current.append(contentsOf: ch.lowercased())
                previousWasLower = ch.isLowercase
            } else {
                if !current.isEmpty { words.append(current) }
                current = ""
                previousWasLower = false
            }
        }
        if !current.isEmpty { words.append(current) }
        if words.count > 1, words[0] == "it", name.uppercased().hasPrefix("IT.") { words.removeFirst() }
        return words
    }
}
