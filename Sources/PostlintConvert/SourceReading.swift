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
    /// The source's rendered HTML, parsed or not, when it has not been read yet.
    private var document: HTMLDocument?
    private var html: [UInt8]?
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
        var kept = SourceReading()
        SiteHTML.render(markdown: post.source.bytes[post.bodyRange]) { kept = SourceReading(renderedHTML: $0, document: nil) }
        return kept
    }

    /// A reading made already.
    public init(_ reading: ConversionVerifier.Reading = ConversionVerifier.Reading()) {
        self.reading = reading
        shown = nil
    }

    /// The HTML a Markdown source of one part renders to, parsed already or not, to be read
    /// when an output does not render the same.
    @inline(never)
    init(renderedHTML html: [UInt8], document: HTMLDocument?) {
        self.document = document
        self.html = document == nil ? html : nil
        shown = Self.shownForm(html)
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
        } else if let html {
            seen = ConversionVerifier.shown(html: html[...])
        } else {
            return nil
        }
        document = nil
        html = nil
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
        } else if let html {
            ConversionVerifier.read(html: html[...], into: &made)
        }
        reading = made
        document = nil
        html = nil
        seen = nil
        return made
    }

    /// Whether what a reader sees of the source has been worked out: cut into words, or as a
    /// page to look for blocks in (`shownPage()`).
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
        // On raw buffers: this reads the source's rendered HTML and each output's, and
        // appending to an array byte by byte cost ten times the deciding.
        var out = [UInt8](repeating: 0, count: html.count)
        let written = html.withUnsafeBufferPointer { html in
            out.withUnsafeMutableBufferPointer { out -> Int? in
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
        guard let written else { return nil }
        out.removeLast(out.count - written)
        return out
    }
}
