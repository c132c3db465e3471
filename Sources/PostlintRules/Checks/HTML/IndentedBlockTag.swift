import PostlintModel

/// PL423: a block tag indented into a Markdown code block. When a blank line ends an HTML block
/// and the next line starts with four spaces and a tag, outside any open HTML element, both
/// kramdown (Jekyll) and cmark-gfm show that line and what follows as code: readers see `<p>…`.
/// Indentation that renders as HTML (nested tags inside an element, which kramdown reads whole;
/// a tag continuing a paragraph; fewer than four spaces) is no defect, and is reported only where
/// a site asks for it (`any-indentation`, the finews convention).
struct IndentedBlockTag: SwiftRuleCheck {
    static let ruleID = "indented-block-tag"

    /// Either way, a tag follows the spaces or tabs that start its line.
    func mayFind(in bytes: UnsafeBufferPointer<UInt8>, language: MarkupLanguage, _ rule: ConfiguredRule) -> Bool {
        ByteClues.containsIndentedTag(in: bytes)
    }

    func check(_ post: Post, _ context: RuleContext, report: (Finding) -> Void) {
        guard let body = post.body, post.language == .markdown else { return }
        codeBlocksOfTags(post, body, context, report: report)
        if context.option("any-indentation").bool ?? false { styleIndents(post, body, context, report: report) }
    }

    /// Indented code blocks that follow an HTML block and start with a block tag.
    private func codeBlocksOfTags(_ post: Post, _ body: Body, _ context: RuleContext, report: (Finding) -> Void) {
        let nodes = body.markdown.nodes
        // Where elements' contents lie, for a lookup per candidate instead of a pass over them all.
        lazy var contents = RangeSet(body.html.elements.compactMap { element in element.startTag.map { $0.upperBound..<element.contentEnd } })
        for index in nodes.indices where nodes[index].kind == .codeBlock && !nodes[index].fenced {
            guard let previous = body.markdown.previousSibling(of: index), nodes[previous].kind == .htmlBlock else { continue }
            let range = body.markdownRanges[index]
            guard let (indent, name) = leadingTag(post.source, at: range.lowerBound) else { continue }
            // kramdown reads an open element whole, to its closing tag: inside one, nothing is code.
            if contents.contains(range.lowerBound) { continue }
            // Removing indentation inside a list item or a quote would end it.
            let nested = sequence(first: index) { nodes[$0].parent }.contains { [.item, .blockQuote].contains(nodes[$0].kind) }
            report(Finding(
                range: indent,
                message: "`<\(name)>` is indented into a Markdown code block after the HTML above, so readers see the tag as text; start it at the beginning of the line",
                fix: nested ? nil : context.deletion(indent)))
        }
    }

    /// The indentation and the tag name of a line that starts with spaces and a block tag.
    private func leadingTag(_ source: SourceText, at offset: Int) -> (Range<Int>, String)? {
        let line = source.line(containing: offset)
        let start = source.lineStarts[line - 1]
        let bytes = source.bytes
        var cursor = start
        while cursor < bytes.count, bytes[cursor] == 0x20 || bytes[cursor] == 0x09 { cursor += 1 }
        guard cursor > start, cursor + 1 < bytes.count, bytes[cursor] == UInt8(ascii: "<") else { return nil }
        var end = cursor + 1
        while end < bytes.count, (0x61...0x7A).contains(bytes[end] | 0x20) || (0x30...0x39).contains(bytes[end]) { end += 1 }
        let name = String(decoding: bytes[(cursor + 1)..<end], as: UTF8.self).lowercased()
        guard BodyParser.blockElementNames.contains(name) else { return nil }
        return (start..<cursor, name)
    }

    /// Top-level block tags indented in ways that still render as HTML.
    private func styleIndents(_ post: Post, _ body: Body, _ context: RuleContext, report: (Finding) -> Void) {
        var containers: [Range<Int>] = []
        for index in body.markdown.nodes.indices where [.item, .blockQuote].contains(body.markdown.nodes[index].kind) {
            containers.append(body.markdownRanges[index])
        }
        let nested = RangeSet(containers)
        for element in body.html.elements where element.parent == nil && BodyParser.blockElementNames.contains(element.name) {
            guard let tag = element.startTag else { continue }
            let line = post.source.line(containing: tag.lowerBound)
            let start = post.source.lineStarts[line - 1]
            guard start < tag.lowerBound, post.source.bytes[start..<tag.lowerBound].allSatisfy({ $0 == 0x20 || $0 == 0x09 }) else { continue }
            report(Finding(
                range: start..<tag.lowerBound, message: "`<\(element.name)>` is indented; this site starts block tags at the beginning of the line",
                fix: nested.contains(tag.lowerBound) ? nil : context.deletion(start..<tag.lowerBound)))
        }
    }
}
