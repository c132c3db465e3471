import PostlintAdapters

/// The part of a post after its front matter, with a Markdown view of all of it and an HTML
/// view of its raw-HTML parts. Every range is a byte range in the file. A class for the reason
/// `Post` is one: rules take it out of the post, and a value would be copied each time.
public final class Body: Sendable {
    public let range: Range<Int>
    /// The 1-based file line on which the body starts.
    public let firstLine: Int
    /// cmark-gfm's tree; `markdownRanges[i]` is where `markdown.nodes[i]` sits in the file.
    public let markdown: MarkdownDocument
    public let markdownRanges: [Range<Int>]
    /// libxml2's view of the raw HTML, parsed with code and Liquid blanked out (offsets kept). In
    /// a Markdown post a long blanked run (a code block) is read as one space, so a text that
    /// runs over one holds fewer spaces than the file; its range is the file's.
    public let html: HTMLDocument
    /// Code blocks, code spans and `pre`/`code`/`script`/`style` elements: never prose.
    public let codeRanges: RangeSet
    /// `{% … %}` and `{{ … }}`.
    public let liquidRanges: RangeSet
    /// Autolinks `<…>`: their text is a URL, not prose.
    public let autolinkRanges: RangeSet

    /// Everything in the body that is not prose: code, Liquid, `$$` math, URLs (autolinks, bare URLs,
    /// link destinations), HTML tags with their attributes, and comments. Text rules skip it.
    public let verbatim: RangeSet
    /// The units of running text — Markdown paragraphs, headings and table cells, and HTML block
    /// elements that hold no other block — as byte ranges, in order.
    public let blocks: [Range<Int>]
    /// URLs written bare in the text, which GitHub links but Jekyll's kramdown does not.
    public let bareURLs: [Range<Int>]

    init(
        range: Range<Int>, firstLine: Int, markdown: MarkdownDocument, markdownRanges: [Range<Int>], html: HTMLDocument,
        codeRanges: RangeSet, liquidRanges: RangeSet, autolinkRanges: RangeSet, verbatim: RangeSet, blocks: [Range<Int>], bareURLs: [Range<Int>]
    ) {
        self.range = range
        self.firstLine = firstLine
        self.markdown = markdown
        self.markdownRanges = markdownRanges
        self.html = html
        self.codeRanges = codeRanges
        self.liquidRanges = liquidRanges
        self.autolinkRanges = autolinkRanges
        self.verbatim = verbatim
        self.blocks = blocks
        self.bareURLs = bareURLs
    }

    /// Whether `offset` lies in code, Liquid or an autolink.
    public func isVerbatim(_ offset: Int) -> Bool {
        codeRanges.contains(offset) || liquidRanges.contains(offset) || autolinkRanges.contains(offset)
    }
}
