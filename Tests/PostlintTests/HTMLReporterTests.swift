import Foundation
import PostlintEngine
import PostlintModel
@testable import PostlintReporters
import PostlintRules
import Testing

/// The HTML report's writer on its own: the page's parts in order, the worst files ranked, the
/// sections grouped, fixes shown before and after, and the Content-Security-Policy naming the
/// script the page carries. HTMLReportBrowserTests opens whole reports in Chromium.
struct HTMLReporterTests {
    static func report(_ text: String, path: String = "_posts/2022-03-01-example.md") -> FileReport {
        let bytes = Array(text.utf8)
        return FileReport(path: path, diagnostics: Fixtures.lint(bytes, path: path), source: SourceText(bytes: bytes))
    }

    static func render(_ reports: [FileReport]) -> String {
        var writer = HTMLReporter(catalogue: .builtIn, toolVersion: "test")
        return writer.render(reports)
    }

    static func diagnostic(_ path: String, _ line: Int) -> Diagnostic {
        Diagnostic(path: path, code: "PL604", ruleID: "final-newline", severity: .warning, message: "m", range: 0..<1,
                   start: SourceLocation(line: line, column: 1), end: SourceLocation(line: line, column: 2), fix: nil)
    }

    @Test func theContentSecurityPolicyNamesTheScript() throws {
        let digest = try CIGateTests.tool(["python3", "-c", "import sys, hashlib, base64; print(base64.b64encode(hashlib.sha256(sys.stdin.buffer.read()).digest()).decode())"],
                                          input: HTMLReportPage.script)
        #expect("sha256-" + digest.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == HTMLReportPage.scriptHash,
                "HTMLReportPage.scriptHash must be the script's SHA-256, or browsers refuse to run the filters")
        let page = Self.render([])
        #expect(page.contains("script-src '\(HTMLReportPage.scriptHash)'") && page.contains("<script>\(HTMLReportPage.script)</script>"))
        #expect(page.contains("No files were checked."))
        #expect(Self.render([FileReport(path: "a.md", diagnostics: [])]).contains("No findings: every file passed."))
    }

    @Test func theSummaryComesFirstWithTheWorstFilesRanked() throws {
        // File i has i % 7 findings: 25 files, 21 with findings (a tie at the 20th place).
        let reports = (0..<25).map { index in
            let path = "_posts/2022-03-01-post\(index).md"
            return FileReport(path: path, diagnostics: (0..<(index % 7)).map { Self.diagnostic(path, $0 + 1) })
        }
        let page = Self.render(reports)
        let summary = try #require(page.range(of: "<section id=\"summary\"")), files = try #require(page.range(of: "<main id=\"files\""))
        #expect(summary.lowerBound < files.lowerBound)
        #expect(page.contains("4 files without findings are not listed."))
        let worst = try #require(page.range(of: "<ol class=\"worst\">")).upperBound
        let list = String(page[worst...]).components(separatedBy: "</ol>")[0]
        let ranked = list.components(separatedBy: "post").map { $0.prefix { $0.isNumber } }.filter { !$0.isEmpty }
        // Most first, equal counts in input order; of the four files with one finding (1, 8, 15,
        // 22), the first three make the twentieth place.
        #expect(ranked == ["6", "13", "20", "5", "12", "19", "4", "11", "18", "3", "10", "17", "24", "2", "9", "16", "23", "1", "8", "15"])
        // 21 sections in groups of 20: two groups.
        #expect(page.components(separatedBy: "<div class=\"chunk\">").count - 1 == 2)
        #expect(page.components(separatedBy: "<section class=\"file").count - 1 == 21)
    }

    @Test func aFixIsShownBeforeAndAfter() throws {
        let report = Self.report("---\ntitle: 推行 “一网通办”\ndate: 2022-03-01 10:00:00 +0800\n---\n正文\n")
        let page = Self.render([report])
        #expect(page.contains("<pre class=\"frame before\" lang=\"zh\"><span class=\"line\">2</span>title: 推行<del> </del>“一网通办”</pre>"), "\(page)")
        #expect(page.contains("<pre class=\"after\" lang=\"zh\"><span class=\"line\">2</span>title: 推行<ins></ins>“一网通办”</pre>"))
        // A fix beyond its line shows the code frame and what the fix writes.
        let crlf = Self.report("---\r\ntitle: a\r\ndate: 2022-03-01 10:00:00 +0800\r\n---\r\nbody\r\n")
        let other = Self.render([crlf])
        #expect(other.contains("The fix removes 1 byte, and makes 4 edits more like it."), "\(other)")
        // What a fix writes is shown, its white space made visible.
        let newline = Self.render([Self.report("---\ntitle: a\ndate: 2022-03-01 10:00:00 +0800\n---\nbody")])
        #expect(newline.contains("<pre class=\"after\"><span class=\"line\">5</span>body<ins>↵\n</ins></pre>"), "\(newline)")
    }

    /// What a finding is about is often invisible: control and format characters are shown,
    /// and a right-to-left override in a path or a line cannot reverse what follows it.
    @Test func invisibleCharactersAreShown() {
        let report = Self.report("---\ntitle: a\ndate: 2022-03-01 10:00:00 +0800\n---\n中文\u{200B}正文\u{202E}abc\u{1B}\n", path: "_posts/2022-03-01-\u{202E}evil.md")
        let page = Self.render([report])
        #expect(page.contains("<span class=\"char\">U+200B</span>") && page.contains("<span class=\"char\">U+202E</span>") && page.contains("␛"), "\(page)")
        #expect(!page.contains("\u{202E}abc") && !page.contains("\u{1B}"))
        #expect(page.contains("<bdi>_posts/2022-03-01-\u{202E}evil.md</bdi>"))
        // Messages quote in backticks; the report shows the quotes as code.
        #expect(HTMLReporter.prose("`a` and `<b>`") == "<code>a</code> and <code>&lt;b&gt;</code>")
        #expect(HTMLReporter.prose("one ` alone") == "one ` alone")
    }

    @Test func textFromPostsIsEscaped() {
        let hostile = "<script>alert(1)</script>\"'&"
        let report = Self.report("---\ntitle: \(hostile) 推行 “一网通办”\ndate: 2022-03-01 10:00:00 +0800\n---\n正文\n", path: "_posts/2022-03-01-\(hostile).md")
        let page = Self.render([report])
        #expect(!page.contains(hostile))
        #expect(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;\"'&amp;"))
        #expect(page.components(separatedBy: "<script").count == 2, "the page's own script only")
    }
}
