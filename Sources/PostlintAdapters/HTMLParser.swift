// The only file that imports libxml2. It drives libxml2's HTML parser through SAX callbacks
// (no DOM is built), records the byte offset of every event, and returns plain Swift values.
import CLibXML2

/// Parses HTML fragments with libxml2 and returns a flat, position-annotated view of them.
public enum HTMLParser {
    static let initialized: Bool = {
        xmlInitParser()
        return true
    }()

    /// Parses `bytes` as HTML. Offsets in the result are `baseOffset` plus offsets into `bytes`.
    ///
    /// The parser never touches the network, never prints, ignores encoding declarations in the
    /// markup (the input is always UTF-8), and recovers from every error, which it reports.
    ///
    /// The bytes in `blanking` (offsets as in the result), but for line breaks, are read as
    /// spaces. They are blanked in libxml2's own copy of the text: a second copy of a big post
    /// was more memory than the post's parse.
    ///
    /// The runs of `shortening` (offsets as in the result; each must be blanked too) of 64 bytes
    /// or more are read as one space each, offsets in the result still the file's: a text that
    /// runs over one holds fewer spaces than the file. For runs that no tag can hold and after
    /// which no text is read by its own offsets: a Markdown post's code blocks, most of what
    /// libxml2 would read of a code-heavy post (Liquid, which an attribute may hold, stays).
    public static func parse(_ bytes: ArraySlice<UInt8>, baseOffset: Int = 0, blanking: [Range<Int>] = [], shortening: [Range<Int>] = []) -> HTMLDocument {
        precondition(initialized)
        guard !bytes.isEmpty else { return HTMLDocument(elements: [], texts: [], comments: [], issues: []) }
        let relative = { (ranges: [Range<Int>]) in ranges.map { ($0.lowerBound - baseOffset)..<($0.upperBound - baseOffset) }.map { $0.clamped(to: 0..<bytes.count) } }
        let blanks = apart(relative(blanking))
        if !shortening.isEmpty, let shortened = bytes.withUnsafeBufferPointer({ ShortenedBlanks($0, blanks: blanks, shortening: apart(relative(shortening))) }) {
            return parse(shortened.bytes[...], blanks: []) { baseOffset + shortened.original($0) }
        }
        return parse(bytes, blanks: blanks) { baseOffset + $0 }
    }

    /// How every page is read: recovering from every error without a word about it, never
    /// touching the network, adding no elements the markup lacks, ignoring encoding declarations.
    static let options = Int32(HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NOERROR.rawValue
        | HTML_PARSE_NOWARNING.rawValue | HTML_PARSE_NONET.rawValue
        | HTML_PARSE_NOIMPLIED.rawValue | HTML_PARSE_NODEFDTD.rawValue
        | HTML_PARSE_IGNORE_ENC.rawValue)

    /// An element's name as libxml2 hands it over, lowercase.
    static func lowercased(_ name: UnsafePointer<xmlChar>) -> String {
        let bytes = UnsafeBufferPointer(start: name, count: Int(xmlStrlen(name)))
        guard bytes.contains(where: { $0 >= 65 && $0 <= 90 }) else { return String(decoding: bytes, as: UTF8.self) }
        return String(decoding: bytes.map { $0 >= 65 && $0 <= 90 ? $0 + 32 : $0 }, as: UTF8.self)
    }

    /// A start tag's attributes as libxml2 hands them over: names and values as written.
    static func attributes(_ atts: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?) -> [HTMLAttribute] {
        var attributes: [HTMLAttribute] = []
        if var cursor = atts {
            while let name = cursor.pointee {
                attributes.append(HTMLAttribute(name: String(cString: name), value: cursor.advanced(by: 1).pointee.map { String(cString: $0) }))
                cursor = cursor.advanced(by: 2)
            }
        }
        return attributes
    }

    /// `place` turns an offset into `bytes` into the file's.
    private static func parse(_ bytes: ArraySlice<UInt8>, blanks: [Range<Int>], place: @escaping (Int) -> Int) -> HTMLDocument {
        let builder = HTMLTreeBuilder(place: place)
        builder.blanks = blanks
        var blanked = true
        bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) { chars in
                guard let ctxt = htmlCreateMemoryParserCtxt(chars, Int32(clamping: buffer.count)) else { return }
                defer { htmlFreeParserCtxt(ctxt) }
                htmlCtxtUseOptions(ctxt, options)
                if !builder.blanks.isEmpty {
                    // libxml2's copy of the text, before it has read any of it.
                    guard let input = ctxt.pointee.input, let base = input.pointee.base, input.pointee.end - base == buffer.count else {
                        blanked = false
                        return
                    }
                    let text = UnsafeMutablePointer(mutating: base)
                    for range in builder.blanks {
                        for offset in range where text[offset] != 0x0A && text[offset] != 0x0D { text[offset] = 0x20 }
                    }
                }
                // Without this libxml2 guesses ISO-8859-1 at the first non-ASCII byte.
                xmlSwitchEncoding(ctxt, XML_CHAR_ENCODING_UTF8)
                install(on: ctxt)
                builder.source = buffer
                let box = Unmanaged.passUnretained(builder)
                ctxt.pointee._private = box.toOpaque()
                _ = htmlParseDocument(ctxt)
                builder.source = nil
            }
        }
        guard blanked else {
            // Never seen: libxml2 did not hold the text as one buffer. Blanked in a copy instead.
            var copy = Array(bytes)
            for range in builder.blanks { for offset in range where copy[offset] != 0x0A && copy[offset] != 0x0D { copy[offset] = 0x20 } }
            return parse(copy[...], blanks: [], place: place)
        }
        return builder.finish()
    }

    /// `ranges` sorted, without empty ones, and those that touch or overlap merged.
    private static func apart(_ ranges: [Range<Int>]) -> [Range<Int>] {
        var merged: [Range<Int>] = []
        for range in ranges.filter({ !$0.isEmpty }).sorted(by: { $0.lowerBound < $1.lowerBound }) {
            if let last = merged.last, range.lowerBound <= last.upperBound {
                merged[merged.count - 1] = last.lowerBound..<max(last.upperBound, range.upperBound)
            } else {
                merged.append(range)
            }
        }
        return merged
    }

    private static func install(on ctxt: htmlParserCtxtPtr) {
        guard let sax = ctxt.pointee.sax else { return }
        var handler = xmlSAXHandler()
        handler.initialized = XML_SAX2_MAGIC
        handler.startElement = { ctx, name, atts in
            guard let (ctxt, builder) = parserContext(ctx), let name else { return }
            builder.start(name: HTMLParser.lowercased(name), attributes: HTMLParser.attributes(atts), at: consumed(ctxt))
        }
        handler.endElement = { ctx, name in
            guard let (ctxt, builder) = parserContext(ctx), let name else { return }
            builder.end(name: HTMLParser.lowercased(name), at: consumed(ctxt))
        }
        let characters: charactersSAXFunc = { ctx, chars, length in
            guard let (ctxt, builder) = parserContext(ctx), let chars, length > 0 else { return }
            let text = chars.withMemoryRebound(to: UInt8.self, capacity: Int(length)) {
                String(decoding: UnsafeBufferPointer(start: $0, count: Int(length)), as: UTF8.self)
            }
            builder.text(text, endingAt: consumed(ctxt))
        }
        handler.characters = characters
        handler.cdataBlock = characters
        handler.ignorableWhitespace = characters
        handler.comment = { ctx, value in
            guard let (ctxt, builder) = parserContext(ctx) else { return }
            builder.comment(value.map { String(cString: $0) } ?? "", endingAt: consumed(ctxt))
        }
        handler.serror = { ctx, error in
            guard let error, let ctxPointer = error.pointee.ctxt else { return }
            let ctxt = ctxPointer.assumingMemoryBound(to: xmlParserCtxt.self)
            guard let raw = ctxt.pointee._private else { return }
            let builder = Unmanaged<HTMLTreeBuilder>.fromOpaque(raw).takeUnretainedValue()
            let message = error.pointee.message.map { String(cString: $0) } ?? "parse error"
            builder.issue(
                code: Int(error.pointee.code),
                message: message.trimmingSuffix(),
                at: consumed(ctxt))
        }
        sax.pointee = handler
    }

}

/// An HTML page read by libxml2's HTML parser in one pass, each event handed on as it comes,
/// without a document: for readers that need no offsets, tags or tree (what a reader sees of a
/// page). Elements nest as in `HTMLParser.parse`'s document (`OpenElements`), and the parser
/// reads as it does there, so a page read either way hands on the same events.
public enum HTMLStream {
    /// Reads `bytes` (UTF-8) into `events`: element names lowercase, attributes as written,
    /// every element ended, the innermost first, by the time this returns.
    public static func read(_ bytes: ArraySlice<UInt8>, into events: some XMLEvents) {
        precondition(HTMLParser.initialized)
        guard !bytes.isEmpty else { return }
        let box = HTMLStreamBox(events)
        var handler = xmlSAXHandler()
        handler.initialized = XML_SAX2_MAGIC
        handler.startElement = { ctx, name, atts in
            guard let box = HTMLStreamBox.of(ctx), let name else { return }
            box.start(HTMLParser.lowercased(name), attributes: HTMLParser.attributes(atts))
        }
        handler.endElement = { ctx, name in
            guard let box = HTMLStreamBox.of(ctx), let name else { return }
            box.end(HTMLParser.lowercased(name))
        }
        let characters: charactersSAXFunc = { ctx, chars, length in
            guard let box = HTMLStreamBox.of(ctx), let chars, length > 0 else { return }
            box.events.text(UnsafeBufferPointer(start: chars, count: Int(length)))
        }
        handler.characters = characters
        handler.cdataBlock = characters
        handler.ignorableWhitespace = characters
        parse(bytes, with: handler, carrying: box)
        box.finish()
    }
}

extension HTMLStream {
    /// Reads `bytes` with libxml2's HTML parser as `HTMLParser.parse` does, handing `handler`'s
    /// callbacks `context` as the parser's `_private`.
    fileprivate static func parse(_ bytes: ArraySlice<UInt8>, with handler: xmlSAXHandler, carrying context: AnyObject) {
        bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) { chars in
                guard let ctxt = htmlCreateMemoryParserCtxt(chars, Int32(clamping: buffer.count)) else { return }
                defer { htmlFreeParserCtxt(ctxt) }
                htmlCtxtUseOptions(ctxt, HTMLParser.options)
                xmlSwitchEncoding(ctxt, XML_CHAR_ENCODING_UTF8)
                guard let sax = ctxt.pointee.sax else { return }
                sax.pointee = handler
                ctxt.pointee._private = Unmanaged.passUnretained(context).toOpaque()
                _ = withExtendedLifetime(context) { htmlParseDocument(ctxt) }
            }
        }
    }
}

extension HTMLStream {
    /// Whether libxml2's HTML parser, reading `bytes` at the start of a page, has closed every
    /// element they open by the time it reaches their end (in a tag, a comment or a script's text
    /// they would not be ended either), and they hold no `html`, `head` or `body` tag: libxml2
    /// reads those by where the page has got to (a second `<body>` is dropped, and with it the
    /// `</body>` that would end it), so they can read otherwise after other HTML. Other HTML
    /// such bytes leave the parser with nothing open, as they found it: what follows them is
    /// read as if they were not there, and they are read alike after any other such HTML.
    public static func closesEverything(_ bytes: ArraySlice<UInt8>) -> Bool {
        precondition(HTMLParser.initialized)
        guard !holdsDocumentTag(bytes) else { return false }
        // A comment after the bytes, which the parser reads only if they end outside a tag, a
        // comment and raw text: there its stack of open elements is looked at.
        let probe = Array("<!--\u{E000}-->".utf8)
        let input = Array(bytes) + probe
        let box = ClosingProbe(end: input.count)
        var handler = xmlSAXHandler()
        handler.initialized = XML_SAX2_MAGIC
        handler.comment = { ctx, value in
            guard let ctx, let value, String(cString: value) == "\u{E000}" else { return }
            let ctxt = ctx.assumingMemoryBound(to: xmlParserCtxt.self)
            guard let raw = ctxt.pointee._private else { return }
            let probe = Unmanaged<ClosingProbe>.fromOpaque(raw).takeUnretainedValue()
            if Int(xmlByteConsumed(ctxt)) == probe.end { probe.closed = ctxt.pointee.nameNr == 0 && ctxt.pointee.depth == 0 }
        }
        parse(input[...], with: handler, carrying: box)
        return box.closed
    }
}

extension HTMLStream {
    /// Whether `bytes` hold `<html`, `<head` or `<body`, or their end tags, in any case, where
    /// the name ends (a tag, not `<header>`); anywhere, in text and comments too, which only
    /// makes the answer cautious.
    fileprivate static func holdsDocumentTag(_ bytes: ArraySlice<UInt8>) -> Bool {
        var index = bytes.startIndex
        while let lt = bytes[index...].firstIndex(of: UInt8(ascii: "<")) {
            var name = lt + 1
            if name < bytes.endIndex, bytes[name] == UInt8(ascii: "/") { name += 1 }
            let end = min(name + 4, bytes.endIndex)
            let word = bytes[name..<end].map { $0 | 0x20 }
            let after = end < bytes.endIndex ? bytes[end] | 0x20 : 0x20
            if word.elementsEqual("html".utf8) || word.elementsEqual("head".utf8) || word.elementsEqual("body".utf8),
               !(after >= 0x61 && after <= 0x7A) && !(after >= 0x30 && after <= 0x39) && after != UInt8(ascii: "-") {
                return true
            }
            index = lt + 1
        }
        return false
    }
}

/// What `closesEverything` finds: whether the parser's stack was empty at the probe that ends
/// the input (`end` bytes long).
private final class ClosingProbe {
    let end: Int
    var closed = false
    init(end: Int) { self.end = end }
}

/// The events of one `HTMLStream` read and the elements open in it, carried through libxml2's
/// context.
private final class HTMLStreamBox {
    let events: any XMLEvents
    private var open = OpenElements()

    init(_ events: any XMLEvents) { self.events = events }

    /// The box a callback's context carries (the parser's `_private`).
    static func of(_ ctx: UnsafeMutableRawPointer?) -> HTMLStreamBox? {
        guard let raw = ctx?.assumingMemoryBound(to: xmlParserCtxt.self).pointee._private else { return nil }
        return Unmanaged<HTMLStreamBox>.fromOpaque(raw).takeUnretainedValue()
    }

    func start(_ name: String, attributes: [HTMLAttribute]) {
        open.open(name, 0) { _ in events.end() }
        events.start(name: name, attributes: attributes)
    }

    func end(_ name: String) {
        open.close(name) { _ in events.end() }
    }

    func finish() {
        open.closeAll { _ in events.end() }
    }
}

/// How far the parser has read; libxml2 answers -1 once it has stopped on an error, which is
/// read as the start so that no position falls outside the input.
private func consumed(_ ctxt: xmlParserCtxtPtr) -> Int {
    max(0, Int(xmlByteConsumed(ctxt)))
}

/// The parser context and the builder it carries in `_private`.
private func parserContext(_ ctx: UnsafeMutableRawPointer?) -> (xmlParserCtxtPtr, HTMLTreeBuilder)? {
    guard let ctx else { return nil }
    let ctxt = ctx.assumingMemoryBound(to: xmlParserCtxt.self)
    guard let raw = ctxt.pointee._private else { return nil }
    return (ctxt, Unmanaged<HTMLTreeBuilder>.fromOpaque(raw).takeUnretainedValue())
}

private extension String {
    func trimmingSuffix() -> String {
        var text = self
        while let last = text.last, last.isWhitespace { text.removeLast() }
        return text
    }
}

/// What a reading of an XML document in one pass is handed, in document order.
public protocol XMLEvents: AnyObject {
    /// An element starts; `name` as written (XHTML's are lowercase).
    func start(name: String, attributes: [HTMLAttribute])
    /// The innermost open element ends.
    func end()
    /// Character data, its entities and character references replaced; one text may come in
    /// several pieces.
    func text(_ utf8: UnsafeBufferPointer<UInt8>)
}

/// An XML document read by libxml2's XML parser in one pass, each event handed on as it comes,
/// without a tree: an XHTML page read as an EPUB reading system reads it. No network, no DTD
/// loading and no entity substitution: XML's five entities and character references are
/// replaced, in attribute values too; an entity a DTD declares is neither expanded nor fetched.
public enum XMLStream {
    /// Reads `bytes` into `events`. nil when the document is well-formed; otherwise libxml2's
    /// last complaint, with its line (the events go on as libxml2 recovers).
    public static func read(_ bytes: [UInt8], into events: some XMLEvents) -> String? {
        guard !bytes.isEmpty else { return "the document is empty" }
        xmlInitParser()
        let box = XMLEventsBox(events)
        return bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) { chars in
                guard let ctxt = xmlCreateMemoryParserCtxt(chars, Int32(clamping: buffer.count)) else { return "cannot create an XML parser" }
                defer { xmlFreeParserCtxt(ctxt) }
                // Without XML_PARSE_HUGE libxml2 refuses an attribute value over 10 MB, which a big
                // post's link can be. HUGE also lifts libxml2's guard against entities that expand
                // exponentially, so no entity but XML's five is ever found (below). SAX1 checks XML
                // 1.0's well-formedness, not namespaces' (the writer declares the prefixes it uses).
                xmlCtxtUseOptions(ctxt, Int32(XML_PARSE_NONET.rawValue | XML_PARSE_HUGE.rawValue
                    | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue | XML_PARSE_RECOVER.rawValue))
                guard let sax = ctxt.pointee.sax else { return "cannot create an XML parser" }
                // A SAX1 handler (`initialized` 1, not SAX2's magic): libxml2 then calls
                // `startElement` with names as written and attributes as name-value pairs.
                var handler = xmlSAXHandler()
                handler.initialized = 1
                handler.startElement = { ctx, name, atts in
                    guard let box = XMLEventsBox.of(ctx), let name else { return }
                    var attributes: [HTMLAttribute] = []
                    if var cursor = atts {
                        while let attName = cursor.pointee {
                            attributes.append(HTMLAttribute(name: String(cString: attName), value: cursor.advanced(by: 1).pointee.map(attributeValue)))
                            cursor = cursor.advanced(by: 2)
                        }
                    }
                    box.events.start(name: String(cString: name), attributes: attributes)
                }
                handler.endElement = { ctx, _ in XMLEventsBox.of(ctx)?.events.end() }
                let characters: charactersSAXFunc = { ctx, chars, length in
                    guard let box = XMLEventsBox.of(ctx), let chars, length > 0 else { return }
                    box.events.text(UnsafeBufferPointer(start: chars, count: Int(length)))
                }
                handler.characters = characters
                handler.cdataBlock = characters
                handler.ignorableWhitespace = characters
                // Entities a DTD declares are never looked up, so never expanded or fetched: the
                // handler finds none, and with the callbacks' context not the parser's, libxml2
                // does not look in the declarations it keeps for SAX callers either (in a document
                // of its own, which it frees when the parse ends).
                handler.getEntity = { _, _ in nil }
                handler.getParameterEntity = { _, _ in nil }
                sax.pointee = handler
                ctxt.pointee.userData = Unmanaged.passUnretained(box).toOpaque()
                _ = withExtendedLifetime(box) { xmlParseDocument(ctxt) }
                return ctxt.pointee.wellFormed == 0 ? lastComplaint(ctxt) : nil
            }
        }
    }
}

/// An attribute's value as written, its references replaced: without entity substitution
/// libxml2 replaces them all but `&amp;` (and `&#38;`, `&#x26;`), which it hands over as `&#38;`;
/// every other `&` it hands over comes from one of those. Replaced byte by byte, as a combining
/// mark after the `;` would make it part of another character.
private func attributeValue(_ value: UnsafePointer<xmlChar>) -> String {
    let bytes = UnsafeBufferPointer(start: value, count: Int(xmlStrlen(value)))
    guard bytes.contains(0x26) else { return String(decoding: bytes, as: UTF8.self) }
    let reference = Array("&#38;".utf8)
    var replaced: [UInt8] = []
    replaced.reserveCapacity(bytes.count)
    var index = 0
    while index < bytes.count {
        if bytes[index] == 0x26, bytes[index...].starts(with: reference) {
            replaced.append(0x26)
            index += reference.count
        } else {
            replaced.append(bytes[index])
            index += 1
        }
    }
    return String(decoding: replaced, as: UTF8.self)
}

/// The events of one `XMLStream` read, carried through libxml2's context.
private final class XMLEventsBox {
    let events: any XMLEvents
    init(_ events: any XMLEvents) { self.events = events }

    /// The box a callback's context is (the parser's `userData`).
    static func of(_ ctx: UnsafeMutableRawPointer?) -> XMLEventsBox? {
        ctx.map { Unmanaged<XMLEventsBox>.fromOpaque($0).takeUnretainedValue() }
    }
}

/// Whether a document is well-formed XML, by libxml2's XML parser: no network, no DTD loading,
/// no entity substitution, so checking can never fetch or expand anything.
public enum XMLWellFormedness {
    /// nil when `bytes` is well-formed; otherwise libxml2's complaint (it stops at the first),
    /// with its line.
    public static func problem(_ bytes: [UInt8]) -> String? {
        guard !bytes.isEmpty else { return "the document is empty" }
        xmlInitParser()
        guard let ctxt = xmlNewParserCtxt() else { return "cannot create an XML parser" }
        defer { xmlFreeParserCtxt(ctxt) }
        let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue)
        let document = bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: max(1, buffer.count)) {
                xmlCtxtReadMemory(ctxt, $0, Int32(clamping: buffer.count), nil, "UTF-8", options)
            }
        }
        if let document { xmlFreeDoc(document) }
        guard document == nil || ctxt.pointee.wellFormed == 0 else { return nil }
        return lastComplaint(ctxt)
    }
}

/// libxml2's last complaint about a document that is not well-formed, with its line.
private func lastComplaint(_ ctxt: xmlParserCtxtPtr) -> String {
    guard let error = xmlCtxtGetLastError(ctxt), let message = error.pointee.message else { return "not well-formed" }
    return "line \(error.pointee.line): \(String(cString: message).trimmingSuffix())"
}
