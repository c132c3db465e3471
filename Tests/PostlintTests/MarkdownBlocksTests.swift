import Foundation
import PostlintAdapters
@testable import PostlintConvert
import PostlintModel
import Testing

/// Converting builds the content model straight from cmark-gfm's tree when the body has no raw
/// HTML. It must give exactly what the HTML path gives (cmark renders HTML, libxml2 reads it
/// back, `DocumentBuilder` builds), or decline.
@Suite struct MarkdownBlocksTests {
    static let prefixes = MarkdownConverter.Options().captionPrefixes

    /// Both paths over `text`; nil when the direct one declines.
    static func bothPaths(_ text: String) -> (direct: [Block], html: [Block], directIssues: [String], htmlIssues: [String])? {
        var bytes = text
        guard let direct = bytes.withUTF8({ MarkdownBlocks.build(MarkdownParser.parse(utf8: $0, autolinks: false), captionPrefixes: prefixes) }) else {
            return nil
        }
        let rendered = MarkdownParser.renderHTML(text, unsafe: true, autolinks: false)
        var builder = DocumentBuilder(html: HTMLParser.parse(Array(rendered.utf8)[...]), captionPrefixes: prefixes)
        let html = builder.build()
        let describe = { (issues: [ConversionIssue]) in issues.map { "\($0.message) \($0.needle ?? "")" } }
        return (direct.blocks, html, describe(direct.issues), describe(builder.issues))
    }

    @Test func corpusAndSamplesBuildAlike() throws {
        var direct = 0
        let files = Fixtures.originalCorpusFiles(extensions: ["md", "markdown"]) + Fixtures.files(under: Fixtures.samples, extensions: ["md", "markdown"])
        for url in files {
            let post = Post(path: url.path, bytes: Array(try Data(contentsOf: url)))
            guard let body = post.body else { continue }
            guard let both = Self.bothPaths(post.source.string(body.range)) else { continue }
            direct += 1
            #expect(both.direct == both.html, "\(url.lastPathComponent)")
            #expect(both.directIssues == both.htmlIssues, "\(url.lastPathComponent)")
        }
        #expect(direct > 250)
    }

    /// Random documents made of the constructs the direct path handles and the ones it must
    /// decline, in every order.
    @Test func generatedDocumentsBuildAlike() {
        let pieces = [
            "# ", "## ", "###### ", "\n", "\n\n", "- ", "* ", "1. ", "3) ", "0. ", "> ", "  ", "    ", "\t", "*", "**", "_", "__", "~~", "~",
            "`", "``", "```\n", "```swift extra\n", "~~~\n", "[a](http://x.y/z?q=1&b='c')", "![alt *em* `c`\nnext](/i.png \"t\")",
            "![](x.png)", "![a](<>)", "<http://a.b/c>", "<a@b.c>", "[x](javascript:alert(1))", "[x](<>)", "[](u)",
            "[t](u \"title\")", "[t](u 'ti\ntle')", "[t](/路径)", "[t](a b)", "[t](<a b>)", "[t](x[1])",
            "| a | b |\n|:-|-:|\n| c | d |\n", "| a |\n| :-: |\n| b | c |\n", "|x|\n|-|\n", "中文", "，", "。", "文\n字", "“引”",
            "\\", "  \n", "\\\n", "&amp;", "&lt;", "&#x41;", "&nbsp;", "www.x.com", "http://bare.url/", "text", "word", " ", "---\n",
            "***\n", "===\n", "[ref]\n\n[ref]: /u \"title\"\n", "- [ ] task\n", "- [x] done\n", "\r\n", "图片来源：新华社", "Image: x",
            "<b>", "</b>", "<!-- c -->", "<div>\n", "a\u{01}b", "x\u{7F}", "\u{3000}", "😀", "e\u{301}", "$$x$$", "{% raw %}",
        ]
        var generator = SeededRandom()
        var direct = 0
        for _ in 0..<4_000 {
            let text = (0..<Int.random(in: 1...30, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
            guard let both = Self.bothPaths(text) else { continue }
            direct += 1
            #expect(both.direct == both.html, "\(text.debugDescription)")
            #expect(both.directIssues == both.htmlIssues, "\(text.debugDescription)")
        }
        #expect(direct > 500)
    }

    /// Conversion reuses the tree the checks read, parsed with bare URLs linked, when it holds
    /// no link the autolink extension could have made. Such a tree must build what the text
    /// parsed without the extension builds, and every tree where the two parses differ in
    /// links must be refused.
    static func reuseAgrees(_ text: String) -> Bool? {
        var bytes = text
        let (linked, plain) = bytes.withUTF8 { (MarkdownParser.parse(utf8: $0), MarkdownParser.parse(utf8: $0, autolinks: false)) }
        let links = { (document: MarkdownDocument) in document.nodes.filter { $0.kind == .link }.count }
        if links(linked) != links(plain) {
            #expect(MarkdownBlocks.mayHoldBareURLLinks(linked), "\(text.debugDescription)")
        }
        guard !MarkdownBlocks.mayHoldBareURLLinks(linked) else { return nil }
        let build = { (document: MarkdownDocument) in
            MarkdownBlocks.build(document, captionPrefixes: prefixes).map { "\($0.blocks) \($0.issues.map(\.message))" }
        }
        return build(linked) == build(plain)
    }

    @Test func theChecksTreeBuildsWhatAPlainParseBuilds() throws {
        var reused = 0
        let files = Fixtures.originalCorpusFiles(extensions: ["md", "markdown"]) + Fixtures.files(under: Fixtures.samples, extensions: ["md", "markdown"])
        let bodies = try files.map { url -> String in
            let post = Post(path: url.path, bytes: Array(try Data(contentsOf: url)))
            return post.body.map { post.source.string($0.range) } ?? ""
        }
        let pieces = ["www.x.com", "http://bare.url/", "https://a.cn/路径", "a@b.cn", "mailto:a@b.cn", "[t](http://x.y)", "[http://x.y](http://x.y)",
                      "<http://a.b/c>", "<a@b.c>", "w", ":", "@", "ww", "www", "http", "://", ".", ",", ")", "(", "*", "_", "`", "\n", "\n\n",
                      "- ", "> ", "中文", "word ", " ", "  \n", "| a |\n|-|\n| www.b.com |\n", "# ", "[ref]\n\n[ref]: http://u\n"]
        var generator = SeededRandom()
        let generated = (0..<4_000).map { _ in (0..<Int.random(in: 1...24, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined() }
        for text in bodies + generated {
            guard let agrees = Self.reuseAgrees(text) else { continue }
            reused += 1
            #expect(agrees, "\(text.debugDescription)")
        }
        #expect(reused > 500)
    }

    /// libxml2 hands `，` + line break and the `<` of `&lt;` over as two texts; the line break
    /// between them goes as it does in one text.
    @Test func textAnEntitySplitsCollapsesAsOneText() throws {
        for text in ["，\r\n&lt;\n", "，\n&lt;\n", "中\n&amp;文\n"] {
            let both = try #require(Self.bothPaths(text))
            #expect(both.direct == both.html, "\(text.debugDescription)")
        }
    }

    @Test func rawHTMLAndUnsafeURLsDecline() {
        for text in ["a <b>c</b>\n", "<div>x</div>\n", "[t](/路径)\n", "[t](x[1])\n", "- [ ] task\n", "a\u{01}b\n", "[t](u \"a\tb\")\n"] {
            #expect(Self.bothPaths(text) == nil, "\(text.debugDescription)")
        }
        #expect(Self.bothPaths("# Title\n\nText with [a link](https://example.com/a?b=c) and `code`.\n") != nil)
    }
}
