import PostlintModel

/// PL610: a URL written bare in the text. GitHub links it; Jekyll's kramdown shows it as plain
/// text. Write `<https://…>` or `[text](https://…)`.
struct BareURL: SwiftRuleCheck {
    static let ruleID = "bare-url"

    func check(_ post: Post, _ context: RuleContext, report: (Finding) -> Void) {
        guard let body = post.body else { return }
        // Looked up by binary search: a post with thousands of links and URLs was quadratic.
        let anchorContents = RangeSet(body.html.elements.filter { $0.name == "a" }.compactMap { element in
            element.startTag.map { $0.upperBound..<max($0.upperBound, element.contentEnd) }
        })
        // A reference definition that cmark read as text (after a Liquid tag, say) is still a
        // definition to kramdown, whose Liquid has run first.
        let bytes = post.source.bytes
        for url in body.bareURLs where !Self.isNotForReaders(post.source, url)
            && !anchorContents.contains(url.lowerBound) && !Self.isReferenceDefinition(post.source, line: post.source.line(containing: url.lowerBound))
            // `<…>` around it is an autolink, whatever cmark made of the line around it.
            && !(url.lowerBound > 0 && bytes[url.lowerBound - 1] == UInt8(ascii: "<") && url.upperBound < bytes.count && bytes[url.upperBound] == UInt8(ascii: ">")) {
            report(Finding(range: url, message: "bare URL `\(post.source.string(url))`; write it as `<…>` or `[text](…)` so every renderer links it"))
        }
        // Inside raw HTML blocks cmark finds no URLs; look in their text that is not already a
        // link. (Text around inline HTML is Markdown, which cmark has read.)
        // Elements come parents first, so whether each lies in a link is known in one pass.
        var inLink: [Bool] = []
        inLink.reserveCapacity(body.html.elements.count)
        for element in body.html.elements { inLink.append(element.name == "a" || element.parent.map { $0 < inLink.count && inLink[$0] } ?? false) }
        let htmlBlocks = post.language == .html ? nil
            : RangeSet(body.markdown.nodes.indices.filter { body.markdown.nodes[$0].kind == .htmlBlock }.map { body.markdownRanges[$0] })
        for text in body.html.texts where text.text.containsBytes(of: "://") && (htmlBlocks?.contains(text.range.lowerBound) ?? true)
            && !(text.parent.map { inLink[$0] } ?? false) {
            var bytes = text.text
            let urls = bytes.withUTF8 { Self.urls(in: $0) }
            for url in urls {
                let range = (text.range.lowerBound + url.lowerBound)..<(text.range.lowerBound + url.upperBound)
                let written = String(decoding: text.text.utf8.dropFirst(url.lowerBound).prefix(url.count), as: UTF8.self)
                guard range.upperBound <= text.range.upperBound, !body.verbatim.overlaps(range), post.source.string(range) == written,
                      !Self.isReferenceDefinition(post.source, line: post.source.line(containing: range.lowerBound)) else { continue }
                // `[text](url)` inside an HTML block: kramdown shows the Markdown as it is written.
                if range.lowerBound >= 2, post.source.bytes[(range.lowerBound - 2)..<range.lowerBound].elementsEqual("](".utf8) {
                    let url = written.hasSuffix(")") ? String(written.dropLast()) : written
                    report(Finding(range: range, message: "a Markdown link inside an HTML block is shown as written, brackets and all; write `<a href=\"\(url)\">…</a>`"))
                    continue
                }
                report(Finding(range: range, message: "bare URL `\(written)`; wrap it in `<a href=…>` so it is a link"))
            }
        }
    }

    /// A URL no reader is meant to follow: a local host (`http://hadoop1:4040`, `localhost`, an
    /// IP address), a site's bare address, or one on a shell command line (`$ curl …`) or in
    /// the output just after it.
    static func isNotForReaders(_ source: SourceText, _ url: Range<Int>) -> Bool {
        let text = source.string(url)
        let host = text.split(separator: "/", omittingEmptySubsequences: true).dropFirst().first?.split(separator: ":").first ?? ""
        if !host.contains(".") || host.allSatisfy({ $0.isNumber || $0 == "." }) { return true }
        // A site's bare address (`https://jekyllrb.com`) names the site, as its domain would;
        // a URL with a path points at something to read.
        if text.split(separator: "/", omittingEmptySubsequences: true).count <= 2 { return true }
        let line = source.line(containing: url.lowerBound)
        for candidate in [line, line - 1] where candidate >= 1 {
            let start = source.bytes[source.lineRange(candidate)].drop { $0 == 0x20 || $0 == 0x09 }
            if start.starts(with: "$ ".utf8) { return true }
        }
        return false
    }

    /// Whether a line is a link reference definition, `[label]: URL`.
    static func isReferenceDefinition(_ source: SourceText, line: Int) -> Bool {
        let bytes = source.bytes[source.lineRange(line)]
        guard let open = bytes.firstIndex(where: { $0 != 0x20 }), open - bytes.startIndex <= 3, bytes[open] == UInt8(ascii: "["),
              let close = bytes[open...].firstIndex(of: UInt8(ascii: "]")), close + 1 < bytes.endIndex else { return false }
        return bytes[close + 1] == UInt8(ascii: ":")
    }

    /// Byte ranges of `http://…` and `https://…` in `text`, each up to white space, `<`, `>`,
    /// `"`, `'`, `，`, `。` or `）`.
    static func urls(in text: UnsafeBufferPointer<UInt8>) -> [Range<Int>] {
        var found: [Range<Int>] = []
        var index = 0
        while index < text.count {
            guard text[index] == UInt8(ascii: "h"), let start = Self.afterScheme(text, index) else {
                index += 1
                continue
            }
            var end = start
            scan: while end < text.count {
                let lead = text[end]
                if lead < 0x80 {
                    switch lead {
                    case 0x09...0x0D, 0x20, UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "\""), UInt8(ascii: "'"): break scan
                    default: end += 1
                    }
                    continue
                }
                let (value, length) = UTF8Scalar.decode(text, at: end, end: text.count)
                if value == 0xFF0C || value == 0x3002 || value == 0xFF09 || Unicode.Scalar(value)?.properties.isWhitespace != false { break }
                end += length
            }
            if end > start { found.append(index..<end) }
            index = max(end, index + 1)
        }
        return found
    }

    /// Where `http://` or `https://` at `index` ends.
    private static func afterScheme(_ text: UnsafeBufferPointer<UInt8>, _ index: Int) -> Int? {
        for scheme in ["http://", "https://"] where text.count - index >= scheme.utf8.count {
            if zip(scheme.utf8, text[index...]).allSatisfy({ $0 == $1 }) { return index + scheme.utf8.count }
        }
        return nil
    }
}
