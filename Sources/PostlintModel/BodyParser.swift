import PostlintAdapters

/// Builds a `Body`: cmark-gfm over the whole body, then libxml2 over its raw-HTML parts.
public enum BodyParser {
    /// HTML elements that hold running text as one unit.
    public static let blockElementNames: Set<String> = [
        "p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "dd", "dt", "figcaption",
        "blockquote", "div", "caption", "center", "section", "article", "header", "footer", "figure",
    ]

    /// An HTML body is not given to cmark at all: Jekyll passes `.html` files through without
    /// a Markdown converter, so an indented tag is no code block and a blank line ends nothing.
    static func parse(_ source: SourceText, range: Range<Int>, language: MarkupLanguage = .markdown) -> Body {
        let firstLine = source.line(containing: range.lowerBound)
        let markdown = language == .html
            ? MarkdownDocument(nodes: [])
            : source.bytes.withUnsafeBufferPointer { MarkdownParser.parse(utf8: UnsafeBufferPointer(rebasing: $0[range])) }
        let nodes = markdown.nodes
        // By index: a node is a large value, and copying each one out cost more than the loops.
        let ranges = nodes.indices.map { index -> Range<Int> in
            let reported = fileRange(nodes[index].start, nodes[index].end, in: source, firstLine: firstLine, limit: range)
            switch nodes[index].kind {
            case .code, .link: return anchored(nodes[index], reported, in: source) ?? reported
            default: return reported
            }
        }
        let liquid = liquidRanges(in: source, range: range)
        var code: [Range<Int>] = []
        var autolinks: [Range<Int>] = []
        var bareURLs: [Range<Int>] = []
        var destinations: [Range<Int>] = []
        var blocks: [Range<Int>] = []
        var hasHTML = language == .html
        for index in nodes.indices {
            let nodeRange = ranges[index]
            switch nodes[index].kind {
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
                    while child < nodes.count, nodes[child].depth > nodes[index].depth {
                        textEnd = max(textEnd, ranges[child].upperBound)
                        child += 1
                    }
                    destinations.append(nodeRange.lowerBound..<min(nodeRange.lowerBound + (first == UInt8(ascii: "!") ? 2 : 1), nodeRange.upperBound))
                    // cmark's child positions can run past the link's own end.
                    destinations.append(min(textEnd, nodeRange.upperBound)..<nodeRange.upperBound)
                } else if let url = bareURL(index, in: markdown, within: nodeRange, source: source) {
                    // The autolink extension reports its links at the paragraph's position.
                    bareURLs.append(url)
                }
            default: break
            }
        }
        var html = HTMLDocument(elements: [], texts: [], comments: [], issues: [])
        var markup: [Range<Int>] = []
        if hasHTML {
            // libxml2 must not read code or Liquid as markup, nor `<https://…>` as a tag.
            var masked = Array(source.bytes[range])
            for blank in code + liquid + autolinks + urlsInAngleBrackets(source, range) {
                for index in blank.clamped(to: range) where masked[index - range.lowerBound] != 0x0A
                    && masked[index - range.lowerBound] != 0x0D {
                    masked[index - range.lowerBound] = 0x20
                }
            }
            html = HTMLParser.parse(masked[...], baseOffset: range.lowerBound)
            var hasBlockChild = Set<Int>()
            for element in html.elements where blockElementNames.contains(element.name) {
                if let parent = element.parent { hasBlockChild.insert(parent) }
            }
            for (index, element) in html.elements.enumerated() {
                if let tag = element.startTag { markup.append(tag) }
                if let tag = element.endTag { markup.append(tag) }
                if ["pre", "code", "script", "style", "textarea"].contains(element.name), let start = element.startTag?.lowerBound {
                    code.append(start..<(element.endTag?.upperBound ?? element.contentEnd))
                }
                if blockElementNames.contains(element.name), !hasBlockChild.contains(index), let tag = element.startTag {
                    blocks.append(tag.upperBound..<max(tag.upperBound, element.contentEnd))
                }
            }
            markup += html.comments.map(\.range)
        }
        let codeSet = RangeSet(code)
        return Body(
            range: range, firstLine: firstLine, markdown: markdown, markdownRanges: ranges, html: html,
            codeRanges: codeSet, liquidRanges: RangeSet(liquid), autolinkRanges: RangeSet(autolinks),
            verbatim: RangeSet(code + liquid + autolinks + bareURLs + destinations + markup + mathRanges(in: source, range: range)),
            blocks: blocks.filter { !$0.isEmpty && !codeSet.overlaps($0) }.sorted { $0.lowerBound < $1.lowerBound },
            bareURLs: bareURLs.filter { url in !liquid.contains { $0.overlaps(url) } })
    }

    /// cmark-gfm's columns for inline nodes drift on some lines; a code span or an autolink is
    /// found again by its own text, at the occurrence nearest to where cmark put it.
    private static func anchored(_ node: MarkdownNode, _ reported: Range<Int>, in source: SourceText) -> Range<Int>? {
        var needle: [UInt8] = []
        switch node.kind {
        case .code: needle += (node.literal ?? "").utf8
        case .link where node.destination != nil:
            // `<destination>`, made as bytes: joining Strings first cost more than the search.
            let destination = node.destination!.utf8
            needle.reserveCapacity(destination.count + 2)
            needle.append(UInt8(ascii: "<"))
            needle += destination
            needle.append(UInt8(ascii: ">"))
        default: return nil
        }
        guard !needle.isEmpty, reported.lowerBound < source.count else { return nil }
        let bytes = source.bytes
        if reported.count >= needle.count, source.firstRange(of: needle, in: reported) != nil, node.kind != .code || bytes[reported.lowerBound] == UInt8(ascii: "`") {
            return nil
        }
        let line = source.line(containing: reported.lowerBound)
        let span = source.fullLineRange(max(1, line - 1)).lowerBound..<source.fullLineRange(min(source.lineCount, line + 1)).upperBound
        var best: Range<Int>?
        var from = span.lowerBound
        // Each occurrence in turn, found with memchr: most links are `[text](url)`, whose
        // `<url>` occurs nowhere, so the search usually ends at once.
        while let occurrence = source.firstRange(of: needle, in: from..<span.upperBound) {
            from = occurrence.lowerBound + 1
            var found = occurrence
            if node.kind == .code {
                // Widen to the backticks (and the padding spaces) around the literal.
                var start = found.lowerBound, end = found.upperBound
                while start > span.lowerBound, bytes[start - 1] == UInt8(ascii: " ") { start -= 1 }
                while end < span.upperBound, bytes[end] == UInt8(ascii: " ") { end += 1 }
                guard start > span.lowerBound, bytes[start - 1] == UInt8(ascii: "`"), end < span.upperBound, bytes[end] == UInt8(ascii: "`") else {
                    continue
                }
                while start > span.lowerBound, bytes[start - 1] == UInt8(ascii: "`") { start -= 1 }
                while end < span.upperBound, bytes[end] == UInt8(ascii: "`") { end += 1 }
                found = start..<end
            }
            if best == nil || abs(found.lowerBound - reported.lowerBound) < abs(best!.lowerBound - reported.lowerBound) { best = found }
        }
        return best
    }

    /// `$$ … $$` TeX math, which MathJax and KaTeX render and text rules must not read.
    private static func mathRanges(in source: SourceText, range: Range<Int>) -> [Range<Int>] {
        var found: [Range<Int>] = []
        var open: Int?
        var index = range.lowerBound
        while index < range.upperBound, let marker = source.firstRange(of: Self.mathMarker, in: index..<range.upperBound) {
            if let start = open {
                found.append(start..<marker.upperBound)
                open = nil
            } else {
                open = marker.lowerBound
            }
            index = marker.upperBound
        }
        return found
    }

    private static let mathMarker = Array("$$".utf8)

    /// `<https://…>` and `<mailto:…>` wherever they stand, even inside HTML blocks where cmark does
    /// not see autolinks: libxml2 would read them as elements named `https:`.
    private static func urlsInAngleBrackets(_ source: SourceText, _ range: Range<Int>) -> [Range<Int>] {
        let bytes = source.bytes
        let schemes = ["http://", "https://", "mailto:", "ftp://"].map { Array($0.utf8) }
        var found: [Range<Int>] = []
        var index = range.lowerBound
        while index < range.upperBound {
            if bytes[index] == UInt8(ascii: "<"),
               schemes.contains(where: { index + 1 + $0.count <= range.upperBound && bytes[(index + 1)..<(index + 1 + $0.count)].elementsEqual($0) }) {
                var end = index + 1
                while end < range.upperBound, bytes[end] != UInt8(ascii: ">"), bytes[end] > 0x20, bytes[end] != UInt8(ascii: "<") { end += 1 }
                if end < range.upperBound, bytes[end] == UInt8(ascii: ">") {
                    found.append(index..<(end + 1))
                    index = end + 1
                    continue
                }
            }
            index += 1
        }
        return found
    }

    /// Where the URL text of a link made by the autolink extension is, searched in its range.
    private static func bareURL(_ index: Int, in markdown: MarkdownDocument, within range: Range<Int>, source: SourceText) -> Range<Int>? {
        let nodes = markdown.nodes
        let text = index + 1 < nodes.count && nodes[index + 1].parent == index ? nodes[index + 1].literal : nodes[index].destination
        guard let needle = text.map({ Array($0.utf8) }), !needle.isEmpty else { return nil }
        let bytes = source.bytes
        var start = range.lowerBound
        while start + needle.count <= range.upperBound {
            if bytes[start] == needle[0], bytes[start..<(start + needle.count)].elementsEqual(needle) {
                return start..<(start + needle.count)
            }
            start += 1
        }
        return nil
    }

    /// cmark's 1-based line and inclusive byte column, relative to the body, as a file range.
    private static func fileRange(_ from: MarkdownPoint, _ to: MarkdownPoint, in source: SourceText, firstLine: Int, limit: Range<Int>) -> Range<Int> {
        func offset(_ point: MarkdownPoint, inclusive: Bool) -> Int {
            let line = firstLine + point.line - 1
            guard point.line >= 1, line <= source.lineCount else { return inclusive ? limit.upperBound : limit.lowerBound }
            let start = source.lineStarts[line - 1]
            let column = max(point.column, inclusive ? 0 : 1)
            return min(start + column - (inclusive ? 0 : 1), source.fullLineRange(line).upperBound)
        }
        let start = max(limit.lowerBound, offset(from, inclusive: false))
        let end = min(limit.upperBound, offset(to, inclusive: true))
        return start..<max(start, end)
    }

    /// `{% … %}` and `{{ … }}` spans, scanned bytewise.
    private static func liquidRanges(in source: SourceText, range: Range<Int>) -> [Range<Int>] {
        var result: [Range<Int>] = []
        let bytes = source.bytes
        var index = range.lowerBound
        while index + 1 < range.upperBound, let brace = source.firstRange(of: Self.liquidBrace, in: index..<(range.upperBound - 1)) {
            index = brace.lowerBound
            guard bytes[index + 1] == UInt8(ascii: "%") || bytes[index + 1] == UInt8(ascii: "{") else {
                index += 1
                continue
            }
            let closer = bytes[index + 1] == UInt8(ascii: "%") ? Self.tagEnd : Self.outputEnd
            guard let end = source.firstRange(of: closer, in: (index + 2)..<max(index + 2, range.upperBound)) else { break }
            result.append(index..<end.upperBound)
            index = end.upperBound
        }
        return result
    }

    private static let liquidBrace = Array("{".utf8), tagEnd = Array("%}".utf8), outputEnd = Array("}}".utf8)
}
