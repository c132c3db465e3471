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
        Case(name: "the same with CRLF line breaks", path: "c.md",
             body: "<div>\r\n  <span></span>\r\n    <em>强调</em></div>\r\n", fixed: "<div>\r\n    <em>强调</em></div>\r\n"),
        Case(name: "two deletions on one line go as one", path: "d.md",
             body: "<div>\n  <span></span> <b></b>\n    <em>x</em></div>\n", fixed: "<div>\n    <em>x</em></div>\n"),
        Case(name: "an HTML post's emptied line and line end", path: "e.html",
             body: "<div>\n    <span></span>\n  <p>正文</p> <b></b>\n</div>\n", fixed: "<div>\n\n  <p>正文</p>\n</div>\n"),
        Case(name: "text before a deleted element in an HTML post", path: "j.html",
             body: "<p>正文 <span></span>\n</p>\n", fixed: "<p>正文\n</p>\n"),
        Case(name: "the space after a lone list marker stays", path: "f.md",
             body: "- <span></span>\n- 二\n", fixed: "- \n- 二\n"),
        Case(name: "a hard line break after a deleted element stays", path: "g.md",
             body: "文字 <span></span>  \n下一行\n", fixed: "文字  \n下一行\n", onePass: false),
        Case(name: "a backslash's trailing space is reported, not removed", path: "h.md",
             body: "C:\\ \n下一行\n", fixed: "C:\\ \n下一行\n"),
        Case(name: "blanks in code stay", path: "i.md",
             body: "    x  <span></span>\n", fixed: "    x  <span></span>\n"),
    ]

    static let head = "---\ntitle: 示例\n---\n"

    @Test(arguments: cases)
    func deletionsLeaveNoBlanks(_ example: Case) {
        var configuration = Configuration()
        for rule in ["empty-element", "trailing-whitespace"] { configuration.settings[rule] = RuleSetting(enabled: true) }
        let fixer = Fixer(linter: Linter(environment: LintEnvironment(now: Fixtures.now)),
                          policy: .init(includeUnsafe: true, rules: ["empty-element", "trailing-whitespace"]))
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
        let planned = try PostlintBinary.run(["fix", "--dry-run", "--unsafe", "--select", "empty-element,trailing-whitespace", "."], in: site.url)
        let run = try PostlintBinary.run(["fix", "--unsafe", "--select", "empty-element,trailing-whitespace", "."], in: site.url)
        #expect(run.status <= 1, "\(run.stderr)")
        let after = try JekyllOracle.build(site.url)
        #expect(before.documents.count == DeletionBlanksTests.cases.count)
        for (path, old) in before.documents {
            let new = try #require(after.documents[path])
            #expect(Self.shown(old.content) == Self.shown(new.content), "\(path): \(old.content.debugDescription) became \(new.content.debugDescription)")
            for mark in ["<br", "<pre", "<code", "<li", "<p>"] {
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

    /// The page with the deleted elements out and every run of white space one space.
    static func shown(_ html: String) -> String {
        html.replacing(/<(span|b)><\/\1>/, with: "")
            .replacing(/\s+/, with: " ")
            .replacing(#/ ?(</?(?:div|p|li|ul)>|<br ?/?>) ?/#, with: { $0.output.1 })
            .trimmingCharacters(in: .whitespaces)
    }
}
