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
        precondition(registered)
        var nodes: [MarkdownNode] = []
        withParser(options: CMARK_OPT_DEFAULT) { parser in
            text.utf8CString.withUnsafeBufferPointer { buffer in
                cmark_parser_feed(parser, buffer.baseAddress, buffer.count - 1)
            }
            guard let root = cmark_parser_finish(parser) else { return }
            defer { cmark_node_free(root) }
            nodes = flatten(root)
        }
        return MarkdownDocument(nodes: nodes)
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

    /// cmark-gfm keeps its table of special inline characters in a global that every parser
    /// with extensions writes when it starts and when it finishes, so parsers run one at a time.
    private static let exclusive = NSLock()

    private static func withParser(options: Int32, extensions: [String] = extensionNames, _ body: (OpaquePointer) -> Void) {
        exclusive.withLock {
            guard let parser = cmark_parser_new(options) else { return }
            defer { cmark_parser_free(parser) }
            for name in extensions {
                if let ext = cmark_find_syntax_extension(name) {
                    cmark_parser_attach_syntax_extension(parser, ext)
                }
            }
            body(parser)
        }
    }

    /// Walks the tree with cmark's iterator, so depth costs no stack.
    private static func flatten(_ root: OpaquePointer) -> [MarkdownNode] {
        var nodes: [MarkdownNode] = []
        var stack: [(node: OpaquePointer, index: Int)] = []
        guard let iterator = cmark_iter_new(root) else { return nodes }
        defer { cmark_iter_free(iterator) }
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
            nodes.append(MarkdownNode(
                kind: MarkdownNode.Kind(typeString(node)),
                parent: stack.last?.index,
                depth: stack.count,
                start: MarkdownPoint(line: Int(cmark_node_get_start_line(node)), column: Int(cmark_node_get_start_column(node))),
                end: MarkdownPoint(line: Int(cmark_node_get_end_line(node)), column: Int(cmark_node_get_end_column(node))),
                literal: string(cmark_node_get_literal(node)),
                destination: string(cmark_node_get_url(node)),
                title: string(cmark_node_get_title(node)),
                info: string(cmark_node_get_fence_info(node)),
                level: Int(cmark_node_get_heading_level(node)),
                fenced: isFenced(node)))
            stack.append((node, nodes.count - 1))
        }
        return nodes
    }

    /// cmark writes all three out-parameters without checking them for NULL.
    private static func isFenced(_ node: OpaquePointer) -> Bool {
        var length: Int32 = 0, offset: Int32 = 0
        var character: CChar = 0
        return cmark_node_get_fenced(node, &length, &offset, &character) != 0
    }

    private static func typeString(_ node: OpaquePointer) -> String {
        string(cmark_node_get_type_string(node)) ?? "unknown"
    }

    private static func string(_ pointer: UnsafePointer<CChar>?) -> String? {
        pointer.map { String(cString: $0) }
    }
}
