import Foundation
import PostlintAdapters
import PostlintModel

/// Checks a conversion against its source by what a reader sees: the words of the source as the
/// site renders it (HTML for `.html` posts, Markdown with HTML otherwise) against the words of
/// the output rendered back. A word the output has fewer times than the source is lost.
/// Words are runs of letters and digits, and each CJK character is a word of its own, so that
/// escaping, list markers and punctuation the writers rewrite never count.
public enum ConversionVerifier {
    /// Elements whose text no reader sees as text: scripts and styles, the fallback content of
    /// frames and plugins (a browser shows the frame instead, and swallows the rest of the page
    /// after an unclosed `<iframe>`), form controls, whose labels are interface, not article, and
    /// inline SVG, nearly always an icon whose `<text>` is no article text; a formula's
    /// annotations (its TeX source), which MathML does not display.
    static let unseen: Set<String> = [
        "script", "style", "noscript", "template", "head", "title", "iframe", "object", "embed", "applet", "svg",
        "frame", "frameset", "noframes", "select", "option", "textarea", "button", "annotation", "annotation-xml",
    ]
    /// Unseen elements that still take room on the page (an icon, a frame, a control), so that
    /// the words on either side of one are apart.
    static let boxes: Set<String> = ["iframe", "object", "embed", "applet", "svg", "frame", "select", "textarea", "button", "math"]
    /// Elements that separate words (blocks, cells, breaks).
    static let separating: Set<String> = BodyParser.blockElementNames.union([
        "br", "hr", "ul", "ol", "dl", "table", "tr", "thead", "tbody", "tfoot", "pre", "img", "nav", "aside", "main", "body",
        "details", "summary", "fieldset", "legend", "input",
    ])

    /// What a reader sees of an HTML document: text outside scripts, styles and hidden
    /// elements, with images' `alt` text.
    @inline(never)
    public static func read(html: HTMLDocument) -> Reading {
        var reading = Reading()
        read(html: html, into: &reading)
        return reading
    }

    /// Adds what a reader sees of `html` to `reading`: its elements and texts replayed in
    /// document order as the parser met them.
    @inline(never)
    static func read(html: HTMLDocument, into reading: inout Reading) {
        let page = shown(html: html)
        reading.add(text: page.text, alt: page.alt)
    }

    /// Adds what a reader sees of an HTML page not parsed yet to `reading`, read in one pass.
    @inline(never)
    static func read(html: ArraySlice<UInt8>, into reading: inout Reading) {
        let page = shown(html: html)
        reading.add(text: page.text, alt: page.alt)
    }

    /// What a reader sees of an HTML page not parsed yet, not yet cut into words: read in one
    /// pass, without a document, to the same events a parsed document replays
    /// (`shown(html:)`; `HTMLStream`).
    static func shown(html: ArraySlice<UInt8>) -> ShownPage {
        let shown = ShownText()
        HTMLStream.read(html, into: shown)
        return shown.finish()
    }

    /// What a reader sees of `html`, not yet cut into words.
    static func shown(html: HTMLDocument) -> ShownPage {
        // Where each element ends: the parser's position of the last thing inside it (children
        // come after their parents in document order, so one backward pass carries it up).
        var lastInside = html.elements.map(\.order)
        for text in html.texts { if let parent = text.parent { lastInside[parent] = max(lastInside[parent], text.order) } }
        for (index, element) in html.elements.enumerated().reversed() {
            if let parent = element.parent { lastInside[parent] = max(lastInside[parent], lastInside[index]) }
        }
        let shown = ShownText()
        var open: [Int] = []
        var element = 0, piece = 0
        while element < html.elements.count || piece < html.texts.count {
            let isElement = piece == html.texts.count || element < html.elements.count && html.elements[element].order < html.texts[piece].order
            let order = isElement ? html.elements[element].order : html.texts[piece].order
            while let last = open.last, lastInside[last] < order {
                open.removeLast()
                shown.end()
            }
            if isElement {
                shown.start(name: html.elements[element].name, attributes: html.elements[element].attributes)
                open.append(element)
                element += 1
            } else {
                var text = html.texts[piece].text
                text.withUTF8 { shown.text($0) }
                piece += 1
            }
        }
        for _ in open { shown.end() }
        return shown.finish()
    }

    /// What a reader sees of an XHTML page, read as an EPUB reading system reads it: as XML, in
    /// one pass, without a tree. With libxml2's complaint when it is not well-formed.
    public static func read(xhtml: [UInt8]) -> (reading: Reading, problem: String?) {
        let (page, problem) = shown(xhtml: xhtml)
        return (Reading(text: page.text, alt: page.alt), problem)
    }

    /// What a reading system shows of an XHTML page, not yet cut into words, and what is wrong
    /// with the page as XML.
    static func shown(xhtml: [UInt8]) -> (page: ShownPage, problem: String?) {
        let shown = ShownText()
        let problem = XMLStream.read(xhtml, into: shown)
        return (shown.finish(), problem)
    }

    /// The issues of an XHTML page against `source`, read as a reading system reads it (as
    /// XML); images are links or gone by request, so their `alt` text is not held against it.
    /// Most pages show every block of their source whole, a title and a date before them: then
    /// no word is lost, and neither side is cut into words to tell (`ShownPage.showsEveryWord`).
    @inline(never)
    static func issues(source: inout SourceReading, xhtml: [UInt8], excused: [String], file: [UInt8], body: Range<Int>, fatal: Bool) -> [ConversionIssue] {
        let (page, problem) = shown(xhtml: xhtml)
        var lost: [ConversionIssue] = []
        if !(source.shownPage().map { page.showsEveryWord(of: $0, withAlt: false) } ?? false) {
            lost = issues(source: source.read(), output: Reading(text: page.text, alt: page.alt), excused: excused, file: file, body: body, fatal: fatal)
        }
        if let problem {
            // Never seen (the fuzz targets hold every output to well-formedness): a reading
            // system would refuse the page, whatever words it has.
            lost.append(ConversionIssue(message: "the XHTML written is not well-formed XML (\(problem))", fatal: true))
        }
        return lost
    }

    /// What a reader sees of a post's body, rendered as the site renders it.
    @inline(never)
    public static func read(post: Post) -> Reading {
        guard post.encoding == .utf8 else { return Reading() }
        let body = post.bodyRange
        var reading = Reading()
        if post.language == .html {
            read(html: post.source.bytes[body], into: &reading)
            return reading
        }
        return read(markdown: post.source.bytes[body])
    }

    /// Reads the rendered form of a Markdown text. A long text is rendered a part at a time
    /// (see `MarkdownParts`), so that cmark's tree of a 100 MB post and the HTML read back from
    /// it are never in memory at once.
    public static func read(markdown: ArraySlice<UInt8>) -> Reading {
        var reading = Reading()
        SiteHTML.render(markdown: markdown) { html in read(html: html[...], into: &reading) }
        return reading
    }

    /// The issues of a Markdown `output` against `source` (see `issues(source:output:…)`): an
    /// output of one part that renders as the source does, blanks aside, shows the same words,
    /// and neither is read (`SourceReading`). Otherwise, where no raw HTML of either leaves an
    /// element open, only the blocks the output does not render as the source does are read, on
    /// both sides (`SourceReading.unmatched`): cleaning changes a few blocks of most posts.
    /// An output that renders otherwise but shows every block of the source whole
    /// (`ShownPage.showsEveryWord`) loses no word either, and neither is cut into words.
    @inline(never)
    public static func issues(source: inout SourceReading, markdown output: ArraySlice<UInt8>, excused: [String], file: [UInt8], body: Range<Int>, fatal: Bool) -> [ConversionIssue] {
        guard let rendered = SiteHTML.renderBlocks(markdown: output) else {
            return issues(source: &source, parts: output, excused: excused, file: file, body: body, fatal: fatal)
        }
        let html = rendered.html
        if source.rendersSame(as: html) { return [] }
        if let (sourceLeft, outputLeft) = source.unmatched(rendered) {
            guard !sourceLeft.isEmpty else { return [] }
            let left = shown(html: sourceLeft[...]), right = shown(html: outputLeft[...])
            if right.showsEveryWord(of: left, withAlt: true)
                || lost(Reading(text: left.text, alt: left.alt).withAlt, Reading(text: right.text, alt: right.alt).withAlt).isEmpty {
                return []
            }
        }
        let page = shown(html: html[...])
        if let seen = source.shownPage(), page.showsEveryWord(of: seen, withAlt: true) { return [] }
        return issues(source: source.read().withAlt, output: Reading(text: page.text, alt: page.alt).withAlt, excused: excused, file: file, body: body, fatal: fatal)
    }

    /// `issues(source:markdown:…)` for an output of more than one part, read a part at a time,
    /// its pages not all kept.
    private static func issues(source: inout SourceReading, parts output: ArraySlice<UInt8>, excused: [String], file: [UInt8], body: Range<Int>, fatal: Bool) -> [ConversionIssue] {
        var reading = Reading()
        SiteHTML.render(markdown: output) { html in read(html: html[...], into: &reading) }
        return issues(source: source.read().withAlt, output: reading.withAlt, excused: excused, file: file, body: body, fatal: fatal)
    }

    /// Letters and digits in runs, with the accents that combine with them; CJK characters one by
    /// one; a run of superscript or subscript characters a word of its own (`10⁶` is `10` and `6`, as `10<sup>6</sup>` reads). Each word
    /// is compared in compatibility form (NFKC), so `Ｄocker` made `Docker` by cleaning is the same.
    public static func words(in text: String) -> [String] {
        var words: [String] = []
        forEachWord(in: text) { words.append($0) }
        return words
    }

    /// Calls `body` with each word of `text` in order (see `words(in:)`).
    static func forEachWord(in text: String, _ body: (String) -> Void) {
        forEachWordUTF8(in: text) { body(String(decoding: $0, as: UTF8.self)) }
    }

    /// `forEachWord` with each word as its UTF-8 bytes, valid during the call: ASCII words and
    /// CJK characters, most words, are handed over without a String made of them.
    static func forEachWordUTF8(in text: String, _ body: (UnsafeBufferPointer<UInt8>) -> Void) {
        var text = text
        text.withUTF8 { bytes in
            var current: [UInt8] = []
            current.reserveCapacity(64)
            var currentIsScript = false
            // ASCII is its own compatibility form; most words of most posts need no mapping.
            var currentIsASCII = true
            func flush() {
                guard !current.isEmpty else { return }
                if currentIsASCII {
                    current.withUnsafeBufferPointer(body)
                } else {
                    var normal = String(decoding: current, as: UTF8.self).precomposedStringWithCompatibilityMapping
                    normal.withUTF8(body)
                }
                current.removeAll(keepingCapacity: true)
                currentIsASCII = true
            }
            func isASCIIAlphanumeric(_ byte: UInt8) -> Bool {
                (0x30...0x39).contains(byte) || (0x61...0x7A).contains(byte | 0x20)
            }
            var index = 0
            while index < bytes.count {
                // A word of ASCII letters and digits that ASCII ends (most words of a Latin text)
                // is handed over where it stands, never copied.
                if current.isEmpty, isASCIIAlphanumeric(bytes[index]) {
                    var end = index + 1
                    while end < bytes.count, isASCIIAlphanumeric(bytes[end]) { end += 1 }
                    if end == bytes.count || bytes[end] < 0x80 {
                        body(UnsafeBufferPointer(rebasing: bytes[index..<end]))
                        currentIsScript = false
                        index = end
                        continue
                    }
                }
                let (value, length) = UTF8Scalar.decode(bytes, at: index, end: bytes.count)
                let scalarBytes = UnsafeBufferPointer(rebasing: bytes[index..<index + length])
                index += length
                if value < 0x80 {
                    if (0x30...0x39).contains(value) || (0x41...0x5A).contains(value) || (0x61...0x7A).contains(value) {
                        if currentIsScript { flush() }
                        currentIsScript = false
                        current.append(UInt8(value))
                    } else {
                        flush()
                    }
                    continue
                }
                // A CJK character is a word of its own, and none is a format character or a mark
                // but the combining kana voicing marks: asked first, it skips the look-up of the
                // general category for most characters of a Chinese post.
                if CJK.isLetter(value), !(0x3099...0x309A).contains(value) {
                    flush()
                    // A compatibility ideograph is another ideograph in normal form.
                    if (0xF900...0xFAFF).contains(value) || (0x2F800...0x2FA1F).contains(value) {
                        var normal = String(Unicode.Scalar(value)!).precomposedStringWithCompatibilityMapping
                        normal.withUTF8(body)
                    } else {
                        body(scalarBytes)
                    }
                    continue
                }
                // Full-width punctuation, quotes and brackets end a word (asked before the
                // general category, which most of them would need looked up).
                if CJK.isPunctuation(value) || CJK.isQuoteOrBracket(value) {
                    flush()
                    continue
                }
                let scalar = Unicode.Scalar(value)!
                // Invisible format characters (zero-width space, soft hyphen, BOM) neither make nor
                // break a word: cleaning deletes them, and a reader never saw them.
                let category = scalar.properties.generalCategory
                if category == .format { continue }
                // A combining accent belongs to the letter before it: `e` + U+0301 is `é`.
                if !current.isEmpty, category == .nonspacingMark || category == .spacingMark || category == .enclosingMark {
                    current += scalarBytes
                    currentIsASCII = false
                    continue
                }
                if CJK.isLetter(value) {
                    // U+3099 and U+309A after no letter: a word, as any CJK letter.
                    flush()
                    body(scalarBytes)
                } else if scalar.properties.isAlphabetic || scalar.properties.numericType != nil {
                    let script = isScript(value)
                    if script != currentIsScript { flush() }
                    currentIsScript = script
                    current += scalarBytes
                    currentIsASCII = false
                } else {
                    flush()
                }
            }
            flush()
        }
    }

    /// Superscript and subscript letters and digits.
    static func isScript(_ value: UInt32) -> Bool {
        (0x2070...0x209F).contains(value) || value == 0xB9 || value == 0xB2 || value == 0xB3
    }

    /// The words of `source` that `output` has fewer times, each as often as it is missing, in
    /// the order they come in the source.
    @inline(never)
    public static func lost(_ source: Reading, _ output: Reading) -> [String] {
        var left = available(source, output)
        var missing: [String] = []
        for id in source.words {
            if left[Int(id)] > 0 { left[Int(id)] -= 1 } else { missing.append(source.word(id)) }
        }
        return missing
    }

    /// For each word of `source`'s vocabulary, how many times `output` has it.
    private static func available(_ source: Reading, _ output: Reading) -> [Int] {
        var counts = [Int](repeating: 0, count: output.count)
        for id in output.words { counts[Int(id)] += 1 }
        var left = [Int](repeating: 0, count: source.count)
        for (id, count) in counts.enumerated() where count > 0 {
            if let found = source.lookup(Int32(id), of: output) { left[Int(found)] = count }
        }
        return left
    }

    /// Issues for what the output lost: one per run of lost words that stand together in the
    /// source, quoting them, at their place in the source file when it can be found.
    /// Words in `excused` (what cleaning removed on purpose) are not lost; one warning names them.
    public static func issues(source: Reading, output: Reading, excused: [String] = [], file: [UInt8], body: Range<Int>, fatal: Bool) -> [ConversionIssue] {
        let missing = lost(source, output)
        guard !missing.isEmpty else { return [] }
        var counts: [String: Int] = [:]
        for word in missing { counts[word, default: 0] += 1 }
        var removed: [String] = []
        for word in excused where (counts[word] ?? 0) > 0 {
            counts[word]! -= 1
            removed.append(word)
        }
        var named: [ConversionIssue] = []
        if let first = removed.first {
            named.append(ConversionIssue(
                message: "cleaning removed «\(quotation(removed))» on purpose (tracking widgets, markup indented into code)",
                offset: ByteSearch.firstRange(of: first.utf8, in: file, within: body)?.lowerBound, fatal: false))
        }
        guard counts.values.contains(where: { $0 > 0 }) else { return named }
        // Walk the source's words; consecutive lost ones form one quotation.
        var issues: [ConversionIssue] = []
        var run: [String] = []
        func flush() {
            guard !run.isEmpty else { return }
            let first = run[0]
            issues.append(ConversionIssue(
                message: "lost: «\(quotation(run))» is not in the output" + (fatal ? "" : " (--allow-loss)"),
                offset: ByteSearch.firstRange(of: String(first).utf8, in: file, within: body)?.lowerBound, fatal: fatal))
            run.removeAll()
        }
        for word in source.words.lazy.map(source.word) {
            if let count = counts[word], count > 0 {
                counts[word] = count - 1
                run.append(word)
            } else {
                flush()
            }
        }
        flush()
        return named + issues
    }

    /// Words as a reader would quote them: CJK characters run together, others spaced; cut at 80.
    static func quotation(_ words: [String]) -> String {
        var quote = ""
        for word in words {
            let cjk = word.unicodeScalars.count == 1 && CJK.isLetter(word.unicodeScalars.first!.value)
            if !quote.isEmpty, !(cjk && quote.unicodeScalars.last.map { CJK.isLetter($0.value) } == true) { quote += " " }
            quote += word
            if quote.count > 80 { break }
        }
        return quote.count > 80 ? String(quote.prefix(80)) + "…" : quote
    }
}
