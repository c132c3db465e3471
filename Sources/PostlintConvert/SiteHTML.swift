import PostlintAdapters

/// The HTML a Jekyll site makes of a post's Markdown: what conversion builds its document from
/// and what its verification reads the source and a Markdown output by.
enum SiteHTML {
    /// The HTML of `markdown` as a Jekyll site shows it (raw HTML kept, bare URLs not linked), a
    /// part at a time (`MarkdownParser.renderHTMLParts`).
    static func render(markdown: ArraySlice<UInt8>, _ each: ([UInt8]) -> Void) {
        markdown.withUnsafeBufferPointer { MarkdownParser.renderHTMLParts(utf8: $0, unsafe: true, autolinks: false, each) }
    }

    /// The HTML of `markdown` as `render` makes it, block by block (`RenderedBlocks`); nil for
    /// a text of more than one part.
    static func renderBlocks(markdown: ArraySlice<UInt8>) -> MarkdownParser.RenderedBlocks? {
        guard markdown.count <= MarkdownParts.partSize else { return nil }
        return markdown.withUnsafeBufferPointer { MarkdownParser.renderHTMLBlocks(utf8: $0, unsafe: true, autolinks: false) }
    }
}
