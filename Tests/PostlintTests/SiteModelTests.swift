import Foundation
import PostlintEngine
import PostlintModel
import PostlintRules
import Testing

/// The site model as users meet it: what a site root is, which files are checked as what, and
/// what `_config.yml`, `.gitignore` and `.postlint.yml` change.
@Suite struct SiteModelTests {
    static let broken = "---\ntitle: \"a\"\ntitle: \"b\"\n---\n正文。\n"

    @Test func checkWithoutAPathChecksTheSiteOfTheWorkingFolder() throws {
        let site = try TemporaryFolder()
        try site.write("_config.yml", "title: t\n")
        try site.write("_posts/2022-03-01-a.md", Self.broken)
        try site.write("about/deep/page.md", "---\ntitle: x\n---\n正文 “引号”。\n")
        let fromRoot = try PostlintBinary.run(["check"], in: site.url)
        #expect(fromRoot.status == 1)
        #expect(fromRoot.stdout.contains("_posts/2022-03-01-a.md:3:1: error [PL105/"), "\(fromRoot.stdout)")
        let fromBelow = try PostlintBinary.run(["check"], in: site.url.appendingPathComponent("about/deep"))
        #expect(fromBelow.stdout.contains("../../_posts/2022-03-01-a.md:3:1: error [PL105/"), "\(fromBelow.stdout)")
        #expect(fromBelow.stdout.contains("../../about/deep/page.md:4:3: warning [PL501/"), "\(fromBelow.stdout)")
        let nowhere = try TemporaryFolder()
        let outside = try PostlintBinary.run(["check"], in: nowhere.url)
        #expect(outside.status == 2 && outside.stderr.contains("Jekyll site"), "\(outside.stderr)")
    }

    @Test func eachKindGetsItsRules() throws {
        let site = try TemporaryFolder()
        try site.write("_config.yml", "title: t\n")
        // Layouts and includes are fragments with scripts and no front matter.
        try site.write("_layouts/default.html", "<html>\n<body>\n<div id=\"app\"></div>\n{{ content }}\n<script>go()</script>\n")
        try site.write("_includes/open.html", "<div class=\"wrap\">\n")
        // A page has no date, a draft has no date and no dated name.
        try site.write("about.md", "---\ntitle: 关于\n---\n关于。\n")
        try site.write("_drafts/idea.md", "---\ntitle: 想法\n---\n想法。\n")
        // A post dated by its name needs no `date`.
        try site.write("_posts/2022-03-01-dated.md", "---\ntitle: 有日期\n---\n正文。\n")
        // A page without front matter is copied unchanged; data is not content.
        try site.write("notes.md", "# notes  \n")
        try site.write("_data/menu.md", "---\ntitle x\n")
        let result = try PostlintBinary.run(["check", "."], in: site.url)
        #expect(result.status == 0 && result.stdout.contains("5 files checked: no problems"), "\(result.stdout)\(result.stderr)")
        // The same files outside any site are read as posts and fail.
        let loose = try TemporaryFolder()
        try loose.write("about.md", "---\ntitle: 关于\n---\n关于。\n")
        let outside = try PostlintBinary.run(["check", "about.md"], in: loose.url)
        #expect(outside.stdout.contains("PL204/filename-date-missing"), "\(outside.stdout)")
    }

    @Test func aFileNamedThatJekyllDoesNotProcessGetsOneNote() throws {
        let site = try TemporaryFolder()
        try site.write("_config.yml", "title: t\nexclude: [drafts-old/]\n")
        try site.write("notes.md", "# notes\n")
        try site.write("_data/x.md", Self.broken)
        try site.write("drafts-old/2020-01-01-x.md", Self.broken)
        let result = try PostlintBinary.run(["check", "notes.md", "_data/x.md", "drafts-old/2020-01-01-x.md"], in: site.url)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stderr.contains("postlint: note: notes.md is not checked: it has no front matter, so Jekyll copies it unchanged"), "\(result.stderr)")
        #expect(result.stderr.contains("postlint: note: _data/x.md is not checked: Jekyll reads `_data/`"), "\(result.stderr)")
        #expect(result.stderr.contains("postlint: note: drafts-old/2020-01-01-x.md is not checked: the site's `exclude` leaves it out"), "\(result.stderr)")
        #expect(result.stdout.contains("0 files checked"), "\(result.stdout)")
        let walked = try PostlintBinary.run(["check", "."], in: site.url)
        #expect(walked.status == 0 && walked.stderr.isEmpty, "a walk passes over such files silently: \(walked.stderr)")
    }

    @Test func gitIgnoredFilesAndVendoredGemsAreNotChecked() throws {
        let repo = try CIGateTests.repository()
        try repo.write(".gitignore", "generated/\n*.tmp.md\n")
        try repo.write("_posts/2022-03-01-ok.md", "---\ntitle: 好\n---\n正文。\n")
        try repo.write("generated/_posts/2022-03-01-x.md", Self.broken)
        try repo.write("_posts/2022-03-02-y.tmp.md", Self.broken)
        try repo.write("vendor/bundle/ruby/gems/theme/_posts/2022-03-01-z.md", Self.broken)
        try repo.write("node_modules/pkg/README.md", Self.broken)
        let result = try PostlintBinary.run(["check"], in: repo.url)
        #expect(result.status == 0 && result.stdout.contains("1 file checked"), "\(result.stdout)\(result.stderr)")
        let named = try PostlintBinary.run(["check", "generated/_posts/2022-03-01-x.md"], in: repo.url)
        #expect(named.status == 0 && named.stderr.contains("git ignores it"), "\(named.stderr)")
    }

    @Test func includeAppliesToFilesNamedOnTheCommandLine() throws {
        let site = try TemporaryFolder()
        try site.write("_config.yml", "title: t\n")
        try site.write(".postlint.yml", "include: [\"_posts/**\"]\n")
        try site.write("_posts/2022-03-01-a.md", Self.broken)
        try site.write("other/page.md", Self.broken)
        let result = try PostlintBinary.run(["check", "other/page.md", "_posts/2022-03-01-a.md"], in: site.url)
        #expect(result.stdout.contains("1 file checked"), "\(result.stdout)")
        #expect(!result.stdout.contains("other/page.md"), "\(result.stdout)")
    }

    @Test func theSiteConfigurationDecidesZonesAndFuturePosts() throws {
        let site = try TemporaryFolder()
        try site.write("_config.yml", "title: t\ntimezone: Asia/Shanghai\nfuture: true\n")
        try site.write("_posts/2022-03-01-late.md", "---\ntitle: 晚\ndate: 2022-03-01 23:30:00\n---\n正文。\n")
        try site.write("_posts/2099-01-01-later.md", "---\ntitle: 以后\n---\n正文。\n")
        let result = try PostlintBinary.run(["check", "--now", "2026-01-01"], in: site.url)
        #expect(result.stdout.contains("with `timezone: Asia/Shanghai` Jekyll shows this post on 2022-03-02 at 07:30"), "\(result.stdout)")
        #expect(!result.stdout.contains("PL206"), "future: true publishes future posts: \(result.stdout)")
        // A zone name in .postlint.yml is accepted too; a zone the system does not know is refused with its place.
        try site.write("_config.yml", "title: t\n")
        try site.write(".postlint.yml", "timezone: Asia/Shanghai\n")
        #expect(try PostlintBinary.run(["check", "--now", "2026-01-01"], in: site.url).stdout.contains("2022-03-02 at 07:30"))
        try site.write("_config.yml", "title: t\ntimezone: Mars/Olympus\n")
        let bad = try PostlintBinary.run(["check"], in: site.url)
        #expect(bad.status == 2 && bad.stdout.contains("_config.yml: timezone `Mars/Olympus` is not a zone the system knows"), "\(bad.stdout)\(bad.stderr)")
        try site.write("_config.yml", "title: [t\n")
        let broken = try PostlintBinary.run(["check"], in: site.url)
        #expect(broken.status == 2 && broken.stdout.contains("_config.yml:"), "\(broken.stdout)\(broken.stderr)")
    }

    @Test func defaultsInTheSiteConfigurationSupplyKeys() throws {
        let site = try TemporaryFolder()
        try site.write("_config.yml", "defaults:\n  - scope: {path: \"\", type: posts}\n    values: {layout: post, author: 我}\n")
        try site.write(".postlint.yml", "rules:\n  front-matter-required-key:\n    options: {required: [title, layout, author]}\n")
        try site.write("_posts/2022-03-01-a.md", "---\ntitle: 甲\n---\n正文。\n")
        try site.write("about.md", "---\ntitle: 关于\n---\n正文。\n")
        let result = try PostlintBinary.run(["check"], in: site.url)
        #expect(result.status == 0, "\(result.stdout)")
    }

    /// Jekyll runs no Markdown over `.html` posts: indentation and blank lines are HTML's.
    @Test func htmlPostsAreReadAsHTML() throws {
        let html = "---\ntitle: 页\n---\n<div>\n\n    <p>第一段</p>\n\n        <p>第二段</p>\n</div>\n"
        let asHTML = Fixtures.lint(Array(html.utf8), path: "_posts/2022-03-01-a.html")
        #expect(asHTML.isEmpty, "\(asHTML.map(\.message))")
        let post = Post(path: "_posts/2022-03-01-a.html", bytes: Array(html.utf8))
        #expect(post.language == .html && post.body?.markdown.nodes.isEmpty == true)
        let asMarkdown = Fixtures.lint(Array(html.utf8), path: "_posts/2022-03-01-a.md")
        #expect(!asMarkdown.isEmpty, "the same body in a Markdown post holds indented tags")
    }
}

/// The typography rules read a post's title and subtitle as they read its body.
@Suite struct TitleTypographyTests {
    @Test func titlesAreReadByTheTextRules() throws {
        let text = "---\ntitle: \"要全面推行 “一网通办”\"\nsubtitle: 价格上涨,成交下降\ndate: 2022-03-01 10:00:00 +0800\n---\n正文。\n"
        let found = Fixtures.lint(Array(text.utf8)).map { "\($0.start) \($0.code)" }
        #expect(found.contains("2:14 PL501"), "\(found)")
        #expect(found.contains("3:15 PL503"), "\(found)")
        var configuration = Configuration()
        configuration.settings["space-around-fullwidth-quote"] = RuleSetting(enabled: true)
        let fixer = Fixer(linter: Linter(environment: LintEnvironment(now: Fixtures.now)), policy: .init(rules: ["space-around-fullwidth-quote"]))
        let fixed = fixer.fix(path: "_posts/2022-03-01-a.md", bytes: Array(text.utf8), configuration: configuration, onlyPolicyRules: true)
        #expect(String(decoding: fixed.fixed, as: UTF8.self).contains("title: \"要全面推行“一网通办”\"\n"))
    }
}
