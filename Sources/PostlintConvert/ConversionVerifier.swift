import Foundation
import PostlintAdapters
import PostlintModel

/// Checks a conversion against its source by what a reader sees: the words of the source as the
/// site renders it (HTML for `.html` posts, Markdown with HTML otherwise) against the words of
/// the output rendered back. A word the output has fewer times than the source is lost.
/// Words are runs of letters and digits, and each CJK character is a word of its own, so that
/// escaping, list markers and punctuation the writers rewrite never count.
public enum ConversionVerifier {
    /// The words a reader sees, in order, each as an index into the reading's vocabulary: a
    /// 100 MB Chinese post has tens of millions of words and a few thousand distinct ones.
    public struct Reading: Sendable {
        /// Every distinct word, once.
        public private(set) var vocabulary: [String] = []
        /// The words of the text.
        public private(set) var words: [Int32] = []
        /// The words of images' `alt` text, which readers see only when images are off; kept
        /// apart, as `--images drop` drops them by request.
        public private(set) var alt: [Int32] = []
        private var ids: [Word: Int32] = [:]

        public init() {}

        /// The words of `text`, and of `alt` as alternative text.
        public init(text: String, alt: String = "") {
            add(text: text, alt: alt)
        }

        /// Adds the words of `text` after those read so far, and those of `alt` to the `alt` text.
        mutating func add(text: String, alt: String) {
            ConversionVerifier.forEachWord(in: text) { words.append(id($0)) }
            ConversionVerifier.forEachWord(in: alt) { self.alt.append(id($0)) }
        }

        private mutating func id(_ word: String) -> Int32 {
            if let known = ids[Word(text: word)] { return known }
            let new = Int32(vocabulary.count)
            vocabulary.append(word)
            ids[Word(text: word)] = new
            return new
        }

        /// A word compared by its UTF-8 bytes. Words come out of `forEachWord` in normal form,
        /// where equal bytes and equal strings are the same thing, and String's own hashing
        /// normalizes every non-ASCII key again (most of a Chinese post's reading time).
        private struct Word: Hashable {
            let text: String

            static func == (lhs: Word, rhs: Word) -> Bool {
                guard lhs.text.utf8.count == rhs.text.utf8.count else { return false }
                var (left, right) = (lhs.text, rhs.text)
                return left.withUTF8 { left in right.withUTF8 { left.isEmpty || memcmp(left.baseAddress!, $0.baseAddress!, left.count) == 0 } }
            }

            func hash(into hasher: inout Hasher) {
                var text = text
                text.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
            }
        }

        /// Text and `alt` text together.
        public var withAlt: Reading {
            var both = self
            both.words += alt
            both.alt = []
            return both
        }

        /// The words of the text as strings.
        public var wordStrings: [String] { words.map { vocabulary[Int($0)] } }
    }

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

    /// Adds what a reader sees of `html` to `reading`.
    static func read(html: HTMLDocument, into reading: inout Reading) {
        var hidden = [Bool](repeating: false, count: html.elements.count)
        for (index, element) in html.elements.enumerated() {
            let inherited = element.parent.map { hidden[$0] } ?? false
            hidden[index] = inherited || unseen.contains(element.name) || HTMLSemantics.hiding(element) != nil
        }
        // Where each element ends: the parser's position of the last thing inside it (children
        // come after their parents in document order, so one backward pass carries it up).
        var lastInside = html.elements.map(\.order)
        for text in html.texts { if let parent = text.parent { lastInside[parent] = max(lastInside[parent], text.order) } }
        for (index, element) in html.elements.enumerated().reversed() {
            if let parent = element.parent { lastInside[parent] = max(lastInside[parent], lastInside[index]) }
        }
        // Where blocks start and end, by the position the parser gave each (doubled, so that an
        // element's end sorts between the last thing inside it and what follows).
        var separators: [Int] = []
        var alt = ""
        for (index, element) in html.elements.enumerated() where !hidden[index] && separating.contains(element.name)
            || boxes.contains(element.name) && !(element.parent.map { hidden[$0] } ?? false) {
            // A block stands apart at both ends: `<div>2022</div>Oct` reads `2022 Oct`.
            separators.append(element.order * 2)
            separators.append(lastInside[index] * 2 + 1)
            if element.name == "img", let text = element.attribute("alt")?.value { alt += " " + text }
        }
        separators.sort()
        // Texts are in document order already: the separators are merged in between.
        var text = ""
        var next = 0
        for piece in html.texts where !(piece.parent.map { hidden[$0] } ?? false) {
            while next < separators.count, separators[next] < piece.order * 2 {
                text += " "
                next += 1
            }
            // A superscript or subscript is a word of its own on both sides: 10<sup>6</sup>, H<sub>2</sub>O.
            let scripted = piece.parent.map { ["sup", "sub"].contains(html.elements[$0].name) } ?? false
            text += scripted ? " " + piece.text + " " : piece.text
        }
        if next < separators.count { text += " " }
        reading.add(text: text, alt: alt)
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
        markdown.withUnsafeBufferPointer { bytes in
            MarkdownParser.renderHTMLParts(utf8: bytes, unsafe: true, autolinks: false) { html in
                read(html: HTMLParser.parse(html[...]), into: &reading)
            }
        }
        return reading
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
        var current = ""
        var currentIsScript = false
        // ASCII is its own compatibility form; most words of most posts need no mapping.
        var currentIsASCII = true
        func flush() {
            if !current.isEmpty { body(currentIsASCII ? current : current.precomposedStringWithCompatibilityMapping) }
            current = ""
            currentIsASCII = true
        }
        for scalar in text.unicodeScalars {
            if scalar.isASCII {
                let value = scalar.value
                if (0x30...0x39).contains(value) || (0x41...0x5A).contains(value) || (0x61...0x7A).contains(value) {
                    if currentIsScript { flush() }
                    currentIsScript = false
                    current.unicodeScalars.append(scalar)
                } else {
                    flush()
                }
                continue
            }
            // Invisible format characters (zero-width space, soft hyphen, BOM) neither make nor
            // break a word: cleaning deletes them, and a reader never saw them.
            let category = scalar.properties.generalCategory
            if category == .format { continue }
            // A combining accent belongs to the letter before it: `e` + U+0301 is `é`.
            if !current.isEmpty, category == .nonspacingMark || category == .spacingMark || category == .enclosingMark {
                current.unicodeScalars.append(scalar)
                currentIsASCII = false
                continue
            }
            if CJK.isLetter(scalar.value) {
                flush()
                // A compatibility ideograph is another ideograph in normal form.
                let isCompatibility = (0xF900...0xFAFF).contains(scalar.value) || (0x2F800...0x2FA1F).contains(scalar.value)
                body(isCompatibility ? String(scalar).precomposedStringWithCompatibilityMapping : String(scalar))
            } else if scalar.properties.isAlphabetic || scalar.properties.numericType != nil {
                let script = isScript(scalar.value)
                if script != currentIsScript { flush() }
                currentIsScript = script
                current.unicodeScalars.append(scalar)
                currentIsASCII = false
            } else {
                flush()
            }
        }
        flush()
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
            if left[Int(id)] > 0 { left[Int(id)] -= 1 } else { missing.append(source.vocabulary[Int(id)]) }
        }
        return missing
    }

    /// For each word of `source`'s vocabulary, how many times `output` has it.
    private static func available(_ source: Reading, _ output: Reading) -> [Int] {
        var counts = [Int](repeating: 0, count: output.vocabulary.count)
        for id in output.words { counts[Int(id)] += 1 }
        var byWord: [String: Int] = [:]
        for (word, count) in zip(output.vocabulary, counts) { byWord[word] = count }
        return source.vocabulary.map { byWord[$0] ?? 0 }
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
        for word in source.words.lazy.map({ source.vocabulary[Int($0)] }) {
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
