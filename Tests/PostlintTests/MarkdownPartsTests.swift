import Foundation
import PostlintAdapters
import Testing

/// A big Markdown text is parsed a part at a time (`MarkdownParts`) so that cmark's tree of the
/// whole never sits in memory. Cut into parts of 512 bytes, every post of every corpus must parse to
/// the nodes the whole text parses to: same kinds, parents, positions, literals and links.
@Suite struct MarkdownPartsTests {
    static let posts = Fixtures.files(under: Fixtures.corpus, extensions: ["md", "markdown", "txt", "html"])

    @Test func partsParseToTheNodesOfTheWhole() throws {
        var split = 0
        for url in Self.posts {
            let bytes = [UInt8](try Data(contentsOf: url))
            let (whole, parts, count) = bytes.withUnsafeBufferPointer { text in
                (MarkdownParser.parse(utf8: text, partSize: .max), MarkdownParser.parse(utf8: text, partSize: 512),
                 MarkdownParts(text, partSize: 512).ranges.count)
            }
            if count > 1 { split += 1 }
            let (a, b) = (Self.describe(parts, droppingDocumentEnd: true), Self.describe(whole, droppingDocumentEnd: true))
            let first = a.indices.first { $0 >= b.count || a[$0] != b[$0] } ?? a.count
            #expect(first == a.count && a.count == b.count, "\(url.path): \(count) parts parse differently from node \(first): \(a.dropFirst(first).first ?? "none") instead of \(b.dropFirst(first).first ?? "none")")
        }
        print("\(split) of \(Self.posts.count) posts were cut into parts")
        // The test means something only if many posts were cut.
        #expect(split > 200, "only \(split) posts were cut into parts")
    }

    @Test func cutsOnlyWhereANewTopLevelBlockMustStart() {
        let text = Array("""
        Para one.

        - item
        - item

        - still the list

        ```
        code

        still code
        ```

        <pre>
        pre

        still pre
        </pre>

        New paragraph.

        """.utf8)
        let parts = text.withUnsafeBufferPointer { MarkdownParts($0, partSize: 1).ranges }
        let starts = parts.map { String(decoding: text[$0].prefix(6), as: UTF8.self) }
        // Not before list items, inside the fence, before or inside `<pre>`.
        #expect(starts == ["Para o", "```\nco", "New pa"], "\(starts)")
        // Definitions go before every part; a preamble that is not all definitions cuts nothing.
        let defined = Array("Text [a][x].\n\nMore.\n\n[x]: https://example.com\n".utf8)
        let definedParts = defined.withUnsafeBufferPointer { MarkdownParts($0, partSize: 1) }
        #expect(definedParts.ranges.count == 3 && definedParts.preamble == Array("[x]: https://example.com\n\n".utf8))
        let notOnlyDefinitions = Array("Text.\n\n[x]: https://example.com\nand a paragraph\n\nMore.\n".utf8)
        #expect(notOnlyDefinitions.withUnsafeBufferPointer { MarkdownParts($0, partSize: 1) }.ranges.count == 1)
    }

    /// Every node as a line: kind, parent, depth, positions, literal and link.
    static func describe(_ document: MarkdownDocument, droppingDocumentEnd: Bool) -> [String] {
        document.nodes.enumerated().map { index, node in
            let end = index == 0 && droppingDocumentEnd ? "" : "\(node.end.line):\(node.end.column)"
            return "\(node.kind) \(node.parent ?? -1) \(node.depth) \(node.start.line):\(node.start.column)-\(end) "
                + "\(document.literal(index) ?? "") \(node.destination ?? "") \(node.title ?? "") \(node.info ?? "") \(node.level) \(node.listStart ?? -1) \(node.isHeaderRow) \(node.alignments)"
        }
    }
}
