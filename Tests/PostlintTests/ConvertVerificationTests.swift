import Foundation
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

    /// Links: a bare URL keeps its `&`, a destination its `&entity;`-like text, a disguised
    /// script URL is dropped with its text kept, and a linked image nests no link in XHTML.
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
        // `<math>` has no form in either output yet: its text is lost, and said so.
        let body = "<p>前文</p>\n<p><math><mi>x</mi><mo>=</mo><mn>42</mn></math></p>\n"
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
}
