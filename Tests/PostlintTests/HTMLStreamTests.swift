import PostlintAdapters
@testable import PostlintConvert
import Testing

/// HTML read in one pass (`HTMLStream`) hands a reader the events a parsed document
/// (`HTMLParser.parse`) replays: these pages nest their elements as a browser does and libxml2
/// does not, or not alone. ShownFormTests holds the two equal over every corpus.
@Suite struct HTMLStreamTests {
    @Test(arguments: [
        // End tags that close more than their element, and one that closes nothing.
        "<div><b><i>bold italic</b>after</i> rest</div><p>x</span>y</p>",
        // Foreign content a block breaks out of, and HTML inside an integration point.
        "<p>a<svg><text>icon</text><div>out of the svg</div>b</p><svg><foreignObject><p>kept</p></foreignObject></svg>c",
        "<math><mi>x</mi><p>after math</p></math>tail<svg><svg><g><span>deep</span></g></svg></svg>",
        // Names in capitals, elements never closed, libxml2's own implied ends.
        "<DIV><P>one<P>two<LI>three<TABLE><TR><TD>cell<TD>more</TABLE></DIV>end",
        "<p>text<img src=\"a.png\" ALT=\"the alt\">more<span hidden><img alt=\"hidden\"></span><sup>1<sub>2</sup>3",
        "<div style=\"display:none\"><p>gone</p></div><noscript>no</noscript><template><p>t</p></template>seen",
        "plain text with no element at all &amp; an entity",
        "</p></div>only ends<br/>",
    ])
    func aPageReadInOnePassShowsWhatItsParsedDocumentShows(html: String) {
        let bytes = Array(html.utf8)[...]
        let streamed = ConversionVerifier.shown(html: bytes)
        let replayed = ConversionVerifier.shown(html: HTMLParser.parse(bytes))
        #expect(streamed.text == replayed.text)
        #expect(streamed.alt == replayed.alt)
        #expect(streamed.textBreaks == replayed.textBreaks)
        #expect(streamed.altBreaks == replayed.altBreaks)
        #expect(!streamed.text.contains("gone") && !streamed.text.isEmpty)
    }

    @Test func nothingIsReadOfNothing() {
        let page = ConversionVerifier.shown(html: [][...])
        #expect(page.text.isEmpty && page.alt.isEmpty)
    }

    /// HTML that leaves the parser with no element open can be read on its own: what follows it
    /// reads the same. An element left open, a tag, comment or script not ended, or foreign
    /// content libxml2 keeps open, is not such HTML.
    @Test(arguments: [
        ("", true), ("<p>a</p>\n", true), ("<img src=\"x\">", true), ("<p>a <username> b</p>\n", true),
        ("<div>\n", false), ("<p>a<div>b</p>", false), ("<script>x", false), ("<!-- x", false), ("<img src=\"x", false),
        ("<svg><g>", false), ("<div hidden>\n", false), ("<p>a</p><!--\u{E000}--><div>", false), ("text", false),
        // libxml2 reads these by where the page has got to.
        ("<div><html></div>\n", false), ("<body></body>\n", false), ("<BODY hidden>\nsecret\n</body>\n", false),
        ("<html><head></head><mark>foo</mark></html>", false), ("<p><header>a</header></p>", true),
    ])
    func htmlThatClosesEverythingItOpens(html: String, closes: Bool) {
        #expect(HTMLStream.closesEverything(Array(html.utf8)[...]) == closes)
    }
}
