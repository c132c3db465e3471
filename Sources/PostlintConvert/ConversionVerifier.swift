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
    public static func read(html: HTMLDocument) -> Reading {
        var reading = Reading()
        read(html: html, into: &reading)
        return reading
    }

    /// Adds what a reader sees of `html` to `reading`: its elements and texts replayed in
    /// document order as the parser met them.
    static func read(html: HTMLDocument, into reading: inout Reading) {
        let (text, alt) = shown(html: html)
        reading.add(text: text, alt: alt)
    }

    /// The text and the images' `alt` text a reader sees of `html`, not yet cut into words.
    static func shown(html: HTMLDocument) -> (text: String, alt: String) {
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
        let (text, alt, problem) = shown(xhtml: xhtml)
        return (Reading(text: text, alt: alt), problem)
    }

    /// The text and `alt` text a reading system shows of an XHTML page, not yet cut into words,
    /// and what is wrong with the page as XML.
    static func shown(xhtml: [UInt8]) -> (text: String, alt: String, problem: String?) {
        let shown = ShownText()
        let problem = XMLStream.read(xhtml, into: shown)
        let (text, alt) = shown.finish()
        return (text, alt, problem)
    }

    /// Whether every word of `source` is surely a word of `output`, told without cutting either
    /// into words: with runs of blanks made one space, `source` stands in `output` as it is,
    /// and neither of its ends is glued to a letter or digit around it there. Words are runs
    /// of letters, digits and marks that blanks and ASCII punctuation end, so the same bytes
    /// between such ends are the same words; a CJK letter is a word of its own wherever it
    /// stands. A book's page is mostly its source's text with a title and date before it.
    /// False says nothing: the words are then compared (`lost`).
    static func showsEveryWord(of source: String, in output: String) -> Bool {
        let needle = collapsingBlanks(source), haystack = collapsingBlanks(output)
        guard !needle.isEmpty else { return true }
        return needle.withUnsafeBufferPointer { needle in
            haystack.withUnsafeBufferPointer { haystack in
                // Where the source's first bytes stand, at most a few places looked at in full:
                // a search for all of it at every place would be quadratic on repetitive text.
                let head = UnsafeBufferPointer(rebasing: needle.prefix(64))
                var from = 0, tries = 0
                while tries < 4, let found = ByteSearch.firstOffset(of: head, in: UnsafeBufferPointer(rebasing: haystack[from...])) {
                    let start = from + found, end = start + needle.count
                    guard end <= haystack.count else { return false }
                    if memcmp(haystack.baseAddress! + start, needle.baseAddress!, needle.count) == 0 {
                        let left = start == 0 || endsNoWord(haystack[start - 1]) || endsNoWord(needle[0]) || startsWithCJKLetter(needle)
                        let right = end == haystack.count || endsNoWord(haystack[end]) || endsNoWord(needle[needle.count - 1]) || endsWithCJKLetter(needle)
                        if left && right { return true }
                    }
                    from = start + 1
                    tries += 1
                }
                return false
            }
        }
    }

    /// An ASCII byte that is no letter or digit: every word ends at one.
    private static func endsNoWord(_ byte: UInt8) -> Bool {
        byte < 0x80 && !((0x30...0x39).contains(byte) || (0x61...0x7A).contains(byte | 0x20))
    }

    private static func startsWithCJKLetter(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let value = UTF8Scalar.decode(bytes, at: 0, end: bytes.count).value
        return CJK.isLetter(value) && !(0x3099...0x309A).contains(value)
    }

    private static func endsWithCJKLetter(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var start = bytes.count - 1
        while start > 0, bytes.count - start < 4, bytes[start] & 0xC0 == 0x80 { start -= 1 }
        let (value, length) = UTF8Scalar.decode(bytes, at: start, end: bytes.count)
        return start + length == bytes.count && CJK.isLetter(value) && !(0x3099...0x309A).contains(value)
    }

    /// `text`'s bytes with every run of blanks (space, tab, line feed, carriage return) made one
    /// space, and none at either end.
    private static func collapsingBlanks(_ text: String) -> [UInt8] {
        var text = text
        return text.withUTF8 { bytes in
            [UInt8](unsafeUninitializedCapacity: bytes.count) { out, count in
                var blank = true
                for byte in bytes {
                    if byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D {
                        blank = true
                        continue
                    }
                    if blank, count > 0 {
                        out[count] = 0x20
                        count += 1
                    }
                    blank = false
                    out[count] = byte
                    count += 1
                }
            }
        }
    }

    /// What a reader sees of a post's body, rendered as the site renders it.
    public static func read(post: Post) -> Reading {
        guard post.encoding == .utf8 else { return Reading() }
        let body = post.bodyRange
        if post.language == .html { return read(html: HTMLParser.parse(post.source.bytes[body])) }
        return read(markdown: post.source.bytes[body])
    }

    /// Reads the rendered form of a Markdown text. A long text is rendered a part at a time
    /// (see `MarkdownParts`), so that cmark's tree of a 100 MB post and the HTML read back from
    /// it are never in memory at once.
    public static func read(markdown: ArraySlice<UInt8>) -> Reading {
        var reading = Reading()
        render(markdown: markdown) { html in read(html: HTMLParser.parse(html[...]), into: &reading) }
        return reading
    }

    /// The HTML of `markdown` as a Jekyll site shows it (raw HTML kept, bare URLs not linked), a
    /// part at a time (`MarkdownParser.renderHTMLParts`).
    static func render(markdown: ArraySlice<UInt8>, _ each: ([UInt8]) -> Void) {
        markdown.withUnsafeBufferPointer { MarkdownParser.renderHTMLParts(utf8: $0, unsafe: true, autolinks: false, each) }
    }

    /// The issues of a Markdown `output` against `source` (see `issues(source:output:…)`): an
    /// output of one part that renders as the source does, blanks aside, shows the same words,
    /// and neither is read (`SourceReading`).
    public static func issues(source: inout SourceReading, markdown output: ArraySlice<UInt8>, excused: [String], file: [UInt8], body: Range<Int>, fatal: Bool) -> [ConversionIssue] {
        var reading = Reading()
        var same = false
        render(markdown: output) { html in
            same = output.count <= MarkdownParts.partSize && source.rendersSame(as: html)
            if !same { read(html: HTMLParser.parse(html[...]), into: &reading) }
        }
        guard !same else { return [] }
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
