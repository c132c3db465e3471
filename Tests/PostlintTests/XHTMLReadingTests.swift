import Foundation
import PostlintAdapters
@testable import PostlintConvert
import Testing

/// An XHTML output is verified by reading it as a reading system reads it: libxml2's XML parser
/// in one pass (`XMLStream`), its events read by the rules that read an HTML document
/// (`ShownText`). ShownFormTests holds the two readings equal over every corpus.
@Suite struct XHTMLReadingTests {
    /// The events of a stream, with the pieces of one text joined.
    final class Log: XMLEvents {
        var events: [String] = []
        private var text = ""
        func start(name: String, attributes: [HTMLAttribute]) {
            flush()
            events.append("<" + ([name] + attributes.map { "\($0.name)=\($0.value ?? "")" }).joined(separator: " ") + ">")
        }
        func end() {
            flush()
            events.append("</>")
        }
        func text(_ utf8: UnsafeBufferPointer<UInt8>) { text += String(decoding: utf8, as: UTF8.self) }
        func flush() {
            if !text.isEmpty { events.append(text) }
            text = ""
        }
    }

    @Test func aStreamHandsOnEveryEventInOrderWithEntitiesReplaced() {
        let log = Log()
        let problem = XMLStream.read(Array("<?xml version=\"1.0\"?>\n<!DOCTYPE html>\n<a x=\"1 &amp; 2 &#38; &#x26; &lt;&amp;#38;\" y=\"a&amp;&#x301;b\">t&amp;u&#x4E2D;<b/>v<![CDATA[<w>]]></a>".utf8), into: log)
        log.flush()
        #expect(problem == nil)
        #expect(log.events == ["<a x=1 & 2 & & <&#38; y=a&\u{301}b>", "t&u中", "<b>", "</>", "v<w>", "</>"])
    }

    @Test func aPageThatIsNotWellFormedSaysWhereAndWhy() throws {
        let problem = try #require(XMLStream.read(Array("<p>\n<b>a</p>".utf8), into: Log()))
        #expect(problem.hasPrefix("line 2: "), "\(problem)")
        #expect(XMLStream.read([], into: Log()) == "the document is empty")
        // An entity XML does not know is not fetched or expanded: it is a complaint.
        #expect(XMLStream.read(Array("<p>a&nbsp;b</p>".utf8), into: Log()) != nil)
        let (_, problemOfPage) = ConversionVerifier.read(xhtml: Array("<html><body><p>a</body></html>".utf8))
        #expect(problemOfPage != nil)
    }

    /// A page is postlint's own output, but its reading is safe whatever it holds: an entity a
    /// DTD declares is neither expanded (the billion laughs stay one line) nor fetched.
    @Test func entitiesADocumentDeclaresAreNeitherExpandedNorFetched() {
        var doctype = "<!DOCTYPE p [<!ENTITY lol \"lol\"><!ENTITY file SYSTEM \"file:///etc/passwd\">"
        for level in 2...9 {
            doctype += "<!ENTITY lol\(level) \"" + String(repeating: "&lol\(level == 2 ? "" : String(level - 1));", count: 10) + "\">"
        }
        let log = Log()
        _ = XMLStream.read(Array((doctype + "]>\n<p>&lol9; &file; end</p>").utf8), into: log)
        log.flush()
        let text = log.events.joined()
        #expect(!text.contains("lollol") && !text.contains("root:") && text.utf8.count < 100, "\(text.prefix(200))")
    }

    /// Pages whose reading turns on each rule: blocks and breaks part words, inline elements do
    /// not; hidden, unseen and boxed elements; superscripts; images' `alt` text.
    @Test(arguments: [
        "<p>a</p><p>b</p><span>c</span><span>d</span>x<br/>y",
        "<div>shown<span style=\"display: none\">styled</span><span hidden=\"hidden\">attribute</span><script>code</script></div>",
        "<p>10<sup>6</sup>H<sub>2</sub>O<sup>a<b>b</b>c</sup>end</p>",
        "<p>before<iframe src=\"x\">fallback</iframe>after<svg><text>icon</text></svg>next</p>",
        "<p>text<img src=\"a.png\" alt=\"the alt\"/>more<span hidden=\"\"><img src=\"b.png\" alt=\"hidden alt\"/></span></p>",
        "<table><tr><td>cell</td><td>other</td></tr></table><ul><li>one</li><li>two</li></ul>",
    ])
    func aPageReadAsXMLShowsWhatItsHTMLReadingShows(body: String) {
        let page = Array(("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\"><head><title>title words</title></head><body>" + body + "</body></html>").utf8)
        let (xml, problem) = ConversionVerifier.read(xhtml: page)
        #expect(problem == nil)
        let html = ConversionVerifier.read(html: HTMLParser.parse(page[...]))
        #expect(xml.wordStrings == html.wordStrings)
        #expect(xml.withAlt.wordStrings == html.withAlt.wordStrings)
        #expect(!xml.wordStrings.contains("title"))
    }

    @Test func whatAReaderSeesOfAPage() {
        func words(_ body: String) -> [String] {
            ConversionVerifier.read(xhtml: Array("<html><body>\(body)</body></html>".utf8)).reading.wordStrings
        }
        #expect(words("<p>a</p><p>b</p><span>c</span><span>d</span>") == ["a", "b", "cd"])
        #expect(words("<div>shown<span style=\"display:none\">styled</span><span hidden=\"\">attribute</span><script>code</script></div>") == ["shown"])
        #expect(words("<p>10<sup>6</sup>H<sub>2</sub>O</p>") == ["10", "6", "H", "2", "O"])
        #expect(words("<p>before<iframe>fallback</iframe>after</p>") == ["before", "after"])
        let alt = ConversionVerifier.read(xhtml: Array("<p>x<img alt=\"seen\"/><span hidden=\"\"><img alt=\"unseen\"/></span></p>".utf8)).reading
        #expect(alt.withAlt.wordStrings == ["x", "seen"])
    }

    /// libxml2's XML parser refuses an attribute value over 10 MB unless told otherwise; a big
    /// post's link is that long, and its page must still be read, as must a text that long.
    @Test func aPageWithAnAttributeAndATextOverTenMegabytesIsRead() {
        let long = String(repeating: "a", count: 11_000_000)
        let page = Array("<html><body><p><a href=\"http://e.com/\(long)\">link</a> \(long)</p></body></html>".utf8)
        let (reading, problem) = ConversionVerifier.read(xhtml: page)
        #expect(problem == nil)
        #expect(reading.wordStrings.count == 2 && reading.wordStrings.first == "link" && reading.wordStrings.last?.utf8.count == 11_000_000)
    }
}
