import Foundation
import PostlintAdapters
@testable import PostlintConvert
import PostlintEngine
import PostlintModel
import PostlintRules
import Testing

/// Conversion parses an `.html` post's body once: the linter's parse of the file as it came in
/// is read for the verification, and its parse of the cleaned file is built from, when they are
/// the parses a reader's page gives (no Liquid, which the linter blanks). Over the 152 web pages
/// as `.html` posts and posts made to take each way, what they give is what fresh parses give.
@Suite struct HTMLBodyReuseTests {
    static let pipeline = ContentPipeline(linter: Linter(environment: LintEnvironment(now: Fixtures.now)),
                                          captionPrefixes: MarkdownConverter.Options().captionPrefixes, canonicalDates: false)

    /// Posts that cleaning leaves alone, changes, or cannot reuse the parse of (Liquid), beside
    /// the web pages.
    static let made = [
        "2022-03-01-plain.html": "---\ntitle: Plain\n---\n<p>Hello <b>world</b>.</p>\n<img src=\"a.png\" alt=\"a cat\">\n",
        "2022-03-02-tracked.html": "---\ntitle: Tracked\n---\n<p>宣布为<a href=\"http://quote.example.com/1\" class=\"keytip\">蔚来</a>提供</p>  \n<p hidden>gone</p>\n",
        "2022-03-03-liquid.html": "---\ntitle: Liquid\n---\n<p>{{ page.title }} and {% raw %}<b>bold</b>{% endraw %}</p>\n<p><span class=\"keytip\">x</span></p>\n",
    ]

    @Test func readingAndBlocksAreWhatFreshParsesGive() throws {
        let folder = try TemporaryFolder()
        let pages = try WebPagesConversionTests.corpora(in: folder)[0].1
        var posts = Fixtures.files(under: pages, extensions: ["html"])
        for (name, text) in Self.made { posts.append(try folder.write("made/_posts/\(name)", text)) }
        #expect(posts.count > 150)
        var changed = 0
        for url in posts {
            let bytes = Array(try Data(contentsOf: url))
            var prepared = Self.pipeline.prepare(path: url.path, bytes: bytes, configuration: Configuration())
            guard prepared.head != nil else { continue }
            // What a reader sees of the file as it came in, parsed afresh.
            let fresh = ConversionVerifier.read(post: Post(path: url.path, bytes: bytes))
            let reused = prepared.source.read()
            #expect(reused.wordStrings == fresh.wordStrings && reused.withAlt.wordStrings == fresh.withAlt.wordStrings, "\(url.lastPathComponent)")
            // The blocks of the cleaned file's body, parsed afresh.
            let cleaned = Self.pipeline.cleanOutput(path: url.path, bytes: bytes, configuration: Configuration())
            if cleaned.bytes != bytes { changed += 1 }
            var builder = DocumentBuilder(html: HTMLParser.parse(cleaned.bytes[cleaned.body...]), captionPrefixes: MarkdownConverter.Options().captionPrefixes)
            #expect(prepared.takeBlocks() == builder.build(), "\(url.lastPathComponent)")
        }
        #expect(changed > 20)
    }

    /// The linter's parse stands for the page's exactly when the body has no Liquid: the plain
    /// and tracked posts take it, the post with Liquid and a Markdown post do not.
    @Test func onlyALiquidFreeHTMLBodyIsReused() throws {
        let folder = try TemporaryFolder()
        var taken: [String: Bool] = [:]
        for (name, text) in Self.made.merging(["2022-03-04-markdown.md": "---\ntitle: M\n---\n<p>Hello</p>\n"], uniquingKeysWith: { a, _ in a }) {
            let url = try folder.write("_posts/\(name)", text)
            taken[name] = ContentPipeline.parsedAsShown(Post(path: url.path, bytes: Array(text.utf8))) != nil
        }
        #expect(taken == ["2022-03-01-plain.html": true, "2022-03-02-tracked.html": true, "2022-03-03-liquid.html": false, "2022-03-04-markdown.md": false])
    }
}
