import PostlintAdapters

/// Builds a `Body`: cmark-gfm over the whole body, then libxml2 over its raw-HTML parts.
enum BodyParser {
    static let blockElements: Set<String> = [
        "p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "dd", "dt", "figcaption",
        "blockquote", "div", "caption", "center", "section", "article", "header", "footer", "figure",
    ]

    static func parse(_ source: SourceText, range: Range<Int>) -> Body {
        let firstLine = source.line(containing: range.lowerBound)
        let markdown = MarkdownParser.parse(source.string(range))
        let ranges = markdown.nodes.map { fileRange(of: $0, in: source, firstLine: firstLine, limit: range) }
        let liquid = liquidRanges(in: source, range: range)
        var code: [Range<Int>] = []
        var autolinks: [Range<Int>] = []
        var bareURLs: [Range<Int>] = []
        var destinations: [Range<Int>] = []
        var blocks: [Range<Int>] = []
        var hasHTML = false
        for (index, node) in markdown.nodes.enumerated() {
            let nodeRange = ranges[index]
            switch node.kind {
            case .codeBlock, .code: code.append(nodeRange)
            case .htmlBlock, .htmlInline: hasHTML = true
            case .paragraph, .heading, .tableCell: blocks.append(nodeRange)
            case .link, .image:
                let first = nodeRange.lowerBound < source.count ? source.bytes[nodeRange.lowerBound] : 0
                if first == UInt8(ascii: "<") {
                    autolinks.append(nodeRange)
                } else if first == UInt8(ascii: "[") || first == UInt8(ascii: "!") {
                    // `[text](destination "title")`: the text is prose, the rest is not.
                    var textEnd = nodeRange.lowerBound
                    var child = index + 1
                    while child < markdown.nodes.count, markdown.nodes[child].depth > node.depth {
                        textEnd = max(textEnd, ranges[child].upperBound)
                        child += 1
                    }
                    destinations.append(nodeRange.lowerBound..<min(nodeRange.lowerBound + (first == UInt8(ascii: "!") ? 2 : 1), nodeRange.upperBound))
                    destinations.append(textEnd..<nodeRange.upperBound)
                } else {
                    bareURLs.append(nodeRange)
                }
            default: break
            }
        }
        var html = HTMLDocument(elements: [], texts: [], comments: [], issues: [])
        var markup: [Range<Int>] = []
        if hasHTML {
            // libxml2 must not read code or Liquid as markup, nor `<https://…>` as a tag.
            var masked = Array(source.bytes[range])
            for blank in code + liquid + autolinks {
                for index in blank.clamped(to: range) where masked[index - range.lowerBound] != 0x0A
                    && masked[index - range.lowerBound] != 0x0D {
                    masked[index - range.lowerBound] = 0x20
                }
            }
            html = HTMLParser.parse(masked[...], baseOffset: range.lowerBound)
            var hasBlockChild = Set<Int>()
            for element in html.elements where blockElements.contains(element.name) {
                if let parent = element.parent { hasBlockChild.insert(parent) }
            }
            for (index, element) in html.elements.enumerated() {
                if let tag = element.startTag { markup.append(tag) }
                if let tag = element.endTag { markup.append(tag) }
                if ["pre", "code", "script", "style", "textarea"].contains(element.name), let start = element.startTag?.lowerBound {
                    code.append(start..<(element.endTag?.upperBound ?? element.contentEnd))
                }
                if blockElements.contains(element.name), !hasBlockChild.contains(index), let tag = element.startTag {
                    blocks.append(tag.upperBound..<max(tag.upperBound, element.contentEnd))
                }
            }
            markup += html.comments.map(\.range)
        }
        let codeSet = RangeSet(code)
        return Body(
            range: range, firstLine: firstLine, markdown: markdown, markdownRanges: ranges, html: html,
            codeRanges: codeSet, liquidRanges: RangeSet(liquid), autolinkRanges: RangeSet(autolinks),
            verbatim: RangeSet(code + liquid + autolinks + bareURLs + destinations + markup),
            blocks: blocks.filter { !$0.isEmpty && !codeSet.overlaps($0) }.sorted { $0.lowerBound < $1.lowerBound },
            bareURLs: bareURLs)
    }

    /// cmark's 1-based line and inclusive byte column, relative to the body, as a file range.
    private static func fileRange(of node: MarkdownNode, in source: SourceText, firstLine: Int, limit: Range<Int>) -> Range<Int> {
        func offset(_ point: MarkdownPoint, inclusive: Bool) -> Int {
            let line = firstLine + point.line - 1
            guard point.line >= 1, line <= source.lineCount else { return inclusive ? limit.upperBound : limit.lowerBound }
            let start = source.lineStarts[line - 1]
            let column = max(point.column, inclusive ? 0 : 1)
            return min(start + column - (inclusive ? 0 : 1), source.fullLineRange(line).upperBound)
        }
        let start = max(limit.lowerBound, offset(node.start, inclusive: false))
        let end = min(limit.upperBound, offset(node.end, inclusive: true))
        return start..<max(start, end)
    }

    /// `{% … %}` and `{{ … }}` spans, scanned bytewise.
    private static func liquidRanges(in source: SourceText, range: Range<Int>) -> [Range<Int>] {
        var result: [Range<Int>] = []
        let bytes = source.bytes
        var index = range.lowerBound
        while index + 1 < range.upperBound {
            guard bytes[index] == UInt8(ascii: "{"),
                  bytes[index + 1] == UInt8(ascii: "%") || bytes[index + 1] == UInt8(ascii: "{") else {
                index += 1
                continue
            }
            let close = bytes[index + 1] == UInt8(ascii: "%") ? UInt8(ascii: "%") : UInt8(ascii: "}")
            var end = index + 2
            while end + 1 < range.upperBound, !(bytes[end] == close && bytes[end + 1] == UInt8(ascii: "}")) { end += 1 }
            guard end + 1 < range.upperBound else { break }
            result.append(index..<(end + 2))
            index = end + 2
        }
        return result
    }
}
