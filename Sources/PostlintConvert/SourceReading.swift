import PostlintAdapters
import PostlintModel

/// What a reader sees of a post as it came in, read only when a conversion's output needs it.
///
/// A Markdown output whose rendered HTML is the source's rendered HTML, runs of blanks aside,
/// shows a reader the same words: its check needs no reading of either side. The words of a
/// reading are runs of letters, digits and CJK characters, so a run of blanks separates exactly
/// as one space does; in markup, libxml2 treats the four blank bytes alike, and the attributes a
/// reading looks at (`alt`, `style`, `hidden`) are read as words or with blank scalars ignored.
/// Runs longer than `longestRun` are not made one (libxml2 can read those otherwise), and the
/// pieces libxml2 cuts long text into are read as one text. The comparison trusts neither the
/// cleaning nor the writer. `ShownFormTests` holds a reading of the collapsed HTML to the
/// reading of the HTML.
public struct SourceReading: Sendable {
    private var reading: ConversionVerifier.Reading?
    /// The source's rendered HTML, block by block, and its parse when there is one, while it
    /// has not been read.
    private var document: HTMLDocument?
    private var rendered: MarkdownParser.RenderedBlocks?
    /// The source's rendered HTML with runs of blanks made one space (`shownForm`); nil when
    /// the source is no Markdown of one part or has a long run of blanks, so that only a
    /// reading can tell.
    private let shown: [UInt8]?

    /// What a reader sees of `post` as it came in: a Markdown body of one part is rendered now
    /// and read only if an output does not render the same.
    ///
    /// This and the other ways in are kept out of line, as are `ConversionVerifier`'s, so
    /// that the bench counts a conversion's verification by the calls into them.
    @inline(never)
    static func of(_ post: Post) -> SourceReading {
        guard post.encoding == .utf8, post.language != .html, post.bodyRange.count <= MarkdownParts.partSize else {
            return SourceReading(ConversionVerifier.read(post: post))
        }
        return SiteHTML.renderBlocks(markdown: post.source.bytes[post.bodyRange]).map { SourceReading(rendered: $0) } ?? SourceReading()
    }

    /// A reading made already.
    public init(_ reading: ConversionVerifier.Reading = ConversionVerifier.Reading()) {
        self.reading = reading
        shown = nil
    }

    /// The HTML a Markdown source of one part renders to, block by block, and its parse when
    /// there is one, to be read when an output does not render the same, as much of it as an
    /// output does not render the same (`unmatched`).
    @inline(never)
    init(rendered: MarkdownParser.RenderedBlocks, document: HTMLDocument? = nil) {
        self.rendered = rendered
        self.document = document
        shown = Self.shownForm(rendered.html)
    }

    /// What a reader sees, not yet cut into words, once asked for.
    private var seen: ShownPage?

    /// What a reader sees of the source, not yet cut into words (`ShownPage.showsEveryWord`);
    /// nil when the source came as a reading.
    @inline(never)
    mutating func shownPage() -> ShownPage? {
        if let seen { return seen }
        if let document {
            seen = ConversionVerifier.shown(html: document)
        } else if let rendered {
            seen = ConversionVerifier.shown(html: rendered.html[...])
        } else {
            return nil
        }
        document = nil
        rendered = nil
        return seen
    }

    /// The reading, made now when it was not made yet.
    @inline(never)
    public mutating func read() -> ConversionVerifier.Reading {
        if let reading { return reading }
        var made = ConversionVerifier.Reading()
        if let seen {
            made.add(text: seen.text, alt: seen.alt)
        } else if let document {
            ConversionVerifier.read(html: document, into: &made)
        } else if let rendered {
            ConversionVerifier.read(html: rendered.html[...], into: &made)
        }
        reading = made
        document = nil
        rendered = nil
        seen = nil
        return made
    }

    /// The blocks of the source's HTML that no block of `output` (a Markdown output's HTML,
    /// rendered block by block) shows as they do, runs of blanks aside, and the output's blocks
    /// that show none of the source's, one after another; nil when the source's blocks are not
    /// kept, or a block of either side holds raw HTML that leaves an element open, which can
    /// make the blocks after it show otherwise (`HTMLStream.closesEverything`). Each block is
    /// then read alike wherever it stands, so every word of the blocks matched is shown the same
    /// number of times on both sides, and the words the output lacks are those the source's
    /// unmatched blocks have and the output's do not.
    /// Also nil when the blocks left to read and those to be told apart as raw HTML come to as
    /// much HTML as both sides: reading both whole costs no more then.
    func unmatched(_ output: MarkdownParser.RenderedBlocks) -> (source: [UInt8], output: [UInt8])? {
        guard let rendered else { return nil }
        let whole = rendered.html.count + output.html.count
        let raw = Self.rawSize(rendered) + Self.rawSize(output)
        guard raw < whole else { return nil }
        // The source's blocks' shown forms, one after another, and where each is; the blocks
        // not matched yet by the hash of their form.
        var forms: [UInt8] = [], places: [Range<Int>] = []
        var waiting: [Int: [Int]] = [:]
        for (index, block) in rendered.blocks.enumerated() {
            let start = forms.count
            guard Self.appendShownForm(rendered.html[block], to: &forms) else { return nil }
            places.append(start..<forms.count)
            waiting[Self.hash(forms[start...]), default: []].append(index)
        }
        var outputLeft: [UInt8] = []
        var form: [UInt8] = []
        for block in output.blocks {
            form.removeAll(keepingCapacity: true)
            guard Self.appendShownForm(output.html[block], to: &form) else { return nil }
            let key = Self.hash(form[...])
            // Any waiting block of the same form will do: the last, taken in constant time
            // however many blocks are alike (the list is taken out while it changes, so that it
            // is never copied).
            var matched = false
            if var candidates = waiting.removeValue(forKey: key) {
                if let found = candidates.lastIndex(where: { forms[places[$0]].elementsEqual(form) }) {
                    candidates.swapAt(found, candidates.count - 1)
                    candidates.removeLast()
                    matched = true
                }
                if !candidates.isEmpty { waiting[key] = candidates }
            }
            if !matched { outputLeft += output.html[block] }
        }
        var sourceLeft: [UInt8] = []
        for index in waiting.values.joined().sorted() { sourceLeft += rendered.html[rendered.blocks[index]] }
        guard raw + sourceLeft.count + outputLeft.count < whole, Self.standAlone(rendered), Self.standAlone(output) else { return nil }
        return (sourceLeft, outputLeft)
    }

    /// How many bytes of `rendered`'s HTML are in blocks that hold raw HTML.
    private static func rawSize(_ rendered: MarkdownParser.RenderedBlocks) -> Int {
        zip(rendered.blocks, rendered.rawHTML).reduce(0) { $0 + ($1.1 ? $1.0.count : 0) }
    }

    /// Whether every block of `rendered` that holds raw HTML closes what it opens.
    private static func standAlone(_ rendered: MarkdownParser.RenderedBlocks) -> Bool {
        zip(rendered.blocks, rendered.rawHTML).allSatisfy { block, raw in !raw || HTMLStream.closesEverything(rendered.html[block]) }
    }

    private static func hash(_ bytes: ArraySlice<UInt8>) -> Int {
        var hasher = Hasher()
        bytes.withUnsafeBytes { hasher.combine(bytes: $0) }
        return hasher.finalize()
    }

    /// Whether what a reader sees of the source has been worked out: cut into words, or as a
    /// page to look for blocks in (`shownPage()`); not when only some of its blocks were read
    /// (`unmatched`).
    var isRead: Bool { reading != nil || seen != nil }

    /// Whether `renderedHTML` (a Markdown output rendered as the source was) shows a reader
    /// exactly what the source shows, without reading either.
    public func rendersSame(as renderedHTML: [UInt8]) -> Bool {
        guard let shown, let other = Self.shownForm(renderedHTML) else { return false }
        return other == shown
    }

    /// The longest run of blanks a shown form is made over. libxml2 reads text 1,000 bytes at a
    /// time, and a piece of nothing but blanks at the top of a document opens a paragraph of its
    /// own: how long a run is can matter from there on.
    static let longestRun = 255

    /// `html` with every run of blanks (space, tab, line feed, carriage return: HTML's and
    /// libxml2's blanks) made one space; nil when a run is longer than `longestRun`.
    static func shownForm(_ html: [UInt8]) -> [UInt8]? {
        var out: [UInt8] = []
        return appendShownForm(html[...], to: &out) ? out : nil
    }

    /// Appends `html`'s shown form (`shownForm`) to `out`; false, with `out` left as it may be,
    /// when a run is longer than `longestRun`.
    static func appendShownForm(_ html: ArraySlice<UInt8>, to out: inout [UInt8]) -> Bool {
        // On raw buffers: this reads the source's rendered HTML and each output's, and
        // appending to an array byte by byte cost ten times the deciding.
        let start = out.count
        out.append(contentsOf: repeatElement(0, count: html.count))
        let written = html.withUnsafeBufferPointer { html in
            out.withUnsafeMutableBufferPointer { whole -> Int? in
                let out = UnsafeMutableBufferPointer(rebasing: whole[start...])
                var count = 0
                var run = 0
                for byte in html {
                    if byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D {
                        if run == 0 {
                            out[count] = 0x20
                            count += 1
                        }
                        run += 1
                        if run > longestRun { return nil }
                    } else {
                        out[count] = byte
                        count += 1
                        run = 0
                    }
                }
                return count
            }
        }
        guard let written else { return false }
        out.removeLast(html.count - written)
        return true
    }
}
