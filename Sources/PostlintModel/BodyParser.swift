#if canImport(Glibc)
import Glibc
#endif
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
    /// With `searching`, every code span and link is placed by the general search, without the
    /// shortcuts of `anchored` (for the tests that hold the two to each other).
    static func parse(_ source: SourceText, range: Range<Int>, language: MarkupLanguage = .markdown, searching: Bool = false) -> Body {
        let firstLine = source.line(containing: range.lowerBound)
        let markdown = language == .html
            ? MarkdownDocument(nodes: [])
            : source.bytes.withUnsafeBufferPointer { MarkdownParser.parse(utf8: UnsafeBufferPointer(rebasing: $0[range])) }
        let nodes = markdown.nodes
        // By index: a node is a large value, and copying each one out cost more than the loops.
        let ranges = nodes.indices.map { index -> Range<Int> in
            let reported = fileRange(nodes[index].start, nodes[index].end, in: source, firstLine: firstLine, limit: range)
            switch nodes[index].kind {
            case .code, .link: return anchored(nodes[index], literal: markdown.literalBytes(index), reported, in: source, searching: searching) ?? reported
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
        var codeBlocks: [Range<Int>] = []
        // Autolinks of one paragraph, all reported at its place, come in order: each is looked
        // for after the one before (from the start, equal URLs all found the first, and a long
        // paragraph of them was quadratic).
        var autolinkSearch: (paragraph: Range<Int>, from: Int)?
        for index in nodes.indices {
            let nodeRange = ranges[index]
            switch nodes[index].kind {
            case .codeBlock:
                code.append(nodeRange)
                codeBlocks.append(nodeRange)
            case .code: code.append(nodeRange)
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
                } else if !sequence(first: index, next: { nodes[$0].parent }).dropFirst().contains(where: { nodes[$0].kind == .image }) {
                    // The autolink extension reports its links at the paragraph's position. An
                    // image's alt text is no link in any renderer.
                    let from = autolinkSearch.flatMap { $0.paragraph.lowerBound == nodeRange.lowerBound && $0.from < nodeRange.upperBound ? $0.from : nil } ?? nodeRange.lowerBound
                    if let url = bareURL(index, in: markdown, within: from..<nodeRange.upperBound, source: source) {
                        bareURLs.append(trimmed(url, source.bytes))
                        autolinkSearch = (nodeRange, url.upperBound)
                    }
                }
            default: break
            }
        }
        var html = HTMLDocument(elements: [], texts: [], comments: [], issues: [])
        var markup: [Range<Int>] = []
        if hasHTML {
            // libxml2 must not read code or Liquid as markup, nor `<https://…>` as a tag. Code
            // blocks are read as one space each: no tag holds one, and a text running over one
            // leaves the HTML blocks, inside which alone a rule reads a text by its own offsets.
            html = HTMLParser.parse(source.bytes[range], baseOffset: range.lowerBound,
                                    blanking: code + liquid + autolinks + (language == .markdown ? notTags(source, range) : []),
                                    shortening: codeBlocks)
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
            verbatim: RangeSet(code + liquid + autolinks + bareURLs + destinations + markup + MathSpans.find(in: source.bytes, range: range)),
            blocks: blocks.filter { !$0.isEmpty && !codeSet.overlaps($0) }.sorted { $0.lowerBound < $1.lowerBound },
            bareURLs: bareURLs.filter { url in !liquid.contains { $0.overlaps(url) } })
    }

    /// cmark-gfm's columns for inline nodes drift on some lines; a code span or an autolink is
    /// found again by its own text, at the occurrence nearest to where cmark put it.
    private static func anchored(_ node: MarkdownNode, literal: ArraySlice<UInt8>?, _ reported: Range<Int>, in source: SourceText, searching: Bool) -> Range<Int>? {
        var needle: [UInt8] = []
        switch node.kind {
        case .code: needle += literal ?? []
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
        // Where cmark put it holds it: near the start, as a code span's backticks or a link's
        // `<` come first (a reported range can run on for pages, and searching all of it for
        // every node was quadratic).
        let head = reported.lowerBound..<min(reported.upperBound, reported.lowerBound + needle.count + 64)
        if reported.count >= needle.count, source.firstRange(of: needle, in: head) != nil, node.kind != .code || bytes[reported.lowerBound] == UInt8(ascii: "`") {
            return nil
        }
        if node.kind == .code, !searching, let spanned = spannedInPlace(needle, reported, in: source) { return spanned }
        let line = source.line(containing: reported.lowerBound)
        let span = source.fullLineRange(max(1, line - 1)).lowerBound..<source.fullLineRange(min(source.lineCount, line + 1)).upperBound
        // `[text](url)`, most links, holds no `<url>`: one search of the widest window the search
        // below would look in says so before its widening searches, each of which would find
        // nothing (the window, not the lines: a line of a million links would be quadratic).
        if node.kind == .link, !searching {
            let widest = max(span.lowerBound, reported.lowerBound - Self.widestSearch)..<min(span.upperBound, min(reported.upperBound, reported.lowerBound + needle.count) + Self.widestSearch)
            if source.firstRange(of: needle, in: widest) == nil { return nil }
        }
        return nearestWidening(needle, node, reported, span: span, in: source)
    }

    /// A code span's literal where cmark-gfm puts it (at its text, after the backticks), with
    /// the backticks around it: what `nearestWidening` finds for it, without a search. Nil when
    /// the text there is not the literal, or a backtick there could start a nearer span.
    private static func spannedInPlace(_ literal: [UInt8], _ reported: Range<Int>, in source: SourceText) -> Range<Int>? {
        let bytes = source.bytes
        let at = reported.lowerBound
        guard at + literal.count <= bytes.count, bytes[at..<(at + literal.count)].elementsEqual(literal) else { return nil }
        var start = at, end = at + literal.count
        while start > 0, bytes[start - 1] == UInt8(ascii: " ") { start -= 1 }
        while end < bytes.count, bytes[end] == UInt8(ascii: " ") { end += 1 }
        guard start > 0, bytes[start - 1] == UInt8(ascii: "`"), end < bytes.count, bytes[end] == UInt8(ascii: "`") else { return nil }
        while start > 0, bytes[start - 1] == UInt8(ascii: "`") { start -= 1 }
        while end < bytes.count, bytes[end] == UInt8(ascii: "`") { end += 1 }
        // Another occurrence nearer to `at` would have to widen to a backtick within that distance
        // on the right (on the left lies this span's own run of backticks and spaces); and the
        // search keeps only what lies within its first window's half-width.
        let distance = at - start
        guard distance <= 128, !bytes[at..<min(bytes.count, at + distance)].contains(UInt8(ascii: "`")) else { return nil }
        // The search widens within the line before and the line after: on one line, the span
        // and the backtick after it are inside.
        guard !bytes[start..<end].contains(0x0A) else { return nil }
        return start..<end
    }

    /// The occurrence of `needle` nearest to where cmark put the node, within `span`.
    private static func nearestWidening(_ needle: [UInt8], _ node: MarkdownNode, _ reported: Range<Int>, span: Range<Int>, in source: SourceText) -> Range<Int>? {
        // The search starts near where cmark put the node and widens until the nearest
        // occurrence is surely inside, up to 16 KB either way: a long line with thousands of
        // equal code spans, or of autolinks written without `<…>`, made searching the whole
        // line for each one quadratic. Drift is a few columns; beyond that, cmark's place stands.
        var width = 256
        while true {
            // Around where it starts: an autolink's reported range is its whole paragraph.
            let window = max(span.lowerBound, reported.lowerBound - width)..<min(span.upperBound, min(reported.upperBound, reported.lowerBound + needle.count) + width)
            let best = nearest(needle, node, reported, within: window, span: span, in: source)
            if let best, abs(best.lowerBound - reported.lowerBound) <= width / 2 { return best }
            if window == span || width >= widestSearch { return best }
            width *= 4
        }
    }

    /// How far either way the search for a code span's or a link's text widens at most.
    private static let widestSearch = 16_384

    /// The occurrence of `needle` starting in `window` nearest to `reported` (a code span's
    /// widened to its backticks, within `span`).
    private static func nearest(_ needle: [UInt8], _ node: MarkdownNode, _ reported: Range<Int>, within window: Range<Int>, span: Range<Int>, in source: SourceText) -> Range<Int>? {
        let bytes = source.bytes
        var best: Range<Int>?
        var from = window.lowerBound
        // Each occurrence in turn, found with memchr: most links are `[text](url)`, whose
        // `<url>` occurs nowhere, so the search usually ends at once.
        while let occurrence = source.firstRange(of: needle, in: from..<window.upperBound) {
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

    /// What Markdown does not read as a tag although it starts with `<`: an autolink `<scheme:…>`
    /// or `<name@host>`, and a `<` escaped by a backslash (`\<n\>` is the text `<n>`).
    private static func notTags(_ source: SourceText, _ range: Range<Int>) -> [Range<Int>] {
        source.bytes.withUnsafeBufferPointer { bytes in
            var found: [Range<Int>] = []
            guard let base = bytes.baseAddress else { return found }
            var index = range.lowerBound
            while index < range.upperBound, let hit = memchr(base + index, Int32(UInt8(ascii: "<")), range.upperBound - index) {
                let start = UnsafeRawPointer(hit) - UnsafeRawPointer(base)
                if let end = MarkdownAngleBrackets.notTag(bytes, at: start, from: range.lowerBound, limit: range.upperBound) {
                    found.append(start..<end)
                    index = end
                } else {
                    index = start + 1
                }
            }
            return found
        }
    }

    /// Where the URL text of a link made by the autolink extension is, searched in its range.
    private static func bareURL(_ index: Int, in markdown: MarkdownDocument, within range: Range<Int>, source: SourceText) -> Range<Int>? {
        let nodes = markdown.nodes
        let text = index + 1 < nodes.count && nodes[index + 1].parent == index ? markdown.literalBytes(index + 1).map(Array.init) : nodes[index].destination.map { Array($0.utf8) }
        guard let needle = text, !needle.isEmpty,
              // What the extension links: a scheme, `www.` or an e-mail address.
              needle.contains(UInt8(ascii: ":")) || needle.starts(with: Array("www.".utf8)) || needle.contains(UInt8(ascii: "@")) else { return nil }
        let bytes = source.bytes
        var start = range.lowerBound
        while start + needle.count <= range.upperBound {
            if bytes[start] == needle[0], bytes[start..<(start + needle.count)].elementsEqual(needle),
               // Not the start of a longer URL written earlier in the paragraph.
               !(start + needle.count < bytes.count && isURLByte(bytes[start + needle.count])) {
                return start..<(start + needle.count)
            }
            start += 1
        }
        return nil
    }

    private static func isURLByte(_ byte: UInt8) -> Bool {
        (0x30...0x39).contains(byte) || (0x61...0x7A).contains(byte | 0x20) || "/-_~%=&".utf8.contains(byte)
    }

    /// A bare URL as a reader would take it: the autolink extension runs on into text that
    /// follows without a space (`https://e.com/a)中文`), so it ends before the first character
    /// beyond ASCII or a `)` that closes nothing in it.
    private static func trimmed(_ url: Range<Int>, _ bytes: [UInt8]) -> Range<Int> {
        var depth = 0
        for index in url {
            switch bytes[index] {
            case 0x80...: return url.lowerBound..<index
            case UInt8(ascii: "("): depth += 1
            case UInt8(ascii: ")"):
                if depth == 0 { return url.lowerBound..<index }
                depth -= 1
            default: break
            }
        }
        return url
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
