import CLibXML2
import Foundation

/// The `xmlTextReader` driver of the ODM reader (the alternative, see `ODMParserVariant`):
/// pulls nodes one by one and walks each element's attributes. A DOCTYPE whose internal
/// subset declares entities, or an entity reference node, refuses the file (`ING-009`).
enum ODMTextReaderParser {
    /// Context for the structured error handler.
    final class Context {
        let builder: ODMRowBuilder
        /// The first fatal error: applied once the reader has handed over the nodes it
        /// parsed before it (the reader parses ahead of the node it returns).
        var pendingError: (line: Int, reason: String)?
        init(builder: ODMRowBuilder) { self.builder = builder }
    }

    static func parse(_ file: RawFile, name: String, into builder: ODMRowBuilder) -> Int {
        guard let reader = xmlReaderForFd(file.fd, name, nil, ODMFileReader.options) else {
            builder.unreadable(reason: "libxml2 could not open a reader")
            return 0
        }
        defer { xmlFreeTextReader(reader) }
        let context = Context(builder: builder)
        xmlTextReaderSetStructuredErrorHandler(reader, { ctx, error in
            guard let ctx, let error else { return }
            let context = Unmanaged<Context>.fromOpaque(ctx).takeUnretainedValue()
            let e = error.pointee
            let line = Int(e.line)
            if LibXML.isEntityError(e.code) {
                context.builder.forbid(line: line)
            } else if e.level.rawValue >= XML_ERR_ERROR.rawValue, context.pendingError == nil {
                context.pendingError = (line, LibXML.reason(error))
            }
        }, Unmanaged.passUnretained(context).toOpaque())

        // Attribute values are copied: the reader may reuse its buffer between calls.
        var values: [UInt8] = []
        var slots: [(name: Int, start: Int, count: Int)] = []
        let names: [StaticString] = ["SubjectKey", "LocationOID", "StudyEventOID", "StudyEventRepeatKey", "FormOID",
                                     "FormRepeatKey", "ItemGroupOID", "ItemGroupRepeatKey", "ItemOID", "Value",
                                     "IsNull"]
        while !builder.stopped, xmlTextReaderRead(reader) == 1 {
            let type = xmlTextReaderNodeType(reader)
            switch type {
            case Int32(XML_READER_TYPE_ELEMENT.rawValue):
                guard let local = ODMBytes.buffer(xmlTextReaderConstLocalName(reader)) else { continue }
                let element = ODMElement.classify(local)
                guard element != .other else { continue }
                let line = Int(xmlGetLineNo(xmlTextReaderCurrentNode(reader)))
                let empty = xmlTextReaderIsEmptyElement(reader) == 1
                values.removeAll(keepingCapacity: true)
                slots.removeAll(keepingCapacity: true)
                while xmlTextReaderMoveToNextAttribute(reader) == 1 {
                    guard let n = ODMBytes.buffer(xmlTextReaderConstLocalName(reader)),
                          let index = names.firstIndex(where: { ODMBytes.equal(n, $0) }),
                          let v = ODMBytes.buffer(xmlTextReaderConstValue(reader)) else { continue }
                    slots.append((index, values.count, v.count))
                    values.append(contentsOf: v)
                }
                xmlTextReaderMoveToElement(reader)
                values.withUnsafeBytes { base in
                    var a = ODMAttributes()
                    for s in slots {
                        a.set(UnsafeRawBufferPointer(start: names[s.name].utf8Start, count: names[s.name].utf8CodeUnitCount),
                              UnsafeRawBufferPointer(rebasing: base[s.start..<(s.start + s.count)]))
                    }
                    builder.start(element, a, line: line)
                }
                if empty { builder.end(element) }
            case Int32(XML_READER_TYPE_END_ELEMENT.rawValue):
                guard let local = ODMBytes.buffer(xmlTextReaderConstLocalName(reader)) else { continue }
                let element = ODMElement.classify(local)
                if element != .other { builder.end(element) }
            case Int32(XML_READER_TYPE_DOCUMENT_TYPE.rawValue):
                if let doc = xmlTextReaderCurrentDoc(reader), let dtd = doc.pointee.intSubset,
                   dtd.pointee.entities != nil || dtd.pointee.pentities != nil {
                    builder.forbid(line: Int(xmlGetLineNo(xmlTextReaderCurrentNode(reader))))
                }
            case Int32(XML_READER_TYPE_ENTITY_REFERENCE.rawValue), Int32(XML_READER_TYPE_ENTITY.rawValue):
                builder.forbid(line: Int(xmlGetLineNo(xmlTextReaderCurrentNode(reader))))
            default:
                continue
            }
        }
        if let error = context.pendingError { builder.malformed(line: error.line, reason: error.reason) }
        return Int(lseek(file.fd, 0, SEEK_CUR))
    }
}
