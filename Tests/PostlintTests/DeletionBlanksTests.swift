import Foundation
import PostlintEngine
import PostlintModel
import PostlintRules
import Testing

/// Deletions leave no blanks behind (`LineKeepingDeletions`): an element deleted at a line's end
/// takes the spaces before it, a line it empties is emptied of its indentation too (or goes
/// whole inside a Markdown block), so one pass fixes what took two, and no two spaces are left
/// to make a hard line break the page did not have. Where the blanks mean something they stay.
@Suite struct DeletionBlanksTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        let path: String
        let body: String
        let fixed: String
        /// Whether every fix is made in the first pass.
        var onePass = true
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "two spaces before a deleted element stay no hard line break", path: "a.md",
             body: "第一段  <span></span>\n第二行\n", fixed: "第一段\n第二行\n"),
        Case(name: "a line emptied inside an HTML block goes whole", path: "b.md",
             body: "<div>\n  <span></span>\n    <em>强调</em></div>\n", fixed: "<div>\n    <em>强调</em></div>\n"),
        Case(name: "the same with CRLF line breaks, which line-endings deletes", path: "c.md",
             body: "<div>\r\n  <span></span>\r\n    <em>强调</em></div>\r\n", fixed: "<div>\n    <em>强调</em></div>\n"),
        Case(name: "two deletions on one line go as one", path: "d.md",
             body: "<div>\n  <span></span> <b></b>\n    <em>x</em></div>\n", fixed: "<div>\n    <em>x</em></div>\n"),
        Case(name: "an HTML post's emptied line and line end", path: "e.html",
             body: "<div>\n    <span></span>\n  <p>正文</p> <b></b>\n</div>\n", fixed: "<div>\n\n  <p>正文</p>\n</div>\n"),
        Case(name: "text before a deleted element in an HTML post", path: "j.html",
             body: "<p>正文 <span></span>\n</p>\n", fixed: "<p>正文\n</p>\n"),
        Case(name: "an element that is all of a list item stays", path: "f.md",
             body: "段落\n- <span></span>\n- 二\n", fixed: "段落\n- <span></span>\n- 二\n"),
        Case(name: "an element that keeps a task a task stays", path: "l.md",
             body: "- [ ] <span></span>\n- [x] 完成\n", fixed: "- [ ] <span></span>\n- [x] 完成\n"),
        Case(name: "an element that is all of a kramdown definition stays", path: "k.md",
             body: "术语\n: <span></span>\n", fixed: "术语\n: <span></span>\n"),
        Case(name: "a task in a blockquote stays a task", path: "l2.md",
             body: "> - [ ] <span></span>\n> - [x] 完成\n", fixed: "> - [ ] <span></span>\n> - [x] 完成\n"),
        Case(name: "a tag's closing > on its own line is no blockquote", path: "q.md",
             body: "<div>\n  <a href=\"https://example.com\"\n    ><i></i>\n    Example</a\n  >\n</div>\n",
             fixed: "<div>\n  <a href=\"https://example.com\"\n    >\n    Example</a\n  >\n</div>\n"),
        Case(name: "a space left at a line's end by an emptied inline element goes", path: "r.md",
             body: "段落 <i> </i>\n下一行\n", fixed: "段落\n下一行\n"),
        Case(name: "a line left holding one space inside a paragraph goes whole", path: "s.md",
             body: "段落\n<span> </span>\n下一行\n", fixed: "段落\n下一行\n"),
        Case(name: "a line emptied inside a setext heading goes whole", path: "t.md",
             body: "标题\n<span></span>\n续行\n---\n", fixed: "标题\n续行\n---\n"),
        Case(name: "tabs before a hard line break's two spaces go, the break stays", path: "u.md",
             body: "第一行 \t  \n第二行\n", fixed: "第一行  \n第二行\n"),
        Case(name: "a line emptied inside a blockquote's paragraph goes whole", path: "m.md",
             body: "> 第一行\n> <span></span>\n> 第二行\n", fixed: "> 第一行\n> 第二行\n"),
        Case(name: "a hard line break after a deleted element stays", path: "g.md",
             body: "文字 <span></span>  \n下一行\n", fixed: "文字  \n下一行\n", onePass: false),
        Case(name: "a hard line break that trailing-whitespace trims stays", path: "g2.md",
             body: "文字 <span></span>   \n下一行\n", fixed: "文字  \n下一行\n", onePass: false),
        Case(name: "a hard line break before CRLF stays", path: "g3.md",
             body: "第一行\r\n有换行  \r\n末行\r\n", fixed: "第一行\n有换行  \n末行\n"),
        Case(name: "a backslash's trailing space is reported, not removed", path: "h.md",
             body: "C:\\ \n下一行\n", fixed: "C:\\ \n下一行\n"),
        Case(name: "the space after a backslash stays when an element after it goes", path: "h2.md",
             body: "C:\\ <span></span>\n下一行\n", fixed: "C:\\ \n下一行\n"),
        Case(name: "an empty line inside pre stays", path: "n.md",
             body: "引言\r\n\r\n<pre>\r\nline1\r\n\r\nline3\r\n</pre>\r\n", fixed: "引言\n\n<pre>\nline1\n\nline3\n</pre>\n"),
        Case(name: "a line emptied inside pre stays a line", path: "o.md",
             body: "<pre>\nline1\n<span></span>\nline3\n</pre>\n", fixed: "<pre>\nline1\n\nline3\n</pre>\n"),
        Case(name: "blanks inside pre stay", path: "p.md",
             body: "<pre>\nline1\nline3 <b></b>\n</pre>\n", fixed: "<pre>\nline1\nline3 \n</pre>\n"),
    ]

    static let rules: Set<String> = ["empty-element", "trailing-whitespace", "line-endings"]

    static let head = "---\ntitle: 示例\n---\n"

    @Test(arguments: cases)
    func deletionsLeaveNoBlanks(_ example: Case) {
        var configuration = Configuration()
        for rule in Self.rules { configuration.settings[rule] = RuleSetting(enabled: true) }
        let fixer = Fixer(linter: Linter(environment: LintEnvironment(now: Fixtures.now)), policy: .init(includeUnsafe: true, rules: Self.rules))
        let result = fixer.fix(path: "_posts/2022-03-01-" + example.path, bytes: Array((Self.head + example.body).utf8),
                               configuration: configuration, onlyPolicyRules: true)
        #expect(String(decoding: result.fixed, as: UTF8.self) == Self.head + example.fixed)
        if example.onePass {
            #expect(result.applied.allSatisfy { $0.pass == 1 }, "fixed in passes \(result.applied.map(\.pass))")
        }
        #expect(!result.remaining.contains { $0.fix != nil }, "left a fix: \(result.remaining.map(\.message))")
        let again = fixer.fix(path: "_posts/2022-03-01-" + example.path, bytes: result.fixed, configuration: configuration, onlyPolicyRules: true)
        #expect(again.fixed == result.fixed, "fixing twice changed the text again")
    }
}

/// The same posts on a Jekyll site: what Jekyll renders after `fix --unsafe` is what it rendered
/// before, but for the deleted elements and the white space they sat in.
@Suite(.serialized) struct DeletionBlanksRenderTests {
    @Test func jekyllRendersTheFixedPostsAsBefore() throws {
        let site = try TemporaryFolder()
        try site.write("_config.yml", "title: deletions\n")
        for example in DeletionBlanksTests.cases {
            try site.write("_posts/2022-03-01-\(example.path)", DeletionBlanksTests.head + example.body)
        }
        let before = try JekyllOracle.build(site.url)
        let selected = DeletionBlanksTests.rules.sorted().joined(separator: ",")
        let planned = try PostlintBinary.run(["fix", "--dry-run", "--unsafe", "--select", selected, "."], in: site.url)
        let run = try PostlintBinary.run(["fix", "--unsafe", "--select", selected, "."], in: site.url)
        #expect(run.status <= 1, "\(run.stderr)")
        let after = try JekyllOracle.build(site.url)
        #expect(before.documents.count == DeletionBlanksTests.cases.count)
        for (path, old) in before.documents {
            let new = try #require(after.documents[path])
            #expect(Self.shown(old.content) == Self.shown(new.content), "\(path): \(old.content.debugDescription) became \(new.content.debugDescription)")
            for mark in ["<br", "<pre", "<code", "<li", "<p>", "<dd", "<blockquote", "checkbox"] {
                #expect(old.content.components(separatedBy: mark).count == new.content.components(separatedBy: mark).count,
                        "\(path): the number of \(mark) changed: \(old.content.debugDescription) became \(new.content.debugDescription)")
            }
        }
        // Nothing the deletions left had to be trimmed afterwards: the posts that had no
        // trailing white space get no trailing-whitespace fix.
        let trimmed = planned.stderr.split(separator: "\n").filter { $0.contains("[PL603/") }
        for example in DeletionBlanksTests.cases where example.onePass && !example.body.contains(" \n") && !example.body.contains(" \r\n") {
            #expect(!trimmed.contains { $0.contains("2022-03-01-\(example.path):") }, "\(example.path): \(trimmed)")
        }
    }

    /// The page with the removed elements out (one space for one that held white space) and
    /// every run of white space one space, but inside `<pre>`, whose text is compared as it is.
    static func shown(_ html: String) -> String {
        let page = html.replacing(/<(span|b|i)>(\s*)<\/\1>/) { $0.output.2.isEmpty ? "" : " " }
        var shown = ""
        var rest = Substring(page)
        while let pre = rest.firstMatch(of: /(?s)<pre[^>]*>.*?<\/pre>/) {
            shown += squeezed(rest[..<pre.range.lowerBound]) + pre.output
            rest = rest[pre.range.upperBound...]
        }
        return shown + squeezed(rest)
    }

    private static func squeezed(_ html: Substring) -> String {
        String(html).replacing(/\s+/, with: " ")
            .replacing(#/ ?(</?(?:div|p|li|ul|dl|dt|dd|blockquote)>|<br ?/?>) ?/#, with: { $0.output.1 })
            .trimmingCharacters(in: .whitespaces)
    }
}
