import Foundation
import PostlintConvert
import Testing

/// Every conversion is checked word by word against its source, and says what it lost; the
/// reproductions of text the converter used to drop without a word.
@Suite struct ConvertVerificationTests {
    static let head = "---\ntitle: \"标题\"\ndate: 2022-03-01 10:00:00 +0800\n---\n"

    /// Converts one post given on standard input under `name`.
    static func convert(_ body: String, name: String = "_posts/2022-03-01-a.md", to format: String = "markdown", extra: [String] = []) throws -> CommandResult {
        try PostlintBinary.run(["convert", "--to", format, "--stdin", "--stdin-filename", name] + extra, stdin: Data((head + body).utf8))
    }

    @Test(arguments: [
        // Markdown has no <sup> or <sub>: Unicode where exact, inline HTML otherwise.
        ("<p>10<sup>6</sup> 次，H<sub>2</sub>O，x<sup>a+b</sup></p>\n", "10⁶ 次，H₂O，x<sup>a+b</sup>"),
        // A table's caption goes before it as a paragraph.
        ("<table><caption>表一</caption><tr><td>甲</td></tr></table>\n", "表一\n\n|  |"),
        // A list directly in a list is the item's nested list; text and paragraphs there too.
        ("<ol><li>一</li><ol><li>二</li></ol></ol>\n", "1. 一\n\n   1. 二"),
        ("<ul><li>甲</li><ul><li>乙</li></ul><p>丙</p></ul>\n", "- 甲\n\n  - 乙\n\n  丙"),
        ("<blockquote><ul><ul><li>深</li></ul></ul></blockquote>\n", "深"),
        // Adjacent bold runs are one bold run, not `****`.
        ("<p><b>你的</b><b>移动用户</b></p>\n", "**你的移动用户**"),
        // A figure with more than a picture keeps the rest.
        ("<figure><img src=\"a.jpg\" alt=\"图\"><p>图外的文字</p><figcaption>说明</figcaption></figure>\n", "图外的文字"),
        // aria-hidden hides from screen readers only.
        ("<p>评分 <span aria-hidden=\"true\">★★★★</span>四星</p>\n", "★★★★"),
    ])
    func reproductionsKeepTheirText(body: String, expected: String) throws {
        let result = try Self.convert(body)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains(expected), "\(result.stdout)")
        #expect(!result.stderr.contains("lost:"), "\(result.stderr)")
    }

    /// Reproductions of output that changed when converted again or lost text a reader sees:
    /// each keeps its text, reports no loss, and converting the output again gives it back.
    @Test(arguments: [
        // Removing an emptied element takes its line, or the HTML block would end there and
        // the next indented line read as code.
        ("_posts/2022-03-01-a.md", "<div><span>\n    <span></span>\n    </span><em>x</em> 文字</div>\n", "*x* 文字"),
        ("_posts/2022-03-01-a.md", "<noscript>\n  <iframe style=\"display:none\"></iframe>\n</noscript>\n<article>\n  <p>正文在这里。</p>\n</article>\n", "正文在这里。"),
        // An emptied inline element that held a space leaves the space: `Rowling's<i> </i>universe`.
        ("_posts/2022-03-01-a.html", "<p>Rowling’s<i>\n  </i><span>universe</span><em>&nbsp;</em>will</p>\n", "Rowling’s universe will"),
        // A line break at the end of a paragraph shows nothing, so no `\` either.
        ("_posts/2022-03-01-a.md", "<p>第一行<br></p><p>下一段<br> <br></p>\n", "第一行\n\n下一段\n"),
        // A URL as a link's text stays text: `[<url>](href)` would lose the href next time.
        ("_posts/2022-03-01-a.md", "<p><a href=\"https://e.com/b\" title=\"t\">https://e.com/c</a></p>\n", "[https://e.com/c](https://e.com/b \"t\")"),
        // A fallback table: no indentation or blank line from the source, images and links kept.
        ("_posts/2022-03-01-a.html", "<table><tr><td rowspan=\"2\">\n\n    <img src=\"a.png\" alt=\"图\"> <a href=\"/x\">链接</a>\n\n</td><td>乙</td></tr></table>\n",
         "<tr><td rowspan=\"2\"> <img src=\"a.png\" alt=\"图\"/> <a href=\"/x\">链接</a></td><td>乙</td></tr>"),
        // Two tildes would pair as GFM strikethrough; kramdown shows a backslash before `~`.
        ("_posts/2022-03-01-a.md", "<p>约~10 分钟到~20 分钟</p>\n", "约&#126;10 分钟到&#126;20 分钟"),
        // Text spelt as references is cleaned like any other text.
        ("_posts/2022-03-01-a.html", "<p>&#xFF33;&#xFF4B;&#xFF59; 与 a&#8203;b</p>\n", "Sky 与 ab"),
        // A destination is spelt as cmark-gfm renders it, readable characters kept.
        ("_posts/2022-03-01-a.html", "<p><a href=\"https://e.com/a b/路径?q=“x”\">链</a> <a href=\"/%E8%B7%AF\">路</a></p>\n",
         "[链](https://e.com/a%20b/路径?q=“x”) [路](/路)"),
        // An item holding a rule: `- ---` would be a rule, not an item.
        ("_posts/2022-03-01-a.html", "<ul><li>甲</li><li><hr></li></ul>\n", "- ***"),
        // A block inside a link stands apart from the text after it.
        ("_posts/2022-03-01-a.html", "<p><a href=\"/a\"><div>标题</div><time>Oct. 2</time></a></p>\n", "标题 Oct. 2](/a)"),
        // A lazily loaded picture keeps its source; one with none shows its alt text.
        ("_posts/2022-03-01-a.html", "<p><img data-src=\"a.jpg\" alt=\"图一\"> <img alt=\"无图\"></p>\n", "![图一](a.jpg) 无图"),
        // An unclosed `<svg>` ends where HTML starts again, as in a browser.
        ("_posts/2022-03-01-a.html", "<div><svg><path d=\"M0\"/>\n<p>看得见</p></div>\n", "看得见"),
        // MathML stays MathML (inline HTML in Markdown), its TeX annotation left out.
        ("_posts/2022-03-01-a.html", "<p>E = <math><semantics><mi>m</mi><msup><mi>c</mi><mn>2</mn></msup><annotation encoding=\"TeX\">mc^2</annotation></semantics></math> 成立</p>\n",
         "E = <math><semantics><mi>m</mi><msup><mi>c</mi><mn>2</mn></msup></semantics></math> 成立"),
        // Liquid passes through as written.
        ("_posts/2022-03-01-a.md", "<div>{% include a.html %}</div>\n\n{{ x | markdownify }}\n", "{% include a.html %}\n\n{{ x | markdownify }}"),
    ])
    func convertingAgainChangesNothing(name: String, body: String, expected: String) throws {
        let result = try Self.convert(body, name: name)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains(expected), "\(result.stdout)")
        #expect(!result.stdout.contains("```"), "\(result.stdout)")
        #expect(!result.stderr.contains("lost:"), "\(result.stderr)")
        let again = try PostlintBinary.run(["convert", "--to", "markdown", "--stdin", "--stdin-filename", "_posts/2022-03-01-a.md"], stdin: Data(result.stdout.utf8))
        #expect(again.stdout == result.stdout, "converting again changes it: \(again.stdout)")
    }

    /// Links: a bare URL keeps its `&`, a destination its `&entity;`-like text, a disguised
    /// script URL is dropped with its text kept, and a linked image nests no link in XHTML.
    /// Words are compared by their bytes, so each must come out in one normal form: a
    /// compatibility ideograph is the ideograph it stands for, a full-width letter the letter.
    @Test func wordsInDifferentFormsAreOneWord() {
        for (source, output) in [("\u{F900}", "\u{8C48}"), ("\u{2F800}", "\u{4E3D}"), ("Ｄocker", "Docker"), ("e\u{301}té", "été")] {
            let lost = ConversionVerifier.lost(ConversionVerifier.Reading(text: source), ConversionVerifier.Reading(text: output))
            #expect(lost.isEmpty, "\(source.unicodeScalars.map { String($0.value, radix: 16) }) lost \(lost)")
        }
        #expect(ConversionVerifier.lost(ConversionVerifier.Reading(text: "豈 甲"), ConversionVerifier.Reading(text: "甲")) == ["豈"])
    }

    @Test func linksSurviveAsWritten() throws {
        let body = "见 https://e.com/x?a=1&b=2 与 [链接](https://e.com/y?a=1&amp;copy;=2)，[坏](java&Tab;script:alert(1))\n\n[![Logo](https://e.com/l.png)](https://e.com/)\n"
        let markdown = try Self.convert(body)
        #expect(markdown.stdout.contains("见 <https://e.com/x?a=1&b=2> 与 [链接](https://e.com/y?a=1&amp;copy;=2)，坏\n"), "\(markdown.stdout)")
        let again = try PostlintBinary.run(["convert", "--to", "markdown", "--stdin", "--stdin-filename", "_posts/2022-03-01-a.md"], stdin: Data(markdown.stdout.utf8))
        #expect(again.stdout == markdown.stdout, "converting again changes it: \(again.stdout)")
        let xhtml = try Self.convert(body, to: "xhtml")
        #expect(xhtml.stdout.contains("<p><a href=\"https://e.com/\">[Logo]</a></p>"), "\(xhtml.stdout)")
        #expect(!xhtml.stdout.contains("script:"))
    }

    /// An `.html` post is HTML: an indented tag after a blank line is no code block.
    @Test func htmlPostsConvertAsHTML() throws {
        let body = "<div>\n\n    <p>第一段 <b>粗</b></p>\n\n        <p>第二段</p>\n</div>\n"
        let result = try Self.convert(body, name: "_posts/2022-03-01-a.html")
        #expect(result.stdout.hasSuffix("第一段 **粗**\n\n第二段\n"), "\(result.stdout)")
        #expect(!result.stdout.contains("```") && !result.stdout.contains("<p>"))
    }

    /// Text the output lacks is reported as lost, at its place, and fails the conversion unless
    /// `--allow-loss`; in XHTML too.
    @Test func lossIsReportedAndFailsTheConversion() throws {
        // Text directly in a table, outside its cells (a browser shows it before the table), has
        // no place in either output yet: it is lost, and said so.
        let body = "<p>前文</p>\n<table>x 42<tr><td>格</td></tr></table>\n"
        let markdown = try Self.convert(body)
        #expect(markdown.status == 1)
        #expect(markdown.stderr.contains("_posts/2022-03-01-a.md:6:") && markdown.stderr.contains("error [convert] lost: «x 42» is not in the output"), "\(markdown.stderr)")
        let allowed = try Self.convert(body, extra: ["--allow-loss"])
        #expect(allowed.status == 0 && allowed.stderr.contains("warning [convert] lost: «x 42»"), "\(allowed.stderr)")
        let xhtml = try Self.convert(body, to: "xhtml")
        #expect(xhtml.status == 1 && xhtml.stderr.contains("lost: «x 42»"), "\(xhtml.stderr)")
        #expect(!(try Self.convert("<p>全部保留</p>\n")).stderr.contains("lost"))
    }

    @Test func xhtmlReadsStandardInput() throws {
        let result = try Self.convert("<p>正文。</p>\n", to: "xhtml")
        #expect(result.status == 0 && result.stdout.contains("<p>正文。</p>"), "\(result.stdout)\(result.stderr)")
        let dash = try PostlintBinary.run(["convert", "--to", "xhtml", "-"], stdin: Data((Self.head + "正文。\n").utf8))
        #expect(dash.status == 0 && dash.stdout.contains("<p>正文。</p>"), "\(dash.stderr)")
    }

    /// Inputs with files of the same name each get their own folder; nothing is overwritten.
    @Test func severalInputsNeverShareAnOutput() throws {
        let folder = try TemporaryFolder()
        try folder.write("A/_posts/2022-03-01-x.md", Self.head + "甲\n")
        try folder.write("B/_posts/2022-03-01-x.md", Self.head + "乙\n")
        let result = try PostlintBinary.run(["convert", "--to", "markdown", "-o", "out", "A/_posts", "B/_posts"], in: folder.url)
        #expect(result.status == 0, "\(result.stderr)")
        let a = try String(contentsOf: folder.url.appendingPathComponent("out/A/_posts/2022-03-01-x.md"), encoding: .utf8)
        let b = try String(contentsOf: folder.url.appendingPathComponent("out/B/_posts/2022-03-01-x.md"), encoding: .utf8)
        #expect(a.hasSuffix("甲\n") && b.hasSuffix("乙\n"))
        let same = try PostlintBinary.run(["convert", "--to", "markdown", "-o", "out2", "A/_posts/2022-03-01-x.md", "./A/_posts/2022-03-01-x.md"], in: folder.url)
        #expect(same.status == 0 || same.stderr.contains("not overwritten"), "\(same.stderr)")
    }

    /// `x.md` and `x.html` in one folder would both be written as `x.xhtml` (and `x.html` as
    /// `x.md` beside `x.md`): the second is not written over the first, and that is said.
    @Test(arguments: ["markdown", "xhtml"])
    func twoInputsConvertedToOneNameAreBothKept(to format: String) throws {
        let folder = try TemporaryFolder()
        try folder.write("_posts/2022-03-01-x.md", Self.head + "甲\n")
        try folder.write("_posts/2022-03-01-x.html", Self.head + "<p>乙</p>\n")
        let result = try PostlintBinary.run(["convert", "--to", format, "-o", "out", "_posts"], in: folder.url)
        #expect(result.status == 2)
        let written = format == "xhtml" ? "out/2022-03-01-x.xhtml" : "out/2022-03-01-x.md"
        #expect(result.stderr.contains("another input is also written to \(written); not overwritten"), "\(result.stderr)")
        let kept = try String(contentsOf: folder.url.appendingPathComponent(written), encoding: .utf8)
        let loser = result.stderr.contains("_posts/2022-03-01-x.md: another") ? "甲" : "乙"
        #expect(!kept.contains(loser) && (kept.contains("甲") || kept.contains("乙")))
    }
}
