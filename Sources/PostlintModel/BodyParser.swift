import PostlintAdapters

/// Builds a `Body`: cmark-gfm over the whole body, then libxml2 over its raw-HTML parts.
enum BodyParser {
    static func parse(_ source: SourceText, range: Range<Int>) -> Body {
        let firstLine = source.line(containing: range.lowerBound)
        let markdown = MarkdownParser.parse(source.string(range))
        let ranges = markdown.nodes.map { fileRange(of: $0, in: source, firstLine: firstLine, limit: range) }
        let liquid = liquidRanges(in: source, range: range)
        var code: [Range<Int>] = []
        var autolinks: [Range<Int>] = []
        var hasHTML = false
        for (index, node) in markdown.nodes.enumerated() {
            switch node.kind {
            case .codeBlock, .code: code.append(ranges[index])
            case .htmlBlock, .htmlInline: hasHTML = true
            case .link where ranges[index].lowerBound < source.count
                && source.bytes[ranges[index].lowerBound] == UInt8(ascii: "<"):
                autolinks.append(ranges[index])
            default: break
            }
        }
        var html = HTMLDocument(elements: [], texts: [], comments: [], issues: [])
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
            for element in html.elements where ["pre", "code", "script", "style"].contains(element.name) {
                if let start = element.startTag?.lowerBound {
                    code.append(start..<(element.endTag?.upperBound ?? element.contentEnd))
                }
            }
        }
        return Body(
            range: range, firstLine: firstLine, markdown: markdown, markdownRanges: ranges, html: html,
            codeRanges: RangeSet(code), liquidRanges: RangeSet(liquid), autolinkRanges: RangeSet(autolinks))
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
