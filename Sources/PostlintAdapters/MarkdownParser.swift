// The only file that imports cmark-gfm. It parses Markdown into a flat array of Swift values and
// renders Markdown to HTML; every cmark object is freed before the function that made it returns.
import CCmarkGFM
import Foundation

/// Parses and renders GitHub Flavored Markdown with cmark-gfm.
public enum MarkdownParser {
    private static let extensionNames = ["table", "strikethrough", "autolink", "tasklist"]

    private static let registered: Bool = {
        cmark_gfm_core_extensions_ensure_registered()
        return true
    }()

    /// Parses `text`; lines and columns in the result are cmark's (1-based, columns in bytes).
    public static func parse(_ text: String) -> MarkdownDocument {
        var text = text
        return text.withUTF8 { parse(utf8: $0) }
    }

    /// Parses UTF-8 bytes as they are, without making a String of them first. Bare URLs become
    /// links only when `autolinks` is true, as in `renderHTML`. A text longer than `partSize`
    /// is parsed in parts (`MarkdownParts`), to the same nodes.
    public static func parse(utf8 text: UnsafeBufferPointer<UInt8>, autolinks: Bool = true, partSize: Int = MarkdownParts.partSize) -> MarkdownDocument {
        precondition(registered)
        var nodes: [MarkdownNode] = []
        // Literals are at most the text (cmark only takes characters out): made at that size
        // once, rather than doubled as it grows, which held the old and new buffers at once.
        var literals: [UInt8] = []
        literals.reserveCapacity(text.count)
        // A big text is parsed a part at a time (`MarkdownParts`), each part's blocks going
        // under the one document node with their lines counted from the start of the text.
        let split = MarkdownParts(text, partSize: partSize)
        let parts = split.ranges
        var lineOffset = 0
        var counted = 0
        for (number, part) in parts.enumerated() {
            withParser(options: CMARK_OPT_DEFAULT, extensions: autolinks ? extensionNames : extensionNames.filter { $0 != "autolink" }) { parser in
                // The text's link reference definitions go first (they make no node), so that a
                // reference resolves in every part as in the whole.
                split.preamble.withUnsafeBufferPointer { preamble in
                    preamble.withMemoryRebound(to: CChar.self) { if let base = $0.baseAddress { cmark_parser_feed(parser, base, $0.count) } }
                }
                if let base = text.baseAddress, !part.isEmpty {
                    (base + part.lowerBound).withMemoryRebound(to: CChar.self, capacity: part.count) { cmark_parser_feed(parser, $0, part.count) }
                }
                guard let root = cmark_parser_finish(parser) else { return }
                defer { cmark_node_free(root) }
                if number == 0 {
                    // Counted first, so the array is made once at its size: growing it doubles,
                    // and the old and new buffers were both alive at the peak.
                    let count = count(root)
                    nodes.reserveCapacity(parts.count == 1 ? count : count * text.count / max(1, part.count) + count / 8)
                }
                flatten(root, into: &nodes, literals: &literals, lineOffset: lineOffset - split.preambleLines, keepingRoot: number == 0)
            }
            // The next part's lines count from the end of this one; a text of one part (most
            // posts) needs no count.
            while parts.count > 1, counted < part.upperBound {
                if text[counted] == 0x0A { lineOffset += 1 }
                counted += 1
            }
        }
        if parts.count > 1, let first = nodes.first {
            // The document starts where its text does (not before the preamble), and ends there.
            let lastLine = lineOffset + (text.last == 0x0A || text.isEmpty ? 0 : 1)
            var lastColumn = 0
            var index = text.count
            while index > 0, text[index - 1] != 0x0A { index -= 1; lastColumn += 1 }
            nodes[0] = MarkdownNode(kind: first.kind, parent: nil, depth: 0, start: MarkdownPoint(line: 1, column: 1),
                                    end: MarkdownPoint(line: max(1, lastLine), column: lastColumn), literal: first.literalRange, extra: first.extra)
        }
        return MarkdownDocument(nodes: nodes, literals: literals)
    }

    /// Renders `text` to HTML. Raw HTML passes through only when `unsafe` is true; bare URLs
    /// are linked only when `autolinks` is true (GitHub does, CommonMark and kramdown do not).
    public static func renderHTML(_ text: String, unsafe: Bool = false, autolinks: Bool = true) -> String {
        precondition(registered)
        let options = unsafe ? CMARK_OPT_UNSAFE : CMARK_OPT_DEFAULT
        var html = ""
        withParser(options: options, extensions: autolinks ? extensionNames : extensionNames.filter { $0 != "autolink" }) { parser in
            text.utf8CString.withUnsafeBufferPointer { buffer in
                cmark_parser_feed(parser, buffer.baseAddress, buffer.count - 1)
            }
            guard let root = cmark_parser_finish(parser) else { return }
            defer { cmark_node_free(root) }
            guard let rendered = cmark_render_html(root, options, cmark_parser_get_syntax_extensions(parser)) else { return }
            defer { free(rendered) }
            html = String(cString: rendered)
        }
        return html
    }

    /// `renderHTML` of UTF-8 bytes, a part at a time (`MarkdownParts`): `each` gets the HTML of
    /// each part in order, so that neither cmark's tree nor the HTML of a whole big post is held.
    public static func renderHTMLParts(utf8 text: UnsafeBufferPointer<UInt8>, unsafe: Bool = false, autolinks: Bool = true, _ each: ([UInt8]) -> Void) {
        let parts = MarkdownParts(text)
        for index in parts.ranges.indices {
            parts.text(index, of: text).withUnsafeBufferPointer { each(renderHTMLBytes(utf8: $0, unsafe: unsafe, autolinks: autolinks)) }
        }
    }

    /// The HTML of a text's top-level blocks, each rendered on its own (one after another they
    /// are the text's HTML, as `renderHTMLParts` renders a text of one part), and which of them
    /// hold raw HTML. A block without raw HTML is whole in itself: every element it opens it
    /// closes, so what a reader sees of it does not depend on the blocks around it (unless raw
    /// HTML before it leaves an element open).
    public struct RenderedBlocks: Sendable {
        /// The text's HTML.
        public let html: [UInt8]
        /// Where each block's HTML is in `html`, in order.
        public let blocks: [Range<Int>]
        /// Whether each block holds raw HTML.
        public let rawHTML: [Bool]
    }

    /// `renderHTMLParts`' rendering of a text of one part (`MarkdownParts.partSize` bytes at
    /// most), block by block (`RenderedBlocks`).
    public static func renderHTMLBlocks(utf8 text: UnsafeBufferPointer<UInt8>, unsafe: Bool = false, autolinks: Bool = true) -> RenderedBlocks {
        precondition(registered && text.count <= MarkdownParts.partSize)
        let options = unsafe ? CMARK_OPT_UNSAFE : CMARK_OPT_DEFAULT
        var html: [UInt8] = []
        var blocks: [Range<Int>] = []
        var rawHTML: [Bool] = []
        withParser(options: options, extensions: autolinks ? extensionNames : extensionNames.filter { $0 != "autolink" }) { parser in
            text.withMemoryRebound(to: CChar.self) { if let base = $0.baseAddress { cmark_parser_feed(parser, base, $0.count) } }
            guard let root = cmark_parser_finish(parser) else { return }
            defer { cmark_node_free(root) }
            let extensions = cmark_parser_get_syntax_extensions(parser)
            var child = cmark_node_first_child(root)
            while let block = child {
                guard let rendered = cmark_render_html(block, options, extensions) else { return }
                let start = html.count
                html += UnsafeRawBufferPointer(start: rendered, count: strlen(rendered))
                free(rendered)
                blocks.append(start..<html.count)
                rawHTML.append(holdsRawHTML(block))
                child = cmark_node_next(block)
            }
        }
        return RenderedBlocks(html: html, blocks: blocks, rawHTML: rawHTML)
    }

    /// Whether `node` or a node inside it is raw HTML (a block or inline); true when that cannot
    /// be told.
    private static func holdsRawHTML(_ node: OpaquePointer) -> Bool {
        guard let iterator = cmark_iter_new(node) else { return true }
        defer { cmark_iter_free(iterator) }
        while cmark_iter_next(iterator) != CMARK_EVENT_DONE {
            let type = cmark_node_get_type(cmark_iter_get_node(iterator))
            if type == CMARK_NODE_HTML_BLOCK || type == CMARK_NODE_HTML_INLINE { return true }
        }
        return false
    }

    /// `renderHTML` as UTF-8 bytes, from UTF-8 bytes.
    private static func renderHTMLBytes(utf8 text: UnsafeBufferPointer<UInt8>, unsafe: Bool, autolinks: Bool) -> [UInt8] {
        precondition(registered)
        let options = unsafe ? CMARK_OPT_UNSAFE : CMARK_OPT_DEFAULT
        var html: [UInt8] = []
        withParser(options: options, extensions: autolinks ? extensionNames : extensionNames.filter { $0 != "autolink" }) { parser in
            text.withMemoryRebound(to: CChar.self) { if let base = $0.baseAddress { cmark_parser_feed(parser, base, $0.count) } }
            guard let root = cmark_parser_finish(parser) else { return }
            defer { cmark_node_free(root) }
            guard let rendered = cmark_render_html(root, options, cmark_parser_get_syntax_extensions(parser)) else { return }
            defer { free(rendered) }
            html = Array(UnsafeRawBufferPointer(start: rendered, count: strlen(rendered)))
        }
        return html
    }

    private static func withParser(options: Int32, extensions: [String] = extensionNames, _ body: (OpaquePointer) -> Void) {
        guard let parser = cmark_parser_new(options) else { return }
        defer { cmark_parser_free(parser) }
        for name in extensions {
            if let ext = cmark_find_syntax_extension(name) {
                cmark_parser_attach_syntax_extension(parser, ext)
            }
        }
        body(parser)
    }

    /// Whether a parse's request to take the special characters out reached the definition
    /// below instead of the library's, which is what lets parses run at once.
    static func specialCharactersPersist() -> Bool {
        let before = SpecialCharacterRemovals.count
        _ = parse("~~a~~ www.example.com")
        return SpecialCharacterRemovals.count > before
    }

    /// Walks the tree with cmark's iterator, so depth costs no stack, and frees each top-level
    /// block once it is copied, so that cmark's tree and the copy are never both whole. Lines
    /// are moved down by `lineOffset`; without `keepingRoot`, the top-level blocks go under the
    /// document node already first in `nodes`.
    private static func flatten(_ root: OpaquePointer, into nodes: inout [MarkdownNode], literals: inout [UInt8], lineOffset: Int, keepingRoot: Bool) {
        var stack: [(node: OpaquePointer, index: Int)] = []
        // cmark names a node's type with one static string per type, so a type is read from
        // its name once per parse, not once per node.
        var kinds: [(name: UnsafePointer<CChar>, kind: MarkdownNode.Kind)] = []
        func kind(_ node: OpaquePointer) -> MarkdownNode.Kind {
            // The core types have fixed numbers; only extension types need their names, and a
            // core node an extension took over (a task-list item) has the extension's name.
            switch cmark_node_get_syntax_extension(node) == nil ? cmark_node_get_type(node) : CMARK_NODE_NONE {
            case CMARK_NODE_TEXT: return .text
            case CMARK_NODE_SOFTBREAK: return .softBreak
            case CMARK_NODE_PARAGRAPH: return .paragraph
            case CMARK_NODE_LINK: return .link
            case CMARK_NODE_CODE: return .code
            case CMARK_NODE_EMPH: return .emphasis
            case CMARK_NODE_STRONG: return .strong
            case CMARK_NODE_LINEBREAK: return .lineBreak
            case CMARK_NODE_HTML_INLINE: return .htmlInline
            case CMARK_NODE_IMAGE: return .image
            case CMARK_NODE_HEADING: return .heading
            case CMARK_NODE_ITEM: return .item
            case CMARK_NODE_LIST: return .list
            case CMARK_NODE_CODE_BLOCK: return .codeBlock
            case CMARK_NODE_HTML_BLOCK: return .htmlBlock
            case CMARK_NODE_BLOCK_QUOTE: return .blockQuote
            case CMARK_NODE_THEMATIC_BREAK: return .thematicBreak
            case CMARK_NODE_DOCUMENT: return .document
            default: break
            }
            guard let name = cmark_node_get_type_string(node) else { return MarkdownNode.Kind("unknown") }
            if let known = kinds.first(where: { $0.name == name }) { return known.kind }
            let kind = MarkdownNode.Kind(String(cString: name))
            kinds.append((name, kind))
            return kind
        }
        // cmark gives inline breaks no position (line 0); that stays 0.
        func moved(_ line: Int32) -> Int { line == 0 ? 0 : Int(line) + lineOffset }
        func append(_ node: OpaquePointer) {
            let nodeKind = kind(node)
            nodes.append(MarkdownNode(
                kind: nodeKind,
                parent: stack.last?.index,
                depth: stack.count,
                start: MarkdownPoint(line: moved(cmark_node_get_start_line(node)), column: Int(cmark_node_get_start_column(node))),
                end: MarkdownPoint(line: moved(cmark_node_get_end_line(node)), column: Int(cmark_node_get_end_column(node))),
                literal: cmark_node_get_literal(node).map { literal in
                    let start = literals.count
                    literals.append(contentsOf: UnsafeRawBufferPointer(start: literal, count: strlen(literal)))
                    return start..<literals.count
                },
                extra: extra(node, kind: nodeKind)))
            stack.append((node, nodes.count - 1))
        }
        if keepingRoot { append(root) } else if !nodes.isEmpty { stack.append((root, 0)) }
        var block = cmark_node_first_child(root)
        while let current = block {
            guard let iterator = cmark_iter_new(current) else { break }
            while true {
                let event = cmark_iter_next(iterator)
                if event == CMARK_EVENT_DONE { break }
                guard let node = cmark_iter_get_node(iterator) else { continue }
                if event == CMARK_EVENT_EXIT {
                    while let top = stack.popLast(), top.node != node {}
                    continue
                }
                let parentNode = cmark_node_parent(node)
                while let top = stack.last, top.node != parentNode { stack.removeLast() }
                append(node)
            }
            cmark_iter_free(iterator)
            block = cmark_node_next(current)
            cmark_node_free(current)
        }
    }

    /// The number of nodes under and including `root`.
    private static func count(_ root: OpaquePointer) -> Int {
        guard let iterator = cmark_iter_new(root) else { return 0 }
        defer { cmark_iter_free(iterator) }
        var count = 0
        while true {
            let event = cmark_iter_next(iterator)
            if event == CMARK_EVENT_DONE { return count }
            if event == CMARK_EVENT_ENTER { count += 1 }
        }
    }

    /// What the node carries besides its kind, position and text. cmark answers each of these
    /// only for its own node types (a URL for links and images, and so on) and gives nothing,
    /// 0 or false for every other node, so only those types ask.
    private static func extra(_ node: OpaquePointer, kind: MarkdownNode.Kind) -> MarkdownNode.Extra {
        switch cmark_node_get_type(node) {
        case CMARK_NODE_LINK, CMARK_NODE_IMAGE:
            return .link(destination: string(cmark_node_get_url(node)), title: string(cmark_node_get_title(node)))
        case CMARK_NODE_CODE_BLOCK:
            return .codeBlock(info: string(cmark_node_get_fence_info(node)), fenced: isFenced(node))
        case CMARK_NODE_HEADING:
            return .heading(level: Int(cmark_node_get_heading_level(node)))
        case CMARK_NODE_LIST:
            return .list(start: cmark_node_get_list_type(node) == CMARK_ORDERED_LIST ? Int(cmark_node_get_list_start(node)) : nil)
        default:
            switch kind {
            case .table: return .table(alignments: alignments(node))
            case .tableRow: return .tableRow(isHeader: cmark_gfm_extensions_get_table_row_is_header(node) != 0)
            default: return .none
            }
        }
    }

    private static func alignments(_ table: OpaquePointer) -> [UInt8] {
        let columns = Int(cmark_gfm_extensions_get_table_columns(table))
        guard columns > 0, let values = cmark_gfm_extensions_get_table_alignments(table) else { return [] }
        return Array(UnsafeBufferPointer(start: values, count: columns))
    }

    /// cmark writes all three out-parameters without checking them for NULL.
    private static func isFenced(_ node: OpaquePointer) -> Bool {
        var length: Int32 = 0, offset: Int32 = 0
        var character: CChar = 0
        return cmark_node_get_fenced(node, &length, &offset, &character) != 0
    }

    private static func string(_ pointer: UnsafePointer<CChar>?) -> String? {
        pointer.map { String(cString: $0) }
    }
}

/// cmark-gfm adds its extensions' special characters to a process-wide table when a parse
/// starts and takes them out when it ends, so two parses at once would clear each other's
/// characters mid-parse. Every parser here attaches the same extensions (renderHTML without
/// autolinks only leaves some characters special that no extension then claims, which cmark
/// reads as plain text), so the characters may as well stay. This definition takes the place
/// of the library's function (the dynamic linker binds the library's own call to it): it passes
/// "add" on to the library and drops "remove", and parses run in parallel. A test checks that
/// the binding holds.
@_cdecl("cmark_manage_extensions_special_characters")
public func cmarkManageSpecialCharacters(_ parser: OpaquePointer?, _ add: Int32) {
    if add != 0 {
        libraryManageSpecialCharacters?(parser, add)
    } else {
        SpecialCharacterRemovals.increment()
    }
}

/// How many removals were dropped, for the test that the binding holds.
enum SpecialCharacterRemovals {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var dropped = 0

    static func increment() { lock.withLock { dropped += 1 } }
    static var count: Int { lock.withLock { dropped } }
}

private let libraryManageSpecialCharacters: (@convention(c) (OpaquePointer?, Int32) -> Void)? = {
    // RTLD_NEXT: the next definition after this one, the library's.
    guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: -1), "cmark_manage_extensions_special_characters") else { return nil }
    return unsafeBitCast(symbol, to: (@convention(c) (OpaquePointer?, Int32) -> Void).self)
}()
