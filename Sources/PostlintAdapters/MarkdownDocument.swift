/// A Markdown tree as a flat array in document order (parents before children), so depth
/// never costs stack when building, walking or freeing it.
public struct MarkdownDocument: Sendable {
    public let nodes: [MarkdownNode]
    /// The UTF-8 of every node's literal, one after another: made a `String` only when read,
    /// as few are (checking Chinese Markdown made a `String` of every text node's literal, 4 %
    /// of its instructions, and read almost none).
    private let literals: [UInt8]

    public init(nodes: [MarkdownNode]) { self.init(nodes: nodes, literals: []) }

    init(nodes: [MarkdownNode], literals: [UInt8]) {
        self.nodes = nodes
        self.literals = literals
    }

    /// The text of node `index` when it is a text, code, code block or raw HTML node.
    public func literal(_ index: Int) -> String? {
        literalBytes(index).map { String(decoding: $0, as: UTF8.self) }
    }

    /// `literal(index)` as the UTF-8 cmark gave.
    public func literalBytes(_ index: Int) -> ArraySlice<UInt8>? {
        nodes[index].literalRange.map { literals[$0] }
    }

    /// The node before `index` with the same parent, if any. In document order the node just
    /// before `index` is its previous sibling or a descendant of it, so climbing from there
    /// finds the sibling without a table.
    public func previousSibling(of index: Int) -> Int? {
        let parent = nodes[index].parent
        var candidate = index - 1
        while candidate >= 0, candidate != parent {
            if nodes[candidate].parent == parent { return candidate }
            guard let up = nodes[candidate].parent else { return nil }
            candidate = up
        }
        return nil
    }
}

/// A line and a 1-based byte column, as cmark-gfm reports them.
public struct MarkdownPoint: Sendable, Equatable {
    public let line: Int
    public let column: Int
}

/// One node of the Markdown tree with cmark-gfm's source positions.
public struct MarkdownNode: Sendable {
    /// The node kinds postlint cares about; anything else is `.other`.
    public enum Kind: Sendable, Equatable {
        case document, blockQuote, list, item, codeBlock, htmlBlock, paragraph, heading
        case thematicBreak, text, softBreak, lineBreak, code, htmlInline, emphasis, strong
        case link, image, table, tableRow, tableCell, strikethrough, other

        init(_ type: String) {
            switch type {
            case "document": self = .document
            case "block_quote": self = .blockQuote
            case "list": self = .list
            case "item": self = .item
            case "code_block": self = .codeBlock
            case "html_block": self = .htmlBlock
            case "paragraph": self = .paragraph
            case "heading": self = .heading
            case "thematic_break": self = .thematicBreak
            case "text": self = .text
            case "softbreak": self = .softBreak
            case "linebreak": self = .lineBreak
            case "code": self = .code
            case "html_inline": self = .htmlInline
            case "emph": self = .emphasis
            case "strong": self = .strong
            case "link": self = .link
            case "image": self = .image
            case "table": self = .table
            case "table_row", "table_header": self = .tableRow
            case "table_cell": self = .tableCell
            case "strikethrough": self = .strikethrough
            default: self = .other
            }
        }
    }

    public let kind: Kind
    // Positions and links as 32-bit numbers, and what only some kinds carry boxed: a post has
    // about one node for every 16 bytes, so a 100 MB post has millions, and each byte of a node
    // is megabytes of memory.
    private let parentIndex: Int32
    private let nodeDepth: Int32
    private let startLine: Int32, startColumn: Int32, endLine: Int32, endColumn: Int32
    /// Where the node's literal is in its document's `literals`: full-width numbers, as the
    /// literals of a post over 2 GB add up past 32 bits (together as wide as the `String` was).
    private let literalStart: Int, literalCount: Int
    /// What only some kinds of node carry, in one boxed field: a post has tens of nodes for every
    /// link, heading or table.
    let extra: Extra

    indirect enum Extra: Sendable {
        case none
        case link(destination: String?, title: String?)
        case codeBlock(info: String?, fenced: Bool)
        case heading(level: Int)
        case list(start: Int?)
        case table(alignments: [UInt8])
        case tableRow(isHeader: Bool)
    }

    init(kind: Kind, parent: Int?, depth: Int, start: MarkdownPoint, end: MarkdownPoint, literal: Range<Int>?, extra: Extra) {
        self.kind = kind
        parentIndex = parent.map { Int32(clamping: $0) } ?? -1
        nodeDepth = Int32(clamping: depth)
        startLine = Int32(clamping: start.line)
        startColumn = Int32(clamping: start.column)
        endLine = Int32(clamping: end.line)
        endColumn = Int32(clamping: end.column)
        literalStart = literal?.lowerBound ?? -1
        literalCount = literal?.count ?? 0
        self.extra = extra
    }

    /// Where the literal is in the document's `literals`; nil for a node without one.
    var literalRange: Range<Int>? { literalStart < 0 ? nil : literalStart..<(literalStart + literalCount) }

    /// Index of the parent in `MarkdownDocument.nodes`.
    public var parent: Int? { parentIndex < 0 ? nil : Int(parentIndex) }
    public var depth: Int { Int(nodeDepth) }
    public var start: MarkdownPoint { MarkdownPoint(line: Int(startLine), column: Int(startColumn)) }
    /// Inclusive end, as cmark reports it.
    public var end: MarkdownPoint { MarkdownPoint(line: Int(endLine), column: Int(endColumn)) }

    /// Link or image destination.
    public var destination: String? {
        if case .link(let destination, _) = extra { destination } else { nil }
    }

    public var title: String? {
        if case .link(_, let title) = extra { title } else { nil }
    }

    /// Info string of a fenced code block.
    public var info: String? {
        if case .codeBlock(let info, _) = extra { info } else { nil }
    }

    /// Heading level, 0 for other nodes.
    public var level: Int {
        if case .heading(let level) = extra { level } else { 0 }
    }

    /// Whether a code block is fenced rather than indented.
    public var fenced: Bool {
        if case .codeBlock(_, let fenced) = extra { fenced } else { false }
    }

    /// The first number of an ordered list; nil for bullet lists and other nodes.
    public var listStart: Int? {
        if case .list(let start) = extra { start } else { nil }
    }

    /// Whether a table row is the table's header row.
    public var isHeaderRow: Bool {
        if case .tableRow(let isHeader) = extra { isHeader } else { false }
    }

    /// A table's column alignments as cmark-gfm gives them: `l`, `c`, `r`, or 0 for none.
    public var alignments: [UInt8] {
        if case .table(let alignments) = extra { alignments } else { [] }
    }
}
