import Foundation
import PostlintAdapters
@testable import PostlintConvert
import PostlintEngine
import PostlintModel
import PostlintRules
import Testing

/// A Markdown output whose rendered HTML is its source's, runs of blanks aside, is not read to
/// be verified (`SourceReading`): these hold the claim that makes that exact, that a reading
/// does not change when runs of blanks are spelt otherwise, and that a lost word is still found.
@Suite struct ShownFormTests {
    /// Every body of every corpus as the site shows it: Markdown rendered as the verifier
    /// renders it, HTML posts and the web pages as they are.
    static func shownBodies() -> [[UInt8]] {
        let posts = Fixtures.files(under: Fixtures.corpus, extensions: ["md", "markdown", "html"])
        return posts.map { url in
            let bytes = [UInt8]((try? Data(contentsOf: url)) ?? Data())
            let post = Post(path: url.path, bytes: bytes, parsingBody: false)
            guard post.encoding == .utf8 else { return [] }
            if post.language == .html || url.path.contains("/web-pages/") { return Array(bytes[post.bodyRange]) }
            var html: [UInt8] = []
            SiteHTML.render(markdown: bytes[post.bodyRange]) { html += $0 }
            return html
        }
    }

    static func reading(_ html: [UInt8]) -> (words: [String], alt: [String]) {
        let reading = ConversionVerifier.read(html: HTMLParser.parse(html[...]))
        return (reading.wordStrings, reading.withAlt.wordStrings)
    }

    /// Each run of blanks of `html` spelt as another random run of one to four blanks.
    static func respelt(_ html: [UInt8], using generator: inout SeededRandom) -> [UInt8] {
        let blanks: [UInt8] = [0x20, 0x0A, 0x09, 0x0D]
        var out: [UInt8] = []
        var inRun = false
        for byte in html {
            if blanks.contains(byte) {
                // Now and then a long run, which moves where libxml2 cuts the text into pieces.
                let longest = Int.random(in: 0..<50, using: &generator) == 0 ? SourceReading.longestRun : 4
                if !inRun { for _ in 0..<Int.random(in: 1...longest, using: &generator) { out.append(blanks.randomElement(using: &generator)!) } }
                inRun = true
            } else {
                out.append(byte)
                inRun = false
            }
        }
        return out
    }

    @Test func aReadingDoesNotDependOnHowBlanksAreSpelt() throws {
        var generator = SeededRandom()
        let bodies = Self.shownBodies()
        #expect(bodies.count > 500)
        for html in bodies {
            let expected = Self.reading(html)
            let collapsed = Self.reading(try #require(SourceReading.shownForm(html) ?? SourceReading.shownForm([])))
            if SourceReading.shownForm(html) == nil { continue }
            #expect(collapsed.words == expected.words)
            #expect(collapsed.alt == expected.alt)
            let respelt = Self.reading(Self.respelt(html, using: &generator))
            #expect(respelt.words == expected.words)
            #expect(respelt.alt == expected.alt)
        }
    }

    @Test func shownFormMakesEachRunOfBlanksOneSpace() {
        #expect(SourceReading.shownForm(Array("<p>a \r\n\t b</p>\n\n<p style=\"x:\ny\">c</p>\n".utf8)) == Array("<p>a b</p> <p style=\"x: y\">c</p> ".utf8))
        #expect(SourceReading.shownForm(Array("\u{0C}\u{A0}x".utf8)) == Array("\u{0C}\u{A0}x".utf8))
        #expect(SourceReading.shownForm([]) == [])
        // A long run is not made one: libxml2 may read it otherwise.
        #expect(SourceReading.shownForm(Array(("<p>a" + String(repeating: " ", count: SourceReading.longestRun) + "b</p>").utf8)) != nil)
        #expect(SourceReading.shownForm(Array(("<p>a" + String(repeating: " ", count: SourceReading.longestRun + 1) + "b</p>").utf8)) == nil)
    }

    /// Where the blanks' spelling once changed what a reader sees: libxml2's 1,000-byte pieces of
    /// text inside a superscript, a run of blanks long enough to open a paragraph of its own, a
    /// combining mark after a blank in a `style`.
    @Test(arguments: [
        "<p>H<sup>" + String(repeating: "\n", count: 998) + "abcdef</sup>2O</p>",
        "<p>H <sup>abcdef" + String(repeating: " ", count: 990) + "ghijkl</sup> end</p>",
        "<div>a</div>" + String(repeating: " ", count: 1_200) + "<html hidden>secret</html>",
        "<p style=\"display:\n\u{301}none\">secret</p>",
    ])
    func blanksThatOnceChangedAReading(html: String) {
        let bytes = Array(html.utf8)
        let expected = Self.reading(bytes)
        var generator = SeededRandom()
        for _ in 0..<20 {
            let respelt = Self.respelt(bytes, using: &generator)
            if let shown = SourceReading.shownForm(respelt), let original = SourceReading.shownForm(bytes) {
                #expect(shown == original)
                #expect(Self.reading(respelt).words == expected.words, "\(html.prefix(60).debugDescription)")
            }
        }
        // The pieces of one superscript are one word.
        if html.contains("abcdef</sup>") { #expect(expected.words.contains("abcdef")) }
        if html.contains("ghijkl</sup>") { #expect(expected.words.contains("abcdef") && expected.words.contains("ghijkl")) }
    }

    static func source(_ markdown: String) -> SourceReading {
        SourceReading(rendered: SiteHTML.renderBlocks(markdown: Array(markdown.utf8)[...])!)
    }

    static func issues(_ source: inout SourceReading, _ output: String) -> [ConversionIssue] {
        let file = Array(output.utf8)
        return ConversionVerifier.issues(source: &source, markdown: file[...], excused: [], file: file, body: 0..<file.count, fatal: true)
    }

    @Test func anOutputThatRendersTheSameIsNotRead() {
        var source = Self.source("第一段 word  \nnext\n\n- 甲\n- 乙\n")
        #expect(Self.issues(&source, "第一段   word  \nnext\n\n* 甲\n* 乙\n").isEmpty)
        #expect(!source.isRead)
    }

    @Test func anOutputThatRendersOtherwiseIsReadAndItsLossFound() {
        var source = Self.source("第一段 word\n\n<span style=\"display:none\">藏</span>看得见\n")
        // Blank runs aside, the same words but another HTML: read (as a page whose blocks the
        // output shows, `ShownPage`), and nothing lost.
        #expect(Self.issues(&source, "第一段 *word*\n\n<span style=\"display:none\">藏</span>看得见\n").isEmpty)
        #expect(source.isRead)
        var lossy = Self.source("第一段 word\n\n看得见\n")
        let issues = Self.issues(&lossy, "第一段\n\n看得见\n")
        #expect(issues.map(\.message) == ["lost: «word» is not in the output"])
        // A source that is not one rendered part is always read.
        var read = SourceReading(ConversionVerifier.Reading(text: "word"))
        #expect(!read.rendersSame(as: Array("<p>word</p>\n".utf8)))
        #expect(Self.issues(&read, "word\n").isEmpty)
    }

    /// An XHTML output is verified by reading it as XML in one pass (`ConversionVerifier.read(xhtml:)`):
    /// over every post of every corpus converted to XHTML, that reading shows the words, and the
    /// `alt` text, that the page's HTML reading shows, and every page is well-formed.
    @Test func everyXHTMLPageReadAsXMLShowsWhatItsHTMLReadingShows() {
        let converter = XHTMLConverter(linter: Linter(environment: LintEnvironment(now: Fixtures.now)))
        var read = 0
        for url in Fixtures.files(under: Fixtures.corpus, extensions: ["md", "markdown", "html"]) {
            let bytes = [UInt8]((try? Data(contentsOf: url)) ?? Data())
            let output = converter.convert(path: url.path, bytes: bytes, configuration: Configuration())
            guard !output.xhtml.isEmpty else { continue }
            let page = Array(output.xhtml.utf8)
            let (xml, problem) = ConversionVerifier.read(xhtml: page)
            #expect(problem == nil, "\(url.path)")
            let html = ConversionVerifier.read(html: HTMLParser.parse(page[...]))
            #expect(xml.wordStrings == html.wordStrings, "\(url.path)")
            #expect(xml.withAlt.wordStrings == html.withAlt.wordStrings, "\(url.path)")
            read += 1
        }
        #expect(read > 500)
    }

    /// HTML the verifier has not parsed for building is read in one pass (`HTMLStream`): every
    /// page of every corpus, read so, shows what its parsed document replayed shows, block and
    /// image places too.
    @Test func everyPageReadInOnePassShowsWhatItsParsedDocumentShows() {
        let bodies = Self.shownBodies()
        #expect(bodies.count > 500)
        for html in bodies where !html.isEmpty {
            let streamed = ConversionVerifier.shown(html: html[...])
            let replayed = ConversionVerifier.shown(html: HTMLParser.parse(html[...]))
            #expect(streamed.text == replayed.text && streamed.alt == replayed.alt, "\(String(decoding: html.prefix(80), as: UTF8.self).debugDescription)")
            #expect(streamed.textBreaks == replayed.textBreaks && streamed.altBreaks == replayed.altBreaks)
        }
    }

    /// A Markdown output is compared block by block with its source (`SourceReading.unmatched`):
    /// a block each side renders alike is not read. Raw HTML that leaves an element open changes
    /// how the blocks after it read, so then both are read whole: here the output hides a
    /// paragraph its source shows, in a block both render alike.
    @Test func rawHTMLThatLeavesAnElementOpenIsReadWhole() {
        var source = Self.source("secret\n\n<div>\n")
        #expect(Self.issues(&source, "<div hidden>\n\nsecret\n").map(\.message) == ["lost: «secret» is not in the output"])
        var changed = Self.source("甲 word\n\nsame block\n\n乙\n")
        #expect(Self.issues(&changed, "甲\n\nsame block\n\n乙\n").map(\.message) == ["lost: «word» is not in the output"])
        var moved = Self.source("one\n\ntwo <img src=\"x\" alt=\"图\">\n\nthree\n")
        #expect(Self.issues(&moved, "three\n\none\n\ntwo <img src=\"x\" alt=\"图\">\n").isEmpty)
    }

    /// Every Markdown post of every corpus rendered block by block is the post rendered whole,
    /// and where each block's raw HTML closes what it opens, the blocks read one by one show
    /// the words the whole page shows.
    @Test func blocksThatCloseWhatTheyOpenReadAsTheWholePage() throws {
        var alone = 0
        for url in Fixtures.files(under: Fixtures.corpus, extensions: ["md", "markdown"]) {
            let bytes = [UInt8]((try? Data(contentsOf: url)) ?? Data())
            let post = Post(path: url.path, bytes: bytes, parsingBody: false)
            guard post.encoding == .utf8, let rendered = SiteHTML.renderBlocks(markdown: bytes[post.bodyRange]) else { continue }
            var whole: [UInt8] = []
            SiteHTML.render(markdown: bytes[post.bodyRange]) { whole += $0 }
            #expect(rendered.html == whole, "\(url.path)")
            guard zip(rendered.blocks, rendered.rawHTML).allSatisfy({ !$1 || HTMLStream.closesEverything(rendered.html[$0]) }) else { continue }
            alone += 1
            let page = ConversionVerifier.shown(html: whole[...])
            var text: [String] = [], alt: [String] = []
            for block in rendered.blocks {
                let shown = ConversionVerifier.shown(html: rendered.html[block])
                text += ConversionVerifier.words(in: shown.text)
                alt += ConversionVerifier.words(in: shown.alt)
            }
            #expect(ConversionVerifier.words(in: page.text) == text, "\(url.path)")
            #expect(ConversionVerifier.words(in: page.alt) == alt, "\(url.path)")
        }
        #expect(alone > 300)
    }
}
