import Foundation
import PostlintAdapters
import PostlintConvert
import PostlintEngine
import PostlintModel
import PostlintRules
import Testing

/// `convert --to markdown` over every real post and sample: nothing lost, clean, idempotent,
/// safe; golden files for the samples.
@Suite struct ConvertMarkdownTests {
    static let converter = MarkdownConverter(linter: Linter(environment: LintEnvironment(now: Fixtures.now)))

    static var inputs: [URL] {
        Fixtures.originalCorpusFiles(extensions: ["md", "markdown", "txt"]).filter { !$0.lastPathComponent.hasPrefix("README") }
            + [Fixtures.reference.appendingPathComponent("seed-like-post.md")]
            + Fixtures.files(under: Fixtures.samples, extensions: ["md"]).filter { !$0.path.contains("/expected/") }
    }

    static func convert(_ bytes: [UInt8], path: String = "_posts/2022-03-01-x.md") -> MarkdownConverter.Output {
        converter.convert(path: path, bytes: bytes, configuration: Configuration())
    }

    /// What a reader sees of rendered HTML: text outside scripts, styles and hidden elements,
    /// with white space removed (collapsing differs legitimately between the two sides).
    static func visibleText(html: String) -> String {
        let document = HTMLParser.parse(Array(html.utf8)[...])
        let invisible: Set<String> = ["script", "style", "head", "title", "template", "noscript", "iframe", "object", "embed", "form"]
        var hidden = [Bool](repeating: false, count: document.elements.count)
        for (index, element) in document.elements.enumerated() {
            hidden[index] = invisible.contains(element.name) || HTMLSemantics.hiding(element) != nil || element.parent.map { hidden[$0] } == true
        }
        return document.texts.filter { $0.parent.map { !hidden[$0] } ?? true }.map(\.text).joined()
            // White space and invisible format characters (a zero-width space beside a line
            // break) show nothing a reader could miss.
            .unicodeScalars.filter { !$0.properties.isWhitespace && $0.properties.generalCategory != .format }.map(String.init).joined()
    }

    /// The input side: the body as the converter cleaned it, rendered as a browser would see it.
    static func inputText(_ bytes: [UInt8]) -> String {
        let post = Post(path: "x.md", bytes: bytes)
        guard let body = post.body else { return "" }
        return visibleText(html: MarkdownParser.renderHTML(post.source.string(body.range), unsafe: true, autolinks: false))
    }

    static func outputText(_ bytes: [UInt8]) -> String {
        inputText(bytes)
    }

    static func firstDifference(_ a: String, _ b: String) -> String {
        let x = Array(a), y = Array(b)
        let index = Array(zip(x, y)).firstIndex { $0 != $1 } ?? min(x.count, y.count)
        return "at character \(index): input …\(String(x[max(0, index - 20)..<min(x.count, index + 20)]))… output …\(String(y[max(0, index - 20)..<min(y.count, index + 20)]))…"
    }

    @Test func nothingIsLostCleanAndIdempotent() throws {
        let inputs = Self.inputs
        try #require(inputs.count > 300)
        var cleaning = Configuration()
        for id in ContentPipeline.cleaningRules { cleaning.settings[id] = RuleSetting(enabled: true) }
        let cleaner = Fixer(linter: Linter(environment: LintEnvironment(now: Fixtures.now)), policy: .init(includeUnsafe: true, rules: ContentPipeline.cleaningRules))
        for url in inputs {
            let bytes = [UInt8](try Data(contentsOf: url))
            let output = Self.convert(bytes, path: url.path)
            let name = url.lastPathComponent
            #expect(TextEncoding(validating: output.bytes) == .utf8, "\(name): output is not UTF-8")
            if Post(path: url.path, bytes: bytes).frontMatter?.closing != nil {
                #expect(Post(path: url.path, bytes: output.bytes).body?.range.isEmpty == false || Post(path: url.path, bytes: bytes).body?.range.isEmpty == true,
                        "\(name): the output has no body")
            }
            // Nothing lost: the text a reader sees is the same, once the named cleaning fixes are made.
            let cleaned = cleaner.fix(path: url.path, bytes: bytes, configuration: cleaning).fixed
            let before = Self.inputText(cleaned), after = Self.outputText(output.bytes)
            #expect(before == after, "\(name): text differs \(Self.firstDifference(before, after))")
            // Idempotent.
            let again = Self.convert(output.bytes, path: url.path)
            #expect(again.bytes == output.bytes, "\(name): converting the output again changes it")
            // Clean: no HTML finding except alt texts only a person can write and image
            // addresses only the image's host can change, and raw HTML only where the converter
            // said it fell back to it.
            let findings = Fixtures.lint(output.bytes, path: url.path).filter {
                RuleCatalogue.builtIn.rule($0.ruleID)?.descriptor.category == "html" && !["image-alt", "insecure-image"].contains($0.ruleID)
            }
            #expect(findings.isEmpty, "\(name): \(findings.map { "\($0.start) \($0.code) \($0.message)" })")
            let post = Post(path: url.path, bytes: output.bytes)
            let rawHTML = post.body.map { body in body.markdown.nodes.filter { $0.kind == .htmlBlock || $0.kind == .htmlInline }.count } ?? 0
            #expect(rawHTML == 0 || output.htmlFallbacks > 0, "\(name): raw HTML in the output without a documented fallback")
            // No trailing white space in the body (the front matter is carried over as it is), one final newline.
            let text = String(decoding: output.bytes, as: UTF8.self)
            let bodyText = post.body.map { post.source.string($0.range) } ?? ""
            #expect(!bodyText.contains(" \n") && !bodyText.contains("\t\n"), "\(name): trailing white space")
            #expect(text.hasSuffix("\n") && !text.hasSuffix("\n\n"), "\(name): not exactly one final newline")
        }
    }

    @Test func frontMatterIsCarriedOverByteForByte() throws {
        let input = "---\n# a comment\ntitle:   \"标题\"   # kept\ndate: 2022-03-01T10:00:00+08:00\n---\n<p>正文</p>\n"
        let output = String(decoding: Self.convert(Array(input.utf8)).bytes, as: UTF8.self)
        #expect(output.hasPrefix("---\n# a comment\ntitle:   \"标题\"   # kept\ndate: 2022-03-01T10:00:00+08:00\n---\n"))
        var options = MarkdownConverter.Options()
        options.canonicalDates = true
        let canonical = MarkdownConverter(linter: Self.converter.linter, options: options)
            .convert(path: "_posts/2022-03-01-x.md", bytes: Array(input.utf8), configuration: Configuration())
        #expect(String(decoding: canonical.bytes, as: UTF8.self).contains("date: 2022-03-01 10:00:00 +0800\n"))
    }

    @Test func escapedScriptStaysTextAndScriptLinksAreDropped() {
        let input = "---\ntitle: \"t\"\n---\n<p>&lt;script&gt;alert(1)&lt;/script&gt; 与 <a href=\"javascript:alert(2)\">点我</a></p>\n"
        let output = Self.convert(Array(input.utf8))
        let text = String(decoding: output.bytes, as: UTF8.self)
        let rendered = MarkdownParser.renderHTML(text, unsafe: true)
        let document = HTMLParser.parse(Array(rendered.utf8)[...])
        #expect(!document.elements.contains { $0.name == "script" }, "\(text)")
        #expect(document.texts.map(\.text).joined().contains("<script>alert(1)</script>"))
        #expect(!text.contains("javascript:"))
        #expect(text.contains("点我"))
        #expect(output.issues.contains { $0.message.contains("`javascript:` link dropped") && $0.offset != nil })
    }

    /// The converted post of an `.html` source is cleaned again as the Markdown it is: read as
    /// HTML, its code blocks and link targets were prose to the typography rules, which took a
    /// space out of the code and made the full-width letters of a URL ASCII.
    @Test func theOutputOfAnHTMLPostIsCleanedAsMarkdown() {
        let input = "---\ntitle: \"t\"\n---\n<p>见<a href=\"https://example.com/word/ＢＯＯＷＹ.html\">ボウイ</a>。</p>\n<pre>print(\"おめでとう！ 最初の\")</pre>\n"
        let output = Self.convert(Array(input.utf8), path: "_posts/2022-03-01-x.html")
        let text = String(decoding: output.bytes, as: UTF8.self)
        #expect(text.contains("(https://example.com/word/ＢＯＯＷＹ.html)"), "\(text)")
        #expect(text.contains("おめでとう！ 最初の"), "\(text)")
        #expect(output.issues.isEmpty, "\(output.issues.map(\.message))")
    }

    @Test func markdownSpecialCharactersStayText() {
        let input = "---\ntitle: \"t\"\n---\n<p>1. 不是列表 * 星号 _下划线_ [方括号] `反引号` # 井号 &amp;copy; a|b</p>\n<p># 行首井号</p>\n<p>- 行首减号</p>\n"
        let output = Self.convert(Array(input.utf8))
        let text = String(decoding: output.bytes, as: UTF8.self)
        #expect(Self.outputText(output.bytes) == Self.inputText(Array(input.utf8)), "\(text)")
        let post = Post(path: "x.md", bytes: output.bytes)
        let kinds = post.body!.markdown.nodes.map(\.kind)
        #expect(!kinds.contains(.list) && !kinds.contains(.heading) && !kinds.contains(.emphasis) && !kinds.contains(.link) && !kinds.contains(.code), "\(text)")
    }

    @Test func tablesAndTheirFallback() {
        let simple = "---\ntitle: \"t\"\n---\n<table><tr><th>名称</th><th>数量</th></tr><tr><td>a|b</td><td>2</td></tr></table>\n"
        let converted = String(decoding: Self.convert(Array(simple.utf8)).bytes, as: UTF8.self)
        #expect(converted.contains("| 名称 | 数量 |\n| --- | --- |\n| a\\|b | 2 |"), "\(converted)")
        let merged = "---\ntitle: \"t\"\n---\n<table><tr><td colspan=\"2\">合并</td></tr><tr><td>a</td><td>b</td></tr></table>\n"
        let fallback = Self.convert(Array(merged.utf8))
        #expect(fallback.htmlFallbacks == 1 && fallback.faithful)
        var options = MarkdownConverter.Options()
        options.tableFallback = .fail
        let strict = MarkdownConverter(linter: Self.converter.linter, options: options).convert(path: "_posts/2022-03-01-x.md", bytes: Array(merged.utf8), configuration: Configuration())
        #expect(!strict.faithful)
    }

    @Test func imageWithCaptionBecomesImageAndCaptionParagraphs() {
        let input = "---\ntitle: \"t\"\n---\n<center><img src=\"https://example.com/a.jpg\" alt=\"风电场\" width=\"552\" /></center><p style=\"text-align:center;\">图片来源：示例网</p>\n"
        let text = String(decoding: Self.convert(Array(input.utf8)).bytes, as: UTF8.self)
        #expect(text.hasSuffix("---\n\n![风电场](https://example.com/a.jpg)\n\n图片来源：示例网\n"), "\(text)")
    }

    /// `POSTLINT_UPDATE_GOLDEN=1 swift test --filter golden` rewrites samples/expected/.
    @Test func goldenFilesForTheSamples() throws {
        let update = ProcessInfo.processInfo.environment["POSTLINT_UPDATE_GOLDEN"] == "1"
        let samples = Fixtures.files(under: Fixtures.samples, extensions: ["md"]).filter { !$0.path.contains("/expected/") }
        try #require(!samples.isEmpty)
        for sample in samples {
            let relative = String(sample.path.dropFirst(Fixtures.samples.path.count + 1))
            let golden = Fixtures.samples.appendingPathComponent("expected").appendingPathComponent(relative)
            let output = Data(Self.convert([UInt8](try Data(contentsOf: sample)), path: sample.path).bytes)
            if update {
                try FileManager.default.createDirectory(at: golden.deletingLastPathComponent(), withIntermediateDirectories: true)
                try output.write(to: golden)
            }
            let expected = try Data(contentsOf: golden)
            #expect(output == expected, "\(relative) differs from samples/expected/\(relative); POSTLINT_UPDATE_GOLDEN=1 rewrites it")
        }
    }

    @Test func commandLineWritesStdoutOrAMirroredFolder() throws {
        let one = try PostlintBinary.run(["convert", "--to", "markdown", "samples/clean/_posts/2022-03-01-wind-power-report.md"], in: Fixtures.packageRoot)
        #expect(one.status == 0)
        #expect(one.stdout.contains("（文章来源：能源日报）\n\n<https://news.example.com/a/202203010001.html>"))
        let folder = try TemporaryFolder()
        let all = try PostlintBinary.run(["convert", "--to", "markdown", "-o", folder.url.path, "samples/broken"], in: Fixtures.packageRoot)
        #expect(all.status == 0, "\(all.stderr)")
        #expect(FileManager.default.fileExists(atPath: folder.url.appendingPathComponent("_posts/2022-03-08-republished-article.md").path))
        let inside = try PostlintBinary.run(["convert", "--to", "markdown", "-o", "samples/broken/out", "samples/broken"], in: Fixtures.packageRoot)
        #expect(inside.status == 2)
        #expect(inside.stderr.contains("overlaps the input folder"))
        let many = try PostlintBinary.run(["convert", "--to", "markdown", "samples/broken"], in: Fixtures.packageRoot)
        #expect(many.status == 2 && many.stderr.contains("name an output folder with -o"))
    }

    /// Conversion reuses parses it has made: the cleaning's parse of a post it left unchanged
    /// stands for the file as it came in, and the prepared front matter for the output's, which
    /// starts with it. Over the corpora, what they give is what fresh parses give.
    @Test func reusedParsesAreWhatFreshParsesGive() throws {
        let pipeline = ContentPipeline(linter: Self.converter.linter, captionPrefixes: MarkdownConverter.Options().captionPrefixes, canonicalDates: false)
        var unchanged = 0
        for corpus in ["finews", "jekyll-docs", "wangxin93", "blogs-zh"] {
            for url in Fixtures.files(under: Fixtures.corpus.appendingPathComponent(corpus), extensions: ["md", "markdown", "html"]).prefix(60) {
                let bytes = Array(try Data(contentsOf: url))
                let prepared = pipeline.prepare(path: url.path, bytes: bytes, configuration: Configuration())
                let fresh = Post(path: url.path, bytes: bytes, parsingBody: false)
                #expect(prepared.body == (fresh.encoding == .utf8 ? fresh.bodyRange : bytes.count..<bytes.count), "\(url.path)")
                let output = Self.converter.convert(path: url.path, bytes: bytes, configuration: Configuration()).bytes
                let reusing = pipeline.cleanOutput(path: url.path, bytes: output, configuration: Configuration(), source: prepared.post)
                let parsing = pipeline.cleanOutput(path: url.path, bytes: output, configuration: Configuration())
                #expect(reusing.bytes == parsing.bytes && reusing.body == parsing.body, "\(url.path)")
                if reusing.bytes == output { unchanged += 1 }
            }
        }
        #expect(unchanged > 100)
    }
}
