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
        /// The words of the text.
        public private(set) var words: [Int32] = []
        /// The words of images' `alt` text, which readers see only when images are off; kept
        /// apart, as `--images drop` drops them by request.
        public private(set) var alt: [Int32] = []
        /// The vocabulary's words as UTF-8, one after another (word `i` is
        /// `bytes[starts[i]..<starts[i + 1]]`), and an open-addressing table of word ids by their
        /// bytes: a word is looked up, and kept, without making a String of it (making and
        /// hashing one per word was most of a verification).
        private var bytes: [UInt8] = []
        private var starts: [Int] = [0]
        private var slots = [Int32](repeating: -1, count: 64)
        /// How many words the table of slots holds.
        private var hashed = 0
        /// Word ids plus one (zero: none there) of the CJK Unified Ideographs (U+4E00–U+9FFF) by
        /// code point, made at a reading's first: most words of a Chinese text are one of them,
        /// and an array look-up costs a tenth of hashing one. Sixteen bits, so that the table
        /// made for each reading is small: an ideograph first read once the vocabulary is past
        /// 65,534 words goes in the table of slots instead.
        private var ideographs: [UInt16] = []

        public init() {}

        /// The words of `text`, and of `alt` as alternative text.
        public init(text: String, alt: String = "") {
            add(text: text, alt: alt)
        }

        /// How many distinct words there are.
        public var count: Int { starts.count - 1 }

        /// Every distinct word, once, in the order first read.
        public var vocabulary: [String] { (0..<count).map { word(Int32($0)) } }

        /// Word `id` as a string.
        public func word(_ id: Int32) -> String {
            String(decoding: bytes[starts[Int(id)]..<starts[Int(id) + 1]], as: UTF8.self)
        }

        /// Adds the words of `text` after those read so far, and those of `alt` to the `alt` text.
        mutating func add(text: String, alt: String) {
            // A table big enough for a word every eight bytes is made at once rather than grown
            // to (a text's distinct words are fewer than that; most readings are of one text).
            reserve((text.utf8.count + alt.utf8.count) / 8)
            ConversionVerifier.forEachWordUTF8(in: text) { words.append(id($0)) }
            ConversionVerifier.forEachWordUTF8(in: alt) { self.alt.append(id($0)) }
        }

        private mutating func id(_ word: UnsafeBufferPointer<UInt8>) -> Int32 {
            let ideograph = Self.ideograph(word)
            if let ideograph, count < Int(UInt16.max) {
                // Zero is no word (ids are kept one up), so that the table is made zeroed.
                if ideographs.isEmpty { ideographs = [UInt16](repeating: 0, count: Self.ideographCount) }
                if ideographs[ideograph] == 0 { ideographs[ideograph] = UInt16(add(word) + 1) }
                return Int32(ideographs[ideograph]) - 1
            }
            if let ideograph, !ideographs.isEmpty, ideographs[ideograph] != 0 { return Int32(ideographs[ideograph]) - 1 }
            let mask = slots.count - 1
            var index = Self.slot(of: word, in: slots.count)
            while true {
                let slot = slots[index]
                if slot < 0 { break }
                if holds(Int(slot), word) { return slot }
                index = (index + 1) & mask
            }
            let new = add(word)
            slots[index] = new
            hashed += 1
            if hashed * 2 > slots.count { rehash(slots.count * 2) }
            return new
        }

        /// A new word of the vocabulary.
        private mutating func add(_ word: UnsafeBufferPointer<UInt8>) -> Int32 {
            bytes.append(contentsOf: word)
            starts.append(bytes.count)
            return Int32(count - 1)
        }

        private static let ideographCount = 0xA000 - 0x4E00

        /// Where `word` is in `ideographs`, when it is one CJK Unified Ideograph (three bytes
        /// from E4 B8 80 to E9 BF BF; words are valid UTF-8).
        private static func ideograph(_ word: UnsafeBufferPointer<UInt8>) -> Int? {
            guard word.count == 3, (0xE4...0xE9).contains(word[0]) else { return nil }
            let value = Int(word[0] & 0x0F) << 12 | Int(word[1] & 0x3F) << 6 | Int(word[2] & 0x3F)
            return value >= 0x4E00 ? value - 0x4E00 : nil
        }

        /// The id of `word` when it is in the vocabulary.
        func lookup(_ word: UnsafeBufferPointer<UInt8>) -> Int32? {
            if let ideograph = Self.ideograph(word) {
                if !ideographs.isEmpty, ideographs[ideograph] != 0 { return Int32(ideographs[ideograph]) - 1 }
                if count <= Int(UInt16.max) { return nil }
            }
            let mask = slots.count - 1
            var index = Self.slot(of: word, in: slots.count)
            while slots[index] >= 0 {
                if holds(Int(slots[index]), word) { return slots[index] }
                index = (index + 1) & mask
            }
            return nil
        }

        /// The id here of word `id` of `other`, when this reading has it.
        func lookup(_ id: Int32, of other: Reading) -> Int32? {
            other.bytes.withUnsafeBufferPointer { all in
                lookup(UnsafeBufferPointer(rebasing: all[other.starts[Int(id)]..<other.starts[Int(id) + 1]]))
            }
        }

        private func holds(_ id: Int, _ word: UnsafeBufferPointer<UInt8>) -> Bool {
            let start = starts[id], count = starts[id + 1] - start
            guard count == word.count else { return false }
            return bytes.withUnsafeBufferPointer { count == 0 || memcmp($0.baseAddress! + start, word.baseAddress!, count) == 0 }
        }

        /// Room for `words` more distinct words without growing the table, up to 65,536.
        private mutating func reserve(_ words: Int) {
            let wanted = min(hashed + words, 1 << 16) * 2
            guard wanted > slots.count else { return }
            var size = slots.count
            while size < wanted { size *= 2 }
            rehash(size)
        }

        private mutating func rehash(_ size: Int) {
            slots = [Int32](repeating: -1, count: size)
            let mask = size - 1
            bytes.withUnsafeBufferPointer { all in
                for id in 0..<count {
                    let word = UnsafeBufferPointer(rebasing: all[starts[id]..<starts[id + 1]])
                    guard id >= Int(UInt16.max) || Self.ideograph(word) == nil else { continue }
                    var index = Self.slot(of: word, in: size)
                    while slots[index] >= 0 { index = (index + 1) & mask }
                    slots[index] = Int32(id)
                }
            }
        }

        /// Random odd keys, new each run, for `slot(of:in:)`.
        private static let keys: [UInt64] = {
            var random = SystemRandomNumberGenerator()
            return (0..<34).map { _ in random.next() | 1 }
        }()

        /// The first slot to try for `word` in a table of `size` (a power of two) slots.
        ///
        /// A word's eight-byte pieces (and its length) are each multiplied by a key of this run
        /// and summed, and the top bits of the sum are the slot: multiply-shift hashing, a
        /// universal family, so that no text can be written to make words collide without
        /// knowing the keys. A piece past the end is read ending at the last byte, and a word
        /// under eight bytes as its first and last four bytes or three of its bytes: with the
        /// length, the pieces still tell words apart. It takes a few loads and multiplications
        /// where SipHash (`Hasher`) took about 190 instructions; a word longer than 256 bytes
        /// is hashed with `Hasher`.
        private static func slot(of word: UnsafeBufferPointer<UInt8>, in size: Int) -> Int {
            let shift = UInt64(64 - size.trailingZeroBitCount)
            let count = word.count
            guard count <= 8 * (keys.count - 2) else {
                var hasher = Hasher()
                hasher.combine(bytes: UnsafeRawBufferPointer(word))
                return Int(truncatingIfNeeded: UInt64(UInt(bitPattern: hasher.finalize())) >> shift)
            }
            let raw = UnsafeRawBufferPointer(word)
            return keys.withUnsafeBufferPointer { keys in
                var sum = keys[0] &+ UInt64(count) &* keys[1]
                if count >= 8 {
                    var offset = 0, key = 2
                    while offset + 8 <= count {
                        sum &+= raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self) &* keys[key]
                        offset += 8
                        key += 1
                    }
                    if offset < count { sum &+= raw.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self) &* keys[key] }
                } else if count >= 4 {
                    let first = UInt64(raw.loadUnaligned(as: UInt32.self)), last = UInt64(raw.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self))
                    sum &+= (first | last << 32) &* keys[2]
                } else if count > 0 {
                    sum &+= (UInt64(raw[0]) | UInt64(raw[count / 2]) << 8 | UInt64(raw[count - 1]) << 16) &* keys[2]
                }
                return Int(truncatingIfNeeded: sum >> shift)
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
        public var wordStrings: [String] { words.map(word) }
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

    /// Adds what a reader sees of `html` to `reading`: its elements and texts replayed in
    /// document order as the parser met them.
    static func read(html: HTMLDocument, into reading: inout Reading) {
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
        let (text, alt) = shown.finish()
        reading.add(text: text, alt: alt)
    }

    /// What a reader sees of an XHTML page, read as an EPUB reading system reads it: as XML, in
    /// one pass, without a tree. With libxml2's complaint when it is not well-formed.
    public static func read(xhtml: [UInt8]) -> (reading: Reading, problem: String?) {
        let shown = ShownText()
        let problem = XMLStream.read(xhtml, into: shown)
        let (text, alt) = shown.finish()
        return (Reading(text: text, alt: alt), problem)
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
