import CLibXML2
import Foundation
import MMModel

/// Streams a CDISC ODM 1.3.x `ClinicalData` file through libxml2's SAX2 push parser
/// (SPEC 4.2) into `RawRow`s:
/// one per `ItemGroupData`, in the table named by its OID (`IG.LABS` → `labs`), with one
/// column per `ItemData` (`IT.VALUE` → `value`) plus `patient_id` (`SubjectKey`) and
/// `site_id` (`SiteRef/@LocationOID`). `Provenance` carries the line of the `ItemGroupData`
/// and its XML path.
///
/// Safety (SPEC 4.2): DTDs and external entities are never loaded and entities never
/// substituted (`XML_PARSE_NONET`, no `NOENT`/`DTDLOAD`/`HUGE`); a document that declares
/// an entity or references one is refused with `ING-009` before any of it is expanded.
/// libxml2's errors go to a structured handler and become findings (`ING-008`), never
/// stderr; rows read before a fatal error are kept. A value over `maxFieldBytes` rejects its
/// row (`ING-007`) and reading goes on, however long the value (`ODMValueLimiter`); an
/// element libxml2 would have to buffer without bound (an attribute that never closes, a huge
/// comment) stops the file with `ING-007`. Any `DOCTYPE` is refused (`ING-009`).
///
/// Rows are named by line and XML path, the subject key masked (`SubjectKey='*'`, SPEC 7).
/// A row marked `TransactionType="Remove"` (or inside a removed subject, event or form), a row
/// repeating an ItemOID, and `ItemData` outside any `ItemGroupData` are refused with a
/// finding, never read as data nor dropped silently (issue 18).
///
/// SAX2 was chosen over `xmlTextReader` by measurement (docs/performance-readers.md: about
/// 1.8× less CPU on a 220 MB file; the text reader also parses ahead of the node it returns
/// and so loses the rows just before a fatal error).
public struct ODMFileReader: SourceReader {
    public var path: String
    public var limits: ReadLimits

    public init(path: String, limits: ReadLimits = ReadLimits()) {
        self.path = path
        self.limits = limits
    }

    /// Bytes read from the file per chunk.
    static let chunkSize = 1 << 20
    /// Parser options: no network, big line numbers; never NOENT, DTDLOAD or HUGE.
    static let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_BIG_LINES.rawValue)

    public func read(log: inout StageLog, _ body: (RawRow) -> Void) -> InputFileSummary {
        LibXML.initializeOnce()
        let name = (path as NSString).lastPathComponent
        var summary = InputFileSummary(path: path, name: name, format: "odm", tables: [], encoding: "UTF-8",
                                       delimiter: "", bytes: 0, rows: 0, rejectedRows: 0)
        let builder = ODMRowBuilder(fileName: name, limits: limits, log: log)
        log = StageLog()  // handed over to the builder; taken back below
        if let file = RawFile(path: path) {
            withoutActuallyEscaping(body) { escapable in
                builder.deliver = escapable
                let parsed = ODMSAXParser.parse(file, name: name, into: builder)
                summary.bytes = parsed.bytes
                if let declared = parsed.encoding, declared.uppercased() != "UTF-8" { summary.encoding = declared }
                builder.deliver = { _ in }
            }
            file.close()
            builder.finish()
        } else {
            builder.unreadable(reason: RawFile.whyUnreadable(path))
        }
        log = builder.log
        summary.tables = builder.tables
        summary.rows = builder.rows
        summary.rejectedRows = builder.rejectedRows
        return summary
    }
}

/// One-time libxml2 set-up, safe when readers start on several threads at once.
enum LibXML {
    private static let initialized: Bool = {
        xmlInitParser()
        return true
    }()

    static func initializeOnce() { _ = initialized }

    /// A one-line, trimmed version of a libxml2 error message.
    static func reason(_ error: UnsafePointer<xmlError>) -> String {
        guard let message = error.pointee.message else { return "error \(error.pointee.code)" }
        let text = String(cString: message).split(whereSeparator: \.isNewline).joined(separator: " ")
        return text.trimmingCharacters(in: .whitespaces)
    }

    /// Error codes that mean the document uses entities (refused, not "malformed").
    static func isEntityError(_ code: Int32) -> Bool {
        let entityCodes: [xmlParserErrors] = [XML_ERR_UNDECLARED_ENTITY, XML_WAR_UNDECLARED_ENTITY,
                                              XML_ERR_ENTITY_LOOP, XML_ERR_ENTITY_BOUNDARY,
                                              XML_ERR_UNPARSED_ENTITY, XML_ERR_EXT_ENTITY_STANDALONE,
                                              XML_ERR_ENTITY_PE_INTERNAL, XML_ERR_ENTITYREF_NO_NAME,
                                              XML_ERR_ENTITY_IS_EXTERNAL, XML_ERR_ENTITY_IS_PARAMETER,
                                              XML_ERR_ENTITY_NOT_STARTED, XML_ERR_ENTITY_NOT_FINISHED,
                                              XML_ERR_ENTITY_CHAR_ERROR, XML_ERR_ENTITY_PROCESSING,
                                              XML_ERR_NOT_STANDALONE, XML_ERR_PEREF_NO_NAME,
                                              XML_ERR_PEREF_SEMICOL_MISSING, XML_WAR_ENTITY_REDEFINED]
        return entityCodes.contains { Int32($0.rawValue) == code }
    }
}
