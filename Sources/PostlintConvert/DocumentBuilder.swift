import Foundation
import PostlintModel
import PostlintRules

/// Turns parsed HTML into a `ContentDocument`: structure kept, presentation, hidden content,
/// scripts, comments and wrappers dropped, text decoded once.
struct DocumentBuilder {
    enum Node { case element(Int), text(Int) }

    let html: HTMLDocument
    let children: [[Node]]
    let roots: [Node]
    let captionPrefixes: [String]
    var issues: [ConversionIssue] = []

    static let dropped: Set<String> = [
        "script", "style", "iframe", "object", "form", "noscript", "template", "head", "title",
        "frame", "frameset", "applet", "button", "select", "textarea", "svg", "math",
    ]
    /// Void elements that libxml2's HTML4-minded parser may leave open, making the rest of the
    /// document their children: the element goes, what follows it stays.
    static let voidDropped: Set<String> = ["embed", "base", "meta", "link", "input", "param", "source", "track", "keygen"]
    static let containers: Set<String> = [
        "div", "section", "article", "center", "header", "footer", "main", "aside", "nav", "body", "html",
        "details", "summary", "dl", "dd", "dt", "address", "hgroup",
    ]
    static let headings: [String: Int] = ["h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6]
    static let blockNames: Set<String> = containers.union(headings.keys).union([
        "p", "pre", "blockquote", "ul", "ol", "li", "hr", "table", "figure", "figcaption",
    ])

    /// Elements nested deeper than this are flattened into their ancestor at this depth: no
    /// real post nests so deep, and the builder and the writers recurse once per level.
    static let maximumDepth = 64

    init(html: HTMLDocument, captionPrefixes: [String]) {
        self.html = html
        self.captionPrefixes = captionPrefixes
        // A parent always comes before its children, so one pass finds every element's depth
        // and the nearest ancestor (or itself) that is shallow enough to keep.
        var kept = [Int](repeating: 0, count: html.elements.count)
        var depth = [Int](repeating: 0, count: html.elements.count)
        var flattened = false
        for (index, element) in html.elements.enumerated() {
            depth[index] = element.parent.map { depth[$0] + 1 } ?? 0
            if depth[index] < Self.maximumDepth {
                kept[index] = index
            } else {
                kept[index] = kept[element.parent!]
                flattened = true
            }
        }
        var children = [[Node]](repeating: [], count: html.elements.count)
        var roots: [Node] = []
        var ordered: [(Int, Node, Int?)] = html.elements.enumerated().compactMap { index, element in
            depth[index] < Self.maximumDepth ? (element.order, .element(index), element.parent) : nil
        }
        ordered += html.texts.enumerated().map { ($1.order, .text($0), $1.parent) }
        for (_, node, parent) in ordered.sorted(by: { $0.0 < $1.0 }) {
            if let parent { children[kept[parent]].append(node) } else { roots.append(node) }
        }
        self.children = children
        self.roots = roots
        if flattened {
            issues.append(ConversionIssue(message: "elements nested more than \(Self.maximumDepth) deep were flattened into their ancestor at that depth", fatal: false))
        }
    }

    mutating func build() -> [Block] {
        attachCaptions(blocks(roots))
    }

    // MARK: - Blocks

    private mutating func blocks(_ nodes: [Node]) -> [Block] {
        var result: [Block] = []
        var pending: [Node] = []
        func flush(_ builder: inout DocumentBuilder) {
            let inlines = builder.trim(builder.inlines(pending))
            pending = []
            if !inlines.isEmpty { result.append(builder.paragraph(inlines)) }
        }
        for node in nodes {
            if case .element(let index) = node, Self.voidDropped.contains(html.elements[index].name) {
                flush(&self)
                result += blocks(children[index])
                continue
            }
            guard case .element(let index) = node, Self.blockNames.contains(html.elements[index].name) || isDropped(index) else {
                pending.append(node)
                continue
            }
            flush(&self)
            result += block(index)
        }
        flush(&self)
        return result
    }

    private mutating func block(_ index: Int) -> [Block] {
        let element = html.elements[index]
        if isDropped(index) { return [] }
        let kids = children[index]
        switch element.name {
        case "p", "figcaption":
            if kids.contains(where: { if case .element(let child) = $0 { return Self.blockNames.contains(html.elements[child].name) } else { return false } }) {
                return blocks(kids)
            }
            let inlines = trim(inlines(kids))
            return inlines.isEmpty ? [] : [paragraph(inlines)]
        case let name where Self.headings[name] != nil:
            let inlines = trim(inlines(kids))
            return inlines.isEmpty ? [] : [.heading(level: Self.headings[name]!, inlines)]
        case "pre":
            var language: String?
            if case .element(let child)? = kids.first, html.elements[child].name == "code",
               let classes = html.elements[child].attribute("class")?.value {
                language = classes.split(separator: " ").first { $0.hasPrefix("language-") }.map { String($0.dropFirst(9)) }
            }
            var text = rawText(kids).replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
            if text.hasPrefix("\n") { text.removeFirst() }
            return [.code(language: language, text: text)]
        case "blockquote":
            let inner = blocks(kids)
            return inner.isEmpty ? [] : [.quote(inner)]
        case "ul", "ol":
            var items: [[Block]] = []
            for case .element(let child) in kids where html.elements[child].name == "li" && !isDropped(child) {
                items.append(blocks(children[child]))
            }
            let start = Int(element.attribute("start")?.value ?? "") ?? 1
            return items.isEmpty ? [] : [.list(ordered: element.name == "ol", start: start, items: items)]
        case "li":
            return blocks(kids)
        case "hr":
            return [.rule]
        case "table":
            return [table(index)]
        case "figure":
            var image: Image?
            var caption: [Inline]?
            for case .element(let child) in kids {
                if html.elements[child].name == "figcaption" { caption = trim(inlines(children[child])) }
                if image == nil { image = firstImage(child) }
            }
            if let image { return [.figure(image, caption: caption?.isEmpty == true ? nil : caption)] }
            return blocks(kids)
        default:
            return blocks(kids)
        }
    }

    private func paragraph(_ inlines: [Inline]) -> Block {
        if inlines.count == 1, case .image(let image) = inlines[0] { return .figure(image, caption: nil) }
        return .paragraph(inlines)
    }

    /// `<img>` followed by a paragraph such as `图片来源：…` becomes an image with that caption.
    private func attachCaptions(_ blocks: [Block]) -> [Block] {
        var result: [Block] = []
        for block in blocks {
            if case .paragraph(let inlines) = block, case .figure(let image, nil)? = result.last {
                let text = inlines.map(\.plainText).joined()
                if captionPrefixes.contains(where: { text.hasPrefix($0) }) {
                    result[result.count - 1] = .figure(image, caption: inlines)
                    continue
                }
            }
            if case .quote(let inner) = block {
                result.append(.quote(attachCaptions(inner)))
            } else {
                result.append(block)
            }
        }
        return result
    }

    private func firstImage(_ index: Int) -> Image? {
        if html.elements[index].name == "img" { return image(index) }
        for case .element(let child) in children[index] { if let found = firstImage(child) { return found } }
        return nil
    }

    // MARK: - Tables

    private mutating func table(_ index: Int) -> Block {
        var rows: [(cells: [[Inline]], header: Bool, alignments: [Table.Alignment])] = []
        var simple = true
        func collect(_ node: Int, _ builder: inout DocumentBuilder) {
            for case .element(let child) in builder.children[node] {
                let name = builder.html.elements[child].name
                if ["thead", "tbody", "tfoot"].contains(name) { collect(child, &builder); continue }
                guard name == "tr" else { continue }
                var cells: [[Inline]] = []
                var header = false
                var alignments: [Table.Alignment] = []
                for case .element(let cell) in builder.children[child] where ["td", "th"].contains(builder.html.elements[cell].name) {
                    let element = builder.html.elements[cell]
                    if element.attribute("colspan") != nil || element.attribute("rowspan") != nil { simple = false }
                    if builder.children[cell].contains(where: { if case .element(let inner) = $0 { return Self.blockNames.subtracting(["p"]).contains(builder.html.elements[inner].name) } else { return false } }) {
                        simple = false
                    }
                    header = header || element.name == "th"
                    let align = (element.attribute("align")?.value ?? element.attribute("style")?.value ?? "").lowercased()
                    alignments.append(align.contains("center") ? .center : align.contains("right") ? .right : align.contains("left") ? .left : .none)
                    cells.append(builder.trim(builder.inlines(builder.children[cell])))
                }
                rows.append((cells, header, alignments))
            }
        }
        collect(index, &self)
        let width = rows.map(\.cells.count).max() ?? 0
        if !simple || width == 0 || Set(rows.map(\.cells.count)).count > 1 {
            issues.append(ConversionIssue(
                message: "a table with merged cells, block content or ragged rows has no Markdown form; kept as HTML",
                fatal: false, needle: "<table"))
            return .html(serialize(index))
        }
        let headerRow = rows[0].header ? rows.removeFirst() : (cells: Array(repeating: [Inline](), count: width), header: true, alignments: [])
        return .table(Table(
            header: headerRow.cells,
            alignments: headerRow.alignments.isEmpty ? Array(repeating: .none, count: width) : headerRow.alignments,
            rows: rows.map(\.cells)))
    }

    /// Minimal, safe HTML for a fallback: structure elements and text only.
    private func serialize(_ index: Int) -> String {
        let element = html.elements[index]
        let kept: Set<String> = ["table", "thead", "tbody", "tfoot", "tr", "td", "th", "p", "br", "strong", "em", "code", "ul", "ol", "li", "caption"]
        var out = ""
        if kept.contains(element.name) {
            out += "<\(element.name)"
            for name in ["colspan", "rowspan"] { if let value = element.attribute(name)?.value { out += " \(name)=\"\(Self.escapeAttribute(value))\"" } }
            out += element.name == "br" ? "/>" : ">"
        }
        for node in children[index] {
            switch node {
            case .element(let child): if !isDropped(child) { out += serialize(child) }
            case .text(let text): out += Self.escapeText(html.texts[text].text)
            }
        }
        if kept.contains(element.name), element.name != "br" { out += "</\(element.name)>" }
        return out
    }

    static func escapeText(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }

    static func escapeAttribute(_ text: String) -> String {
        escapeText(text).replacingOccurrences(of: "\"", with: "&quot;")
    }

    // MARK: - Inlines

    private mutating func inlines(_ nodes: [Node]) -> [Inline] {
        var result: [Inline] = []
        for node in nodes {
            switch node {
            case .text(let index):
                let parent = html.texts[index].parent.map { html.elements[$0].name }
                if parent == "script" || parent == "style" { continue }
                result.append(.text(Self.collapse(html.texts[index].text)))
            case .element(let index):
                result += inline(index)
            }
        }
        return merge(result)
    }

    private mutating func inline(_ index: Int) -> [Inline] {
        let element = html.elements[index]
        if Self.voidDropped.contains(element.name) { return inlines(children[index]) }
        if isDropped(index) { return [] }
        let kids = children[index]
        switch element.name {
        case "strong", "b": return wrap(inlines(kids), Inline.strong)
        case "em", "i", "cite", "dfn", "var": return wrap(inlines(kids), Inline.emphasis)
        case "del", "s", "strike": return wrap(inlines(kids), Inline.strikethrough)
        case "code", "tt", "kbd", "samp":
            let text = Self.collapse(rawText(kids))
            return text.isEmpty ? [] : [.code(text)]
        case "br": return [.lineBreak]
        case "img": return image(index).map { [.image($0)] } ?? []
        case "a":
            let content = inlines(kids)
            guard let href = element.attribute("href")?.value.map({ String($0.trimmingWhitespace) }), !href.isEmpty else { return content }
            if let scheme = HTMLSemantics.dangerousScheme(href) {
                issues.append(ConversionIssue(message: "`\(scheme):` link dropped, its text kept", fatal: false, needle: href))
                return content
            }
            if content.isEmpty { return [] }
            return [.link(destination: href, title: element.attribute("title")?.value, content)]
        default:
            // span, font, center, u, small, sup, sub, abbr, mark… and blocks met inside a paragraph:
            // keep the text, drop the wrapper.
            return inlines(kids)
        }
    }

    private func wrap(_ content: [Inline], _ make: ([Inline]) -> Inline) -> [Inline] {
        let trimmed = trim(content)
        guard !trimmed.isEmpty else { return content }
        // Spaces just inside a `<strong>` belong outside the Markdown delimiters.
        var result: [Inline] = []
        if case .text(let text)? = content.first, text.hasPrefix(" ") { result.append(.text(" ")) }
        result.append(make(trimmed))
        if case .text(let text)? = content.last, text.hasSuffix(" ") { result.append(.text(" ")) }
        return result
    }

    private func image(_ index: Int) -> Image? {
        let element = html.elements[index]
        guard let source = element.attribute("src")?.value, !source.isEmpty, HTMLSemantics.dangerousScheme(source) == nil else { return nil }
        return Image(
            source: source, alt: element.attribute("alt")?.value ?? "", title: element.attribute("title")?.value,
            width: element.attribute("width")?.value, height: element.attribute("height")?.value)
    }

    private func isDropped(_ index: Int) -> Bool {
        let element = html.elements[index]
        return Self.dropped.contains(element.name) || HTMLSemantics.hiding(element) != nil
    }

    private func rawText(_ nodes: [Node]) -> String {
        nodes.map { node -> String in
            switch node {
            case .text(let index): return html.texts[index].text
            case .element(let index): return html.elements[index].name == "br" ? "\n" : rawText(children[index])
            }
        }.joined()
    }

    /// HTML's white-space collapsing: runs of spaces, tabs and line breaks are one space, except
    /// that a line break between two CJK characters disappears (CSS Text's segment-break rule),
    /// as Chinese paragraphs wrapped in the source are one unbroken run of text.
    static func collapse(_ text: String) -> String {
        var contiguous = text
        return contiguous.withUTF8(collapse) ?? text
    }

    /// Built as UTF-8 bytes, a scalar decoded only for the CJK test: appending scalars to a
    /// String one at a time costs far more. Nil when there is nothing to collapse.
    private static func collapse(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        var previousSpace = false
        let collapsed = bytes.allSatisfy { byte in
            defer { previousSpace = byte == 0x20 }
            return byte != 0x09 && byte != 0x0A && byte != 0x0D && byte != 0x0C && !(byte == 0x20 && previousSpace)
        }
        if collapsed { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var space = false
        var lineBreak = false
        var previous: UInt32?
        var index = 0
        while index < bytes.count {
            let lead = bytes[index]
            if lead == 0x20 || lead == 0x09 || lead == 0x0A || lead == 0x0D || lead == 0x0C {
                space = true
                if lead == 0x0A || lead == 0x0D { lineBreak = true }
                index += 1
                continue
            }
            // A String's bytes are valid UTF-8, so every byte here starts a scalar.
            let length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
            var value = UInt32(lead) & (length == 1 ? 0x7F : 0xFF >> UInt32(length + 1))
            for offset in 1..<max(1, length) { value = value << 6 | UInt32(bytes[index + offset] & 0x3F) }
            let joins = lineBreak && previous.map { CJK.isCJKOnlyPunctuation($0) || (CJK.isCJK($0) && CJK.isCJK(value)) } == true
            if space, !joins { out.append(0x20) }
            space = false
            lineBreak = false
            for offset in 0..<length { out.append(bytes[index + offset]) }
            previous = value
            index += length
        }
        if space { out.append(0x20) }
        return String(decoding: out, as: UTF8.self)
    }

    /// Adjacent texts joined, collapsed again, empty ones gone.
    private func merge(_ inlines: [Inline]) -> [Inline] {
        var result: [Inline] = []
        for inline in inlines {
            if case .text(let text) = inline, case .text(let previous)? = result.last {
                result[result.count - 1] = .text(Self.collapse(previous + text))
            } else if case .text(let text) = inline, text.isEmpty {
                continue
            } else {
                result.append(inline)
            }
        }
        return result
    }

    /// Only spaces and tabs (Foundation's `.whitespaces`, without its cost).
    static func isBlank(_ text: String) -> Bool {
        text.unicodeScalars.allSatisfy { $0 == " " || $0 == "\t" || $0.properties.generalCategory == .spaceSeparator }
    }

    /// No white space at the start or end of a block, nor around line breaks.
    func trim(_ inlines: [Inline]) -> [Inline] {
        var result = inlines
        while case .text(let text)? = result.first, Self.isBlank(text) || result.first == .lineBreak { result.removeFirst() }
        while let first = result.first, first == .lineBreak { result.removeFirst() }
        if case .text(let text)? = result.first { result[0] = .text(String(text.drop { $0 == " " })) }
        while case .text(let text)? = result.last, Self.isBlank(text) { result.removeLast() }
        while let last = result.last, last == .lineBreak { result.removeLast() }
        if case .text(let text)? = result.last {
            var trimmed = text
            while trimmed.hasSuffix(" ") { trimmed.removeLast() }
            result[result.count - 1] = .text(trimmed)
        }
        for index in result.indices {
            if result[index] == .lineBreak {
                if index > 0, case .text(let text) = result[index - 1] {
                    var trimmed = text
                    while trimmed.hasSuffix(" ") { trimmed.removeLast() }
                    result[index - 1] = .text(trimmed)
                }
                if index + 1 < result.count, case .text(let text) = result[index + 1] {
                    result[index + 1] = .text(String(text.drop { $0 == " " }))
                }
            }
        }
        return result.filter { if case .text(let text) = $0 { return !text.isEmpty } else { return true } }
    }
}
