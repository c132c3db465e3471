import PostlintAdapters
import PostlintModel

/// The content model built straight from cmark-gfm's tree, for a body without raw HTML: what
/// rendering it to HTML and reading that back with libxml2 (`DocumentBuilder`) gives, without
/// either step. Where the two could disagree, it declines and the post takes the HTML path:
/// raw HTML, a URL that cmark would percent-encode, control characters, ragged tables, deep
/// nesting. `MarkdownBlocksTests` holds the two paths to the same result.
struct MarkdownBlocks {
    private let nodes: [MarkdownNode]
    private let children: [[Int]]
    private(set) var issues: [ConversionIssue] = []
    /// Set when the tree holds something only the HTML path builds exactly.
    private var declined = false

    /// Nesting beyond this goes the HTML path, which flattens what is deeper than 64 elements.
    static let maximumDepth = 24

    /// The blocks and the issues met, or nil when the HTML path must build this document.
    static func build(_ document: MarkdownDocument, captionPrefixes: [String]) -> (blocks: [Block], issues: [ConversionIssue])? {
        let nodes = document.nodes
        guard nodes.first?.kind == .document else { return nil }
        var children = [[Int]](repeating: [], count: nodes.count)
        for (index, node) in nodes.enumerated() {
            guard node.depth <= maximumDepth, isPlain(node) else { return nil }
            if let parent = node.parent { children[parent].append(index) }
        }
        var builder = MarkdownBlocks(nodes: nodes, children: children)
        let blocks = builder.blocks(children[0])
        guard !builder.declined else { return nil }
        return (ContentShaping.attachCaptions(blocks, prefixes: captionPrefixes), builder.issues)
    }

    /// Whether `document`, parsed with bare URLs linked, may hold a link the autolink extension
    /// made. Every such link's URL ends with its text (`https://…`, `www.…` after `http://`, an
    /// address after `mailto:`); a document with no link like that builds the same blocks as
    /// the same text parsed without the extension, which only splits text nodes where it looks
    /// for URLs, and text nodes are joined here. So the tree the checks read serves conversion.
    static func mayHoldBareURLLinks(_ document: MarkdownDocument) -> Bool {
        let nodes = document.nodes
        for (index, node) in nodes.enumerated() where node.kind == .link && index + 1 < nodes.count {
            let text = nodes[index + 1]
            if text.parent == index, text.kind == .text, let url = node.destination, url.hasSuffix(text.literal ?? "") { return true }
        }
        return false
    }

    /// A node whose HTML form reads back as it is: no raw HTML, no extension this builder does
    /// not know, no text libxml2 would change, no URL cmark would percent-encode.
    private static func isPlain(_ node: MarkdownNode) -> Bool {
        switch node.kind {
        case .htmlBlock, .htmlInline, .other: return false
        default: break
        }
        if let literal = node.literal, !(literal.utf8.withContiguousStorageIfAvailable { $0.allSatisfy(isPlainTextByte) }
            ?? literal.utf8.allSatisfy(isPlainTextByte)) { return false }
        // libxml2 may normalize white space in attribute values; a title keeps plain spaces only.
        if let title = node.title, !title.utf8.allSatisfy({ isPlainTextByte($0) && $0 >= 0x20 }) { return false }
        if let destination = node.destination, !destination.utf8.allSatisfy(isHrefSafe) { return false }
        return true
    }

    /// Not a control character other than tab, line feed and carriage return.
    private static func isPlainTextByte(_ byte: UInt8) -> Bool {
        byte >= 0x20 ? byte != 0x7F : byte == 0x09 || byte == 0x0A || byte == 0x0D
    }

    /// What cmark writes into `href` and `src` unchanged: letters, digits and
    /// `-_.+!*'(),%#@?=;:/&$~` (`&` and `'` as entities libxml2 reads back).
    private static func isHrefSafe(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
             UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "+"), UInt8(ascii: "!"), UInt8(ascii: "*"),
             UInt8(ascii: "'"), UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: ","), UInt8(ascii: "%"), UInt8(ascii: "#"),
             UInt8(ascii: "@"), UInt8(ascii: "?"), UInt8(ascii: "="), UInt8(ascii: ";"), UInt8(ascii: ":"), UInt8(ascii: "/"),
             UInt8(ascii: "&"), UInt8(ascii: "$"), UInt8(ascii: "~"):
            return true
        default:
            return false
        }
    }

    // MARK: - Blocks

    private mutating func blocks(_ indices: [Int]) -> [Block] {
        var result: [Block] = []
        for index in indices {
            let node = nodes[index]
            let kids = children[index]
            switch node.kind {
            case .paragraph:
                let inlines = ContentShaping.trim(inlines(kids))
                if !inlines.isEmpty { result.append(ContentShaping.paragraph(inlines)) }
            case .heading:
                let inlines = ContentShaping.trim(inlines(kids))
                if !inlines.isEmpty { result.append(.heading(level: node.level, inlines)) }
            case .codeBlock:
                result.append(codeBlock(node))
            case .blockQuote:
                let inner = blocks(kids)
                if !inner.isEmpty { result.append(.quote(inner)) }
            case .list:
                let items = kids.map { blocks(children[$0]) }
                if !items.isEmpty { result.append(.list(ordered: node.listStart != nil, start: node.listStart ?? 1, items: items)) }
            case .thematicBreak:
                result.append(.rule)
            case .table:
                if let table = table(node, rows: kids) { result.append(.table(table)) }
            default:
                declined = true
            }
        }
        return result
    }

    /// `<pre><code class="language-…">`: the info string's first word, and the text with its
    /// line breaks made LF and one leading line break dropped.
    private func codeBlock(_ node: MarkdownNode) -> Block {
        let info = node.info ?? ""
        let word = info.utf8.prefix { !(0x09...0x0D).contains($0) && $0 != 0x20 }
        let language = word.isEmpty ? nil : String(decoding: word, as: UTF8.self)
        var text = (node.literal ?? "").replacingCRLF()
        if text.hasPrefix("\n") { text.removeFirst() }
        return .code(language: language, text: text)
    }

    private mutating func table(_ node: MarkdownNode, rows: [Int]) -> Table? {
        let cells = rows.map { row in children[row].map { ContentShaping.trim(inlines(children[$0])) } }
        // Ragged rows are kept as HTML by the HTML path, with an issue; let it.
        guard let width = cells.first?.count, width > 0, cells.allSatisfy({ $0.count == width }),
              rows.allSatisfy({ nodes[$0].kind == .tableRow }) else {
            declined = true
            return nil
        }
        var body = cells
        let header = nodes[rows[0]].isHeaderRow ? body.removeFirst() : Array(repeating: [Inline](), count: width)
        let alignments: [Table.Alignment] = (0..<width).map { column in
            guard nodes[rows[0]].isHeaderRow, column < node.alignments.count else { return .none }
            switch node.alignments[column] {
            case UInt8(ascii: "l"): return .left
            case UInt8(ascii: "c"): return .center
            case UInt8(ascii: "r"): return .right
            default: return .none
            }
        }
        return Table(header: header, alignments: alignments, rows: body)
    }

    // MARK: - Inlines

    private mutating func inlines(_ indices: [Int]) -> [Inline] {
        var result: [Inline] = []
        // Text and line breaks between two elements are one text node in the HTML.
        var text = ""
        func flush() {
            if !text.isEmpty { result.append(.text(ContentShaping.collapse(text))) }
            text = ""
        }
        // Nodes are read in place: copying each one out cost more than the rest of the loop.
        for index in indices {
            let kids = children[index]
            switch nodes[index].kind {
            case .text:
                text += nodes[index].literal ?? ""
            case .softBreak:
                text += "\n"
            case .lineBreak:
                // cmark writes `<br />` and a line break.
                flush()
                result.append(.lineBreak)
                text = "\n"
            case .code:
                flush()
                let code = ContentShaping.collapse(nodes[index].literal ?? "")
                // As `DocumentBuilder` does: code of spaces alone shows as a space.
                if code == " " { result.append(.text(" ")) } else if !code.isEmpty { result.append(.code(code)) }
            case .emphasis:
                flush()
                result += ContentShaping.wrap(inlines(kids), Inline.emphasis)
            case .strong:
                flush()
                result += ContentShaping.wrap(inlines(kids), Inline.strong)
            case .strikethrough:
                flush()
                result += ContentShaping.wrap(inlines(kids), Inline.strikethrough)
            case .link:
                flush()
                result += link(nodes[index], content: inlines(kids))
            case .image:
                flush()
                let alt = plainText(kids)
                // As for titles: no tab in an attribute value.
                if alt.utf8.contains(0x09) { declined = true }
                if let image = image(nodes[index], alt: alt) {
                    result.append(.image(image))
                } else {
                    // A picture with no usable source shows its alt text, as in `DocumentBuilder`.
                    let shown = ContentShaping.collapse(alt)
                    if !shown.isEmpty, shown != " " { result.append(.text(" " + shown + " ")) }
                }
            default:
                declined = true
            }
        }
        flush()
        return ContentShaping.merge(result)
    }

    private mutating func link(_ node: MarkdownNode, content: [Inline]) -> [Inline] {
        let href = node.destination ?? ""
        guard !href.isEmpty else { return content }
        if let scheme = HTMLSemantics.dangerousScheme(href) {
            issues.append(ConversionIssue(message: "`\(scheme):` link dropped, its text kept", fatal: false, needle: href))
            return content
        }
        if content.isEmpty { return [] }
        return [.link(destination: href, title: node.title.flatMap { $0.isEmpty ? nil : $0 }, content)]
    }

    private func image(_ node: MarkdownNode, alt: String) -> Image? {
        guard let source = node.destination, !source.isEmpty, HTMLSemantics.dangerousScheme(source) == nil else { return nil }
        return Image(source: source, alt: alt, title: node.title.flatMap { $0.isEmpty ? nil : $0 }, width: nil, height: nil)
    }

    /// An image's `alt` as cmark writes it: the text of every descendant, breaks as spaces.
    private func plainText(_ indices: [Int]) -> String {
        indices.map { index -> String in
            let node = nodes[index]
            switch node.kind {
            case .text, .code: return node.literal ?? ""
            case .softBreak, .lineBreak: return " "
            default: return plainText(children[index])
            }
        }.joined()
    }
}

private extension String {
    func replacingCRLF() -> String {
        guard utf8.contains(0x0D) else { return self }
        return replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
    }
}
