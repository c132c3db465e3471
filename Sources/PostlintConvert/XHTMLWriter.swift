import Foundation
import PostlintModel

/// Writes the content model as an EPUB 3 content document: well-formed XHTML, HTML5 vocabulary,
/// only the five XML entities, no script or style, and no reference to a remote resource.
public struct XHTMLWriter: Sendable {
    /// What becomes of images, which an EPUB may not load from the network.
    public enum Images: Sendable {
        /// A link to the image, with its alt text (the default).
        case link
        /// No image; a meaningful alt text stays as text.
        case drop
        /// Images found by `resolve` (given the source, it returns the path inside the book) are
        /// embedded; the rest are links.
        case local(@Sendable (String) -> String?)
    }

    public let images: Images
    /// Alt texts that say nothing, so `drop` does not keep them.
    public let placeholderAlts: Set<String>

    public init(images: Images = .link, placeholderAlts: Set<String> = ["image", "img", "picture", "photo", "图片", "图像", "图"]) {
        self.images = images
        self.placeholderAlts = placeholderAlts
    }

    public func document(_ blocks: [Block], metadata: PostMetadata, stylesheet: String? = nil) -> String {
        let (content, footer) = Self.splitFooter(blocks)
        let lang = XMLText.attribute(metadata.language)
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html>\n"
        out += "<html xmlns=\"http://www.w3.org/1999/xhtml\" xmlns:epub=\"http://www.idpf.org/2007/ops\" lang=\"\(lang)\" xml:lang=\"\(lang)\">\n"
        out += "<head>\n<meta charset=\"utf-8\"/>\n<title>\(XMLText.text(metadata.title))</title>\n"
        if let stylesheet { out += "<link rel=\"stylesheet\" type=\"text/css\" href=\"\(XMLText.attribute(stylesheet))\"/>\n" }
        out += "</head>\n<body>\n"
        out += "<section id=\"\(XMLText.attribute(metadata.id))\" epub:type=\"chapter\" role=\"doc-chapter\">\n"
        out += "<h1>\(XMLText.text(metadata.title))</h1>\n"
        if let iso = metadata.isoDate {
            out += "<p class=\"date\"><time datetime=\"\(iso)\">\(iso.prefix(10))</time></p>\n"
        }
        for block in content { out += render(block) }
        if !footer.attribution.isEmpty || footer.source != nil {
            out += "<footer>\n"
            for paragraph in footer.attribution { out += "<p>\(inline(paragraph))</p>\n" }
            if let source = footer.source, let url = Self.safeURL(source) {
                let label = metadata.language.hasPrefix("zh") ? "原文：" : "Source: "
                out += "<p class=\"source\">\(label)<a href=\"\(XMLText.attribute(url))\">\(XMLText.text(source))</a></p>\n"
            }
            out += "</footer>\n"
        }
        out += "</section>\n</body>\n</html>\n"
        return out
    }

    /// The attribution lines and the source link that end a post go to its footer.
    static func splitFooter(_ blocks: [Block]) -> (content: [Block], footer: (attribution: [[Inline]], source: String?)) {
        var content = blocks
        var attribution: [[Inline]] = []
        var source: String?
        var index = content.count - 1
        while index >= 0, index >= content.count - 4 {
            if case .paragraph(let inlines) = content[index] {
                let text = inlines.map(\.plainText).joined()
                if source == nil, inlines.count == 1, case .link(let url, nil, let children) = inlines[0],
                   children.map(\.plainText).joined() == url, url.hasPrefix("http") {
                    source = url
                    content.remove(at: index)
                } else if text.hasPrefix("（文章来源：") || text.hasPrefix("来源：") || text.hasPrefix("Source:") {
                    attribution.insert(inlines, at: 0)
                    content.remove(at: index)
                }
            }
            index -= 1
        }
        return (content, (attribution, source))
    }

    // MARK: - Blocks

    private func render(_ block: Block) -> String {
        switch block {
        case .paragraph(let inlines):
            let body = inline(inlines)
            return body.isEmpty ? "" : "<p>\(body)</p>\n"
        case .heading(let level, let inlines):
            let shifted = min(level + 1, 6)
            return "<h\(shifted)>\(inline(inlines))</h\(shifted)>\n"
        case .code(let language, let text):
            let classAttribute = language.map { " class=\"language-\(XMLText.attribute($0))\"" } ?? ""
            return "<pre><code\(classAttribute)>\(XMLText.text(text))</code></pre>\n"
        case .quote(let inner):
            let body = inner.map(render).joined()
            return body.isEmpty ? "" : "<blockquote>\n\(body)</blockquote>\n"
        case .list(let ordered, let start, let items):
            let tag = ordered ? "ol" : "ul"
            let startAttribute = ordered && start != 1 ? " start=\"\(start)\"" : ""
            var out = "<\(tag)\(startAttribute)>\n"
            for item in items {
                // A list item with one paragraph needs no <p> inside.
                if item.count == 1, case .paragraph(let inlines) = item[0] {
                    out += "<li>\(inline(inlines))</li>\n"
                } else {
                    out += "<li>\n" + item.map(render).joined() + "</li>\n"
                }
            }
            return out + "</\(tag)>\n"
        case .rule:
            return "<hr/>\n"
        case .table(let table):
            var out = "<table>\n<thead>\n<tr>"
            for (index, cell) in table.header.enumerated() { out += "<th\(Self.align(table.alignments, index))>\(inline(cell))</th>" }
            out += "</tr>\n</thead>\n<tbody>\n"
            for row in table.rows {
                out += "<tr>"
                for (index, cell) in row.enumerated() { out += "<td\(Self.align(table.alignments, index))>\(inline(cell))</td>" }
                out += "</tr>\n"
            }
            return out + "</tbody>\n</table>\n"
        case .figure(let image, let caption):
            let captionMarkup = caption.map { "<figcaption>\(inline($0))</figcaption>" } ?? ""
            switch placement(image) {
            case .embedded(let path):
                return "<figure><img src=\"\(XMLText.attribute(path))\" alt=\"\(XMLText.attribute(image.alt))\"\(Self.size(image))/>\(captionMarkup)</figure>\n"
            case .linked(let url):
                return "<figure><p><a href=\"\(XMLText.attribute(url))\">\(XMLText.text(linkText(image)))</a></p>\(captionMarkup)</figure>\n"
            case .text(let alt):
                var out = alt.map { "<p>\(XMLText.text($0))</p>\n" } ?? ""
                if let caption { out += "<p>\(inline(caption))</p>\n" }
                return out
            }
        case .fallback(let nodes):
            // Links and pictures follow the book's rules, as everywhere else in it.
            return FallbackNode.markup(
                nodes,
                link: { destination, content in Self.safeURL(destination).map { "<a href=\"\(XMLText.attribute($0))\">" + content + "</a>" } ?? content },
                image: { image, inLink in inline([.image(image)], insideLink: inLink) }) + "\n"
        }
    }

    // MARK: - Inlines

    /// `insideLink`: the inlines are a link's text, where another link (an image written as a
    /// link to itself) would nest `<a>` in `<a>`, which XHTML forbids.
    func inline(_ inlines: [Inline], insideLink: Bool = false) -> String {
        inlines.map { item -> String in
            switch item {
            case .text(let text): return XMLText.text(text)
            case .strong(let children): return "<strong>\(inline(children, insideLink: insideLink))</strong>"
            case .emphasis(let children): return "<em>\(inline(children, insideLink: insideLink))</em>"
            case .strikethrough(let children): return "<del>\(inline(children, insideLink: insideLink))</del>"
            case .code(let text): return "<code>\(XMLText.text(text))</code>"
            case .lineBreak: return "<br/>"
            case .math(let display, let nodes):
                return "<math xmlns=\"http://www.w3.org/1998/Math/MathML\"" + (display ? " display=\"block\"" : "") + ">" + Self.math(nodes) + "</math>"
            case .superscript(let children): return "<sup>\(inline(children, insideLink: insideLink))</sup>"
            case .subscript(let children): return "<sub>\(inline(children, insideLink: insideLink))</sub>"
            case .link(let destination, let title, let children):
                let content = inline(children, insideLink: true)
                guard !insideLink, let url = Self.safeURL(destination) else { return content }
                let titleAttribute = title.map { " title=\"\(XMLText.attribute($0))\"" } ?? ""
                return "<a href=\"\(XMLText.attribute(url))\"\(titleAttribute)>\(content)</a>"
            case .image(let image):
                switch placement(image) {
                case .embedded(let path): return "<img src=\"\(XMLText.attribute(path))\" alt=\"\(XMLText.attribute(image.alt))\"\(Self.size(image))/>"
                case .linked(let url):
                    // Inside a link, the link is the outer one: the image shows as its text.
                    if insideLink { return XMLText.text(linkText(image)) }
                    return "<a href=\"\(XMLText.attribute(url))\">\(XMLText.text(linkText(image)))</a>"
                case .text(let alt): return alt.map(XMLText.text) ?? ""
                }
            }
        }.joined()
    }

    private enum Placement { case embedded(String), linked(String), text(String?) }

    private func placement(_ image: Image) -> Placement {
        let meaningfulAlt = placeholderAlts.contains(image.alt.lowercased().trimmingCharacters(in: .whitespaces)) || image.alt.isEmpty ? nil : image.alt
        switch images {
        case .drop:
            return .text(meaningfulAlt)
        case .local(let resolve):
            if let path = resolve(image.source) { return .embedded(path) }
            fallthrough
        case .link:
            guard let url = Self.safeURL(image.source) else { return .text(meaningfulAlt) }
            return .linked(url)
        }
    }

    private func linkText(_ image: Image) -> String {
        let alt = image.alt.trimmingCharacters(in: .whitespaces)
        return alt.isEmpty ? "[image]" : "[\(alt)]"
    }

    // MARK: - Escaping and URLs

    static func math(_ nodes: [MathNode]) -> String {
        nodes.map { node -> String in
            switch node {
            case .element(let name, let children): return "<\(name)>" + math(children) + "</\(name)>"
            case .text(let text): return XMLText.text(text)
            }
        }.joined()
    }

    /// Each `%` that does not begin two hexadecimal digits written `%25`.
    private static func percentsEncoded(_ url: String) -> String {
        let bytes = Array(url.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        for (index, byte) in bytes.enumerated() {
            out.append(byte)
            guard byte == UInt8(ascii: "%") else { continue }
            if !(index + 2 < bytes.count && bytes[index + 1].isHexDigit && bytes[index + 2].isHexDigit) { out += Array("25".utf8) }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// An absolute http(s) or mailto URL safe to link from a book, or nil: relative links point
    /// into a web site the book does not contain, and scripts are never links.
    static func safeURL(_ url: String) -> String? {
        // (Foundation's trimming and a `Character` search for `#` cost more than the rest.)
        var candidate = String(url.trimmingWhitespace)
        if candidate.hasPrefix("//") { candidate = "https:" + candidate }
        let lower = candidate.lowercased()
        guard lower.hasPrefix("http://") || lower.hasPrefix("https://") || lower.hasPrefix("mailto:") else { return nil }
        // Brackets belong only around an IPv6 host, a `%` only before two hex digits, and a `#`
        // only once: anything else is encoded, or EPUBCheck rejects the URL (RSC-020).
        var out = URLText.encoded(candidate) { $0 < 0x80 && keptInURL[Int($0)] }
        out = Self.percentsEncoded(out)
        if let hash = out.utf8.firstIndex(of: UInt8(ascii: "#")) {
            out = String(out[...hash]) + out[out.index(after: hash)...].replacingOccurrences(of: "#", with: "%23")
        }
        if lower.hasPrefix("mailto:") { return out.count > 7 ? out : nil }
        guard let host = URL(string: out)?.host, !host.isEmpty else { return nil }
        return out
    }

    /// The ASCII a URL in the book keeps as it is: the printable characters but for the double
    /// quote, angle and square brackets, backslash, caret, backtick, braces, bar and space.
    private static let keptInURL: [Bool] = (0..<128).map { byte in
        byte > 0x20 && byte < 0x7F && !"\"<>\\^`{|} []".utf8.contains(UInt8(byte))
    }

    private static func size(_ image: Image) -> String {
        var out = ""
        if let width = image.width, width.allSatisfy(\.isNumber), !width.isEmpty { out += " width=\"\(width)\"" }
        if let height = image.height, height.allSatisfy(\.isNumber), !height.isEmpty { out += " height=\"\(height)\"" }
        return out
    }

    private static func align(_ alignments: [Table.Alignment], _ index: Int) -> String {
        guard index < alignments.count else { return "" }
        switch alignments[index] {
        case .none: return ""
        case .left: return " class=\"left\""
        case .center: return " class=\"center\""
        case .right: return " class=\"right\""
        }
    }
}
