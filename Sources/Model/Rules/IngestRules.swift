extension Rule {
    public static let ING001 = Rule("ING-001", .error, title: "Unreadable file",
        description: "The file cannot be opened or read.", source: "SPEC 5 ING",
        fix: "Re-export the file and upload it again.")
    public static let ING002 = Rule("ING-002", .info, title: "Encoding not UTF-8",
        description: "The file is not valid UTF-8 and was read as Windows-1252; a UTF-16 file is not read at all (then an ERROR).", source: "SPEC 4.1",
        fix: "Export as UTF-8 next time; check accented characters were read correctly.")
    public static let ING003 = Rule("ING-003", .error, title: "Ragged row",
        description: "A row has a different number of fields from the header; the row is rejected.",
        source: "SPEC 5 ING", fix: "Check the delimiter and the quoting of this row and re-export.")
    public static let ING004 = Rule("ING-004", .error, title: "Missing required column",
        description: "A required column of the table is absent; the table's rows cannot be used.",
        source: "SPEC 4.1", fix: "Add the column with its reference name (or map it in the pipeline file).")
    public static let ING005 = Rule("ING-005", .error, title: "Unknown table",
        description: "The file or ItemGroupOID does not name a table of the reference layout.",
        source: "SPEC 4.1/4.2", fix: "Name the file after its table (e.g. labs.csv) or map it in the pipeline file.")
    public static let ING006 = Rule("ING-006", .error, title: "Duplicate header",
        description: "A column name appears twice in the header; the file is rejected (ODM: an ItemGroupData holding an ItemOID twice; that row is rejected).",
        source: "SPEC 5 ING", fix: "Rename or remove the repeated column.")
    public static let ING007 = Rule("ING-007", .error, title: "Oversized field",
        description: "A field or row exceeds the size limit and was refused.",
        source: "SPEC 5 ING, safety", fix: "Check the export: a quote is probably not closed.")
    public static let ING008 = Rule("ING-008", .error, title: "Malformed file",
        description: "The file is not well-formed CSV or XML from this point on.",
        source: "SPEC 5 ING", fix: "Re-export the file; do not edit it by hand.")
    public static let ING009 = Rule("ING-009", .error, title: "Forbidden XML construct",
        description: "The XML declares a DTD, an external entity or an entity expansion; it is refused for safety.",
        source: "SPEC 4.2", fix: "Export plain ODM without DOCTYPE or entities.")
    public static let ING010 = Rule("ING-010", .info, title: "Unknown column ignored",
        description: "A column that is not part of the table's layout was ignored.",
        source: "SPEC 4.1", fix: "Remove the column or map it in the pipeline file.")
    public static let ING011 = Rule("ING-011", .error, title: "Empty file",
        description: "The file has no header row.", source: "SPEC 4.1",
        fix: "Re-export the table with its header row.")
    public static let ING012 = Rule("ING-012", .warning, title: "Same file given twice",
        description: "A file with the same SHA-256 as another input was given again; it is read once.",
        source: "SPEC 4", fix: "Give each file once (check for copies in the upload folders).")
    public static let ING013 = Rule("ING-013", .error, title: "Slash dates in another format",
        description: "The file's a/b/yyyy dates prove a format other than the pipeline file's (a first part > 12 under MM/DD, a second part > 12 under DD/MM); none of its slash dates is used.",
        source: "SPEC 4.3", fix: "Declare the file's date format under input.date_formats in the pipeline file, or re-export the dates as YYYY-MM-DD.")
    public static let ING014 = Rule("ING-014", .info, title: "Table with no rows",
        description: "The file has its header row but no data row (e.g. no FISH done yet at the site).",
        source: "SPEC 4.1", fix: "Nothing to do if the site has no such data; otherwise re-export the table with its rows.")
    public static let ING015 = Rule("ING-015", .error, title: "ODM content not read as data",
        description: "An ODM row marked TransactionType=\"Remove\" (itself, an item, or its subject, event or form) asks to delete data, which a snapshot cannot apply; an ItemData outside any ItemGroupData belongs to no row. Either is refused, never kept as data.",
        source: "SPEC 4.2, SPEC 5", fix: "Export a snapshot of the current data (FileType=\"Snapshot\") with every ItemData inside its ItemGroupData.")

    public static let ingestRules: [Rule] = [ING001, ING002, ING003, ING004, ING005, ING006, ING007, ING008,
                                             ING009, ING010, ING011, ING012, ING013, ING014, ING015]
}
