import Foundation
import PostlintAdapters
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

    /// A `<form>` is not here: pages wrap whole articles in one. Its controls are.
    static let dropped: Set<String> = [
        "script", "style", "iframe", "object", "noscript", "template", "head", "title",
        "frame", "frameset", "applet", "button", "select", "textarea", "svg",
    ]
    /// Void elements that libxml2's HTML4-minded parser may leave open, making the rest of the
    /// document their children: the element goes, what follows it stays.
    static let voidDropped: Set<String> = ["embed", "base", "meta", "link", "input", "param", "source", "track", "keygen"]
    static let containers: Set<String> = [
        "div", "section", "article", "center", "header", "footer", "main", "aside", "nav", "body", "html",
        "details", "summary", "dl", "dd", "dt", "address", "hgroup", "form", "fieldset",
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
        ContentShaping.attachCaptions(blocks(roots), prefixes: captionPrefixes)
    }

    // MARK: - Blocks

    private mutating func blocks(_ nodes: [Node]) -> [Block] {
        var result: [Block] = []
        var pending: [Node] = []
        func flush(_ builder: inout DocumentBuilder) {
            let inlines = ContentShaping.trim(builder.inlines(pending))
            pending = []
            if !inlines.isEmpty { result.append(ContentShaping.paragraph(inlines)) }
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
            let inlines = ContentShaping.trim(inlines(kids))
            return inlines.isEmpty ? [] : [ContentShaping.paragraph(inlines)]
        case let name where Self.headings[name] != nil:
            let inlines = ContentShaping.trim(inlines(kids))
            return inlines.isEmpty ? [] : [.heading(level: Self.headings[name]!, inlines)]
        case "pre":
            var language: String?
            if case .element(let child)? = kids.first, html.elements[child].name == "code",
               let classes = html.elements[child].attribute("class")?.value {
                language = classes.split(separator: " ").first { $0.hasPrefix("language-") }.map { String($0.dropFirst(9)) }
            }
            var text = rawText(kids).replacingCRLF()
            if text.hasPrefix("\n") { text.removeFirst() }
            return [.code(language: language, text: text)]
        case "blockquote":
            let inner = blocks(kids)
            return inner.isEmpty ? [] : [.quote(inner)]
        case "ul", "ol":
            // Anything but `li` directly in a list (a nested list, text, a paragraph) belongs to
            // the item before it, where browsers show it; before any item, it is an item.
            var items: [[Block]] = []
            var stray: [Node] = []
            func flushStray(_ builder: inout DocumentBuilder) {
                guard !stray.isEmpty else { return }
                let found = builder.blocks(stray)
                stray.removeAll()
                guard !found.isEmpty else { return }
                if items.isEmpty { items.append(found) } else { items[items.count - 1] += found }
            }
            for node in kids {
                if case .element(let child) = node, html.elements[child].name == "li" {
                    flushStray(&self)
                    if !isDropped(child) { items.append(blocks(children[child])) }
                } else {
                    stray.append(node)
                }
            }
            flushStray(&self)
            let start = Int(element.attribute("start")?.value ?? "") ?? 1
            return items.isEmpty ? [] : [.list(ordered: element.name == "ol", start: start, items: items)]
        case "li":
            return blocks(kids)
        case "hr":
            return [.rule]
        case "table":
            // A caption has no Markdown form: it goes before a Markdown table as a paragraph
            // (an HTML fallback keeps it as its `<caption>`).
            let converted = table(index)
            if case .fallback = converted { return [converted] }
            var caption: [Block] = []
            for case .element(let child) in kids where html.elements[child].name == "caption" {
                caption += blocks(children[child]).isEmpty ? [] : [ContentShaping.paragraph(ContentShaping.trim(inlines(children[child])))]
            }
            return caption + [converted]
        case "figure":
            var image: Image?
            var caption: [Inline]?
            var other = false
            for node in kids {
                switch node {
                case .element(let child) where html.elements[child].name == "figcaption":
                    caption = ContentShaping.trim(inlines(children[child]))
                case .element(let child):
                    let found = firstImage(child)
                    // Anything else with text in the figure makes it more than a picture.
                    if found == nil || image != nil || hasText(child) { other = true }
                    if image == nil { image = found }
                case .text(let text):
                    if !Self.isSpace(html.texts[text].text) { other = true }
                }
            }
            if let image, !other { return [.figure(image, caption: caption?.isEmpty == true ? nil : caption)] }
            return blocks(kids)
        default:
            return blocks(kids)
        }
    }

    static func isSpace(_ text: String) -> Bool {
        text.unicodeScalars.allSatisfy(\.properties.isWhitespace)
    }

    /// Whether any text that is not white space lies inside the element.
    private func hasText(_ index: Int) -> Bool {
        children[index].contains { node in
            switch node {
            case .text(let text): return !Self.isSpace(html.texts[text].text)
            case .element(let child): return !isDropped(child) && hasText(child)
            }
        }
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
                    if builder.holdsFallbackBlocks(cell) { simple = false }
                    header = header || element.name == "th"
                    let align = (element.attribute("align")?.value ?? element.attribute("style")?.value ?? "").lowercased()
                    alignments.append(align.contains("center") ? .center : align.contains("right") ? .right : align.contains("left") ? .left : .none)
                    cells.append(ContentShaping.trim(builder.inlines(builder.children[cell])))
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
            return .fallback(fallback(index))
        }
        let headerRow = rows[0].header ? rows.removeFirst() : (cells: Array(repeating: [Inline](), count: width), header: true, alignments: [])
        return .table(Table(
            header: headerRow.cells,
            alignments: headerRow.alignments.isEmpty ? Array(repeating: .none, count: width) : headerRow.alignments,
            rows: rows.map(\.cells)))
    }

    /// Whether a table cell holds a list or table, which a Markdown cell cannot. Other blocks
    /// (`div`, `p`, headings) read as the text they hold, in a Markdown cell as in the HTML a
    /// fallback keeps, so that a table is a fallback or not the same way each time it is read.
    private func holdsFallbackBlocks(_ index: Int) -> Bool {
        children[index].contains { node in
            guard case .element(let child) = node, !isDropped(child) else { return false }
            return ["ul", "ol", "table"].contains(html.elements[child].name) || holdsFallbackBlocks(child)
        }
    }

    /// The fallback tree of an element: kept structure, text collapsed as HTML shows it,
    /// links and pictures; what shows nothing is left out, as cleaning would remove it.
    private func fallback(_ index: Int) -> [FallbackNode] {
        let element = html.elements[index]
        if ["p", "strong", "em", "code", "sup", "sub", "del", "caption", "a"].contains(element.name), !hasText(index), firstImage(index) == nil {
            return []
        }
        if element.name == "img" { return image(index).map { [.image($0)] } ?? [] }
        var content: [FallbackNode] = []
        var text = ""
        func flushText() {
            if !text.isEmpty { content.append(.text(ContentShaping.collapse(text))) }
            text = ""
        }
        for node in children[index] {
            switch node {
            case .element(let child):
                flushText()
                if !isDropped(child) { content += fallback(child) }
            case .text(let piece): text += html.texts[piece].text
            }
        }
        flushText()
        if element.name == "a" {
            guard let href = element.attribute("href")?.value.map({ String($0.trimmingWhitespace) }), !href.isEmpty,
                  HTMLSemantics.dangerousScheme(href) == nil else { return content }
            return [.link(destination: href, content)]
        }
        guard FallbackNode.kept.contains(element.name) else { return content }
        // An item outside a list is its content; what a table, row or list holds outside its
        // cells or items goes into one of its own, so the markup is valid (XHTML) and the text
        // is kept.
        if element.name == "li", !(element.parent.map { ["ul", "ol"].contains(html.elements[$0].name) } ?? false) { return content }
        switch element.name {
        case "table": content = Self.grouping(content, allowed: ["caption", "thead", "tbody", "tfoot", "tr"]) { [.element("tr", spans: [:], [.element("td", spans: [:], $0)])] }
        case "thead", "tbody", "tfoot": content = Self.grouping(content, allowed: ["tr"]) { [.element("tr", spans: [:], [.element("td", spans: [:], $0)])] }
        case "tr": content = Self.grouping(content, allowed: ["td", "th"]) { [.element("td", spans: [:], $0)] }
        case "ul", "ol": content = Self.grouping(content, allowed: ["li"]) { [.element("li", spans: [:], $0)] }
        default: break
        }
        var spans: [String: String] = [:]
        for attribute in ["colspan", "rowspan"] { if let value = element.attribute(attribute)?.value { spans[attribute] = value } }
        return [.element(element.name, spans: spans, element.name == "br" ? [] : content)]
    }

    // MARK: - Inlines

    private mutating func inlines(_ nodes: [Node]) -> [Inline] {
        var result: [Inline] = []
        // libxml2 can hand one run of text over in pieces (an entity starts a new one); white
        // space is collapsed over the whole run, as cmark's tree gives it.
        var text = ""
        for node in nodes {
            switch node {
            case .text(let index):
                let parent = html.texts[index].parent.map { html.elements[$0].name }
                if parent == "script" || parent == "style" { continue }
                text += html.texts[index].text
            case .element(let index):
                if !text.isEmpty { result.append(.text(ContentShaping.collapse(text))) }
                text = ""
                result += inline(index)
            }
        }
        if !text.isEmpty { result.append(.text(ContentShaping.collapse(text))) }
        return ContentShaping.merge(result)
    }

    private mutating func inline(_ index: Int) -> [Inline] {
        let element = html.elements[index]
        if Self.voidDropped.contains(element.name) {
            // A form field is a box between the words around it; a hidden one is nothing.
            let box = element.name == "input" && element.attribute("type")?.value?.lowercased() != "hidden"
            return box ? [.text(" ")] + inlines(children[index]) + [.text(" ")] : inlines(children[index])
        }
        // A dropped box (an icon, a frame, a button) still stands between the words around it.
        if isDropped(index) { return ConversionVerifier.boxes.contains(element.name) ? [.text(" ")] : [] }
        let kids = children[index]
        switch element.name {
        case "strong", "b": return ContentShaping.wrap(inlines(kids), Inline.strong)
        case "em", "i", "cite", "dfn", "var": return ContentShaping.wrap(inlines(kids), Inline.emphasis)
        case "del", "s", "strike": return ContentShaping.wrap(inlines(kids), Inline.strikethrough)
        case "sup": return ContentShaping.wrap(inlines(kids), Inline.superscript)
        case "sub": return ContentShaping.wrap(inlines(kids), Inline.subscript)
        case "code", "tt", "kbd", "samp":
            let text = ContentShaping.collapse(rawText(kids))
            // Code of spaces alone shows as a space.
            return text.isEmpty ? [] : text == " " ? [.text(" ")] : [.code(text)]
        case "br": return [.lineBreak]
        case "math":
            let nodes = mathNodes(kids)
            return nodes.isEmpty ? [] : [.math(display: element.attribute("display")?.value == "block", nodes)]
        case "img":
            // A picture with no source shows its alt text, as a browser does.
            if let image = image(index) { return [.image(image)] }
            // Its box stands apart from the words around it.
            let alt = ContentShaping.collapse(element.attribute("alt")?.value ?? "")
            return alt.isEmpty || alt == " " ? [] : [.text(" " + alt + " ")]
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
            // span, font, center, u, small, abbr, mark… and blocks met inside a paragraph:
            // keep the text, drop the wrapper. A block stands apart from the text around it
            // (`<a><div>Title</div><time>Oct. 2</time></a>` does not read `TitleOct. 2`).
            if Self.blockNames.contains(element.name) || element.name == "li" || element.name == "tr" || element.name == "td" || element.name == "th" {
                return [.text(" ")] + inlines(kids) + [.text(" ")]
            }
            return inlines(kids)
        }
    }

    /// A formula's MathML: the kept elements and their text, white space collapsed away.
    private func mathNodes(_ nodes: [Node]) -> [MathNode] {
        nodes.flatMap { node -> [MathNode] in
            switch node {
            case .text(let index):
                let text = String(html.texts[index].text.trimmingWhitespace)
                return text.isEmpty ? [] : [.text(text)]
            case .element(let index):
                let name = html.elements[index].name
                if name == "annotation" || name == "annotation-xml" || isDropped(index) { return [] }
                let inner = mathNodes(children[index])
                return MathNode.kept.contains(name) ? [.element(name, inner)] : inner
            }
        }
    }

    /// `nodes` with each run of nodes that are not elements named in `allowed` put in a
    /// wrapper; runs of white space alone are dropped.
    static func grouping(_ nodes: [FallbackNode], allowed: Set<String>, wrap: ([FallbackNode]) -> [FallbackNode]) -> [FallbackNode] {
        var result: [FallbackNode] = []
        var run: [FallbackNode] = []
        func flush() {
            let blank = run.allSatisfy { if case .text(let text) = $0 { return text.allSatisfy { $0 == " " } } else { return false } }
            if !blank { result += wrap(run) }
            run = []
        }
        for node in nodes {
            if case .element(let name, _, _) = node, allowed.contains(name) {
                flush()
                result.append(node)
            } else {
                run.append(node)
            }
        }
        flush()
        return result
    }

    /// Attributes lazy-loading scripts read the real picture from when `src` is missing.
    static let lazySources = ["data-src", "data-original", "data-lazy-src", "data-delayed-url", "data-delay", "data-url"]

    /// An image's picture: `src`, else a lazy loader's attribute, else the first of `srcset`.
    static func imageSource(_ element: HTMLElement) -> String? {
        for name in ["src"] + lazySources {
            if let value = element.attribute(name)?.value?.trimmingWhitespace, !value.isEmpty { return String(value) }
        }
        for name in ["srcset", "data-srcset"] {
            if let first = element.attribute(name)?.value?.split(separator: ",").first?.split(separator: " ").first, !first.isEmpty {
                return String(first)
            }
        }
        return nil
    }

    private func image(_ index: Int) -> Image? {
        let element = html.elements[index]
        guard let source = Self.imageSource(element), HTMLSemantics.dangerousScheme(source) == nil else { return nil }
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
}

private extension String {
    /// Line breaks made LF; most code has no CR, and Foundation's replacement costs even then.
    func replacingCRLF() -> String {
        guard utf8.contains(0x0D) else { return self }
        return replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
    }
}
