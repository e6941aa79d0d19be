import CLibXML2
import Foundation

/// The SAX2 push driver of the ODM reader: chunks of
/// the file go to `xmlParseChunk`; libxml2 calls back per element with attributes as
/// (localname, prefix, URI, value, end) pointers into its buffer — no tree, no copies.
/// Entity declarations and references stop the parser (`ING-009`); `getEntity` knows no
/// entity, so none can ever be expanded.
enum ODMSAXParser {
    /// Context handed to libxml2 as `userData`.
    final class Context {
        let builder: ODMRowBuilder
        var parser: xmlParserCtxtPtr?
        init(builder: ODMRowBuilder) { self.builder = builder }

        var line: Int {
            guard let parser else { return 0 }
            return Int(xmlSAX2GetLineNumber(parser))
        }

        func stop() {
            if let parser { xmlStopParser(parser) }
        }
    }

    /// Parses the whole file; returns the bytes read and the encoding the XML declaration
    /// names (libxml2 hands every value over as UTF-8 whatever it is).
    static func parse(_ file: RawFile, name: String, into builder: ODMRowBuilder) -> (bytes: Int, encoding: String?) {
        let context = Context(builder: builder)
        let userData = Unmanaged.passUnretained(context).toOpaque()
        var sax = handler()
        guard let parser = xmlCreatePushParserCtxt(&sax, userData, nil, 0, name) else {
            builder.unreadable(reason: "libxml2 could not create a parser")
            return (0, nil)
        }
        defer { xmlFreeParserCtxt(parser) }
        context.parser = parser
        xmlCtxtUseOptions(parser, ODMFileReader.options)

        // The most unparsed input libxml2 may hold: a row's worth of attributes, generously.
        let pendingLimit = max(2 * builder.limits.maxRowBytes, 4 << 20) + ODMFileReader.chunkSize
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: ODMFileReader.chunkSize, alignment: 16)
        defer { buffer.deallocate() }
        var total = 0
        // One oversized value rejects its row only (issue 18.9): the limiter cuts it short.
        var limiter = ODMValueLimiter(limit: builder.limits.maxFieldBytes)
        let feed = { (piece: UnsafeRawBufferPointer) in
            guard !builder.stopped, let base = piece.baseAddress else { return }
            xmlParseChunk(parser, base.assumingMemoryBound(to: CChar.self), Int32(piece.count), 0)
        }
        while !builder.stopped {
            let n = file.read(into: buffer, count: ODMFileReader.chunkSize)
            if n < 0 {
                builder.unreadable(reason: String(cString: strerror(errno)))
                return (total, nil)
            }
            total += n
            if n == 0 {
                if limiter.endsInsideOversizedValue {
                    // A value over the limit that never closes: the rest of the file is that value.
                    builder.oversizedInput(line: context.line, limit: builder.limits.maxFieldBytes)
                    break
                }
                limiter.finish(feed: feed)
                if !builder.stopped { xmlParseChunk(parser, nil, 0, 1) }
                break
            }
            limiter.filter(UnsafeRawBufferPointer(start: buffer, count: n), feed: feed)
            // In push mode libxml2 keeps input until the token in progress (a start tag with
            // its attributes, a comment) is complete: bound what it may hold.
            if let input = parser.pointee.input, let cur = input.pointee.cur, let end = input.pointee.end,
               end - cur > pendingLimit {
                builder.oversizedInput(line: context.line, limit: pendingLimit)
                break
            }
        }
        return (total, parser.pointee.encoding.map { String(cString: $0) })
    }

    /// The SAX2 handler: only the callbacks the reader needs; everything else (characters,
    /// tree building, DTD loading) stays off.
    static func handler() -> xmlSAXHandler {
        var sax = xmlSAXHandler()
        sax.initialized = UInt32(XML_SAX2_MAGIC)
        sax.startElementNs = { ctx, localname, _, _, _, _, count, _, attributes in
            guard let ctx, let name = ODMBytes.buffer(localname) else { return }
            let context = Unmanaged<Context>.fromOpaque(ctx).takeUnretainedValue()
            let element = ODMElement.classify(name)
            guard element != .other else { return }
            var a = ODMAttributes()
            if let attributes {
                for i in 0..<Int(count) {
                    // Five pointers per attribute: localname, prefix, URI, value, end.
                    guard let n = ODMBytes.buffer(attributes[i * 5]), let v = attributes[i * 5 + 3],
                          let e = attributes[i * 5 + 4] else { continue }
                    a.set(n, UnsafeRawBufferPointer(start: v, count: e - v))
                }
            }
            context.builder.start(element, a, line: context.line)
        }
        sax.endElementNs = { ctx, localname, _, _ in
            guard let ctx, let name = ODMBytes.buffer(localname) else { return }
            let element = ODMElement.classify(name)
            guard element != .other else { return }
            Unmanaged<Context>.fromOpaque(ctx).takeUnretainedValue().builder.end(element)
        }
        sax.entityDecl = { ctx, _, _, _, _, _ in
            guard let ctx else { return }
            let context = Unmanaged<Context>.fromOpaque(ctx).takeUnretainedValue()
            context.builder.forbid(line: context.line)
            context.stop()
        }
        sax.reference = { ctx, _ in
            guard let ctx else { return }
            let context = Unmanaged<Context>.fromOpaque(ctx).takeUnretainedValue()
            context.builder.forbid(line: context.line)
            context.stop()
        }
        // Any DOCTYPE (internal subset or `SYSTEM`/`PUBLIC` external one) is refused: SPEC 4.2
        // "DTDs … are never loaded", and an ODM export has no reason to declare one.
        sax.internalSubset = { ctx, _, _, _ in
            guard let ctx else { return }
            let context = Unmanaged<Context>.fromOpaque(ctx).takeUnretainedValue()
            context.builder.forbid(line: context.line)
            context.stop()
        }
        sax.getEntity = { _, _ in nil }
        sax.getParameterEntity = { _, _ in nil }
        sax.resolveEntity = { _, _, _ in nil }
        sax.serror = { ctx, error in
            guard let ctx, let error else { return }
            let context = Unmanaged<Context>.fromOpaque(ctx).takeUnretainedValue()
            ODMSAXParser.report(error, to: context)
        }
        return sax
    }

    /// A libxml2 error: entity errors refuse the file, other errors and fatal errors make
    /// it malformed; warnings are ignored.
    static func report(_ error: UnsafePointer<xmlError>, to context: Context) {
        let e = error.pointee
        if e.code == Int32(XML_ERR_USER_STOP.rawValue) { return }
        let line = e.line > 0 ? Int(e.line) : context.line
        if LibXML.isEntityError(e.code) {
            context.builder.forbid(line: line)
            context.stop()
            return
        }
        guard e.level.rawValue >= XML_ERR_ERROR.rawValue else { return }
        context.builder.malformed(line: line, reason: LibXML.reason(error))
        context.stop()
    }
}
