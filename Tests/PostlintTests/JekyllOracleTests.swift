import Foundation
import PostlintRules
import Testing

/// Every claim postlint makes about what Jekyll does, checked against Jekyll itself
/// (`Tests/Oracle/jekyll-oracle`, Debian's Jekyll 4.3): on a site made of real posts
/// (`blogs-zh`, `wangxin93`) with layouts, includes, pages, a draft and vendored files, with
/// and without `timezone` and `future`, and on sites made of each Jekyll-claim rule's examples.
/// A claim must hold where it is made ("skips", "sees no front matter", "keeps only this last
/// value", "publishes the post under", "shows this post on", "stops the build") and the thing
/// Jekyll does must not happen anywhere the claim is not made.
@Suite(.serialized) struct JekyllOracleTests {
    /// 2026-01-01, so that the future post below is in the future for postlint as for Jekyll.
    static let now = "2026-01-01 00:00:00 +0000"

    /// The test site: real posts under `_posts/<blog>/`, and every other kind of file.
    static func makeSite(config: String) throws -> TemporaryFolder {
        let site = try TemporaryFolder()
        for (blog, folder) in [("jaycaix", "blogs-zh/jaycaix/_posts"), ("spawpaw", "blogs-zh/spawpaw/_posts"), ("wangxin93", "wangxin93/_posts")] {
            for file in Fixtures.files(under: Fixtures.corpus.appendingPathComponent(folder)) {
                try site.write("_posts/\(blog)/\(file.lastPathComponent)", try Data(contentsOf: file))
            }
        }
        try site.write("_config.yml", config)
        // The opt-in rule whose message says how Jekyll splits categories, so that its claim is checked too.
        try site.write(".postlint.yml", "rules:\n  taxonomy-value-space: on\n")
        try site.write("_layouts/default.html", Fixtures.layout)
        try site.write("_layouts/post.html", "---\nlayout: default\n---\n<article>\n  <h1>{{ page.title }}</h1>\n  {{ content }}\n</article>\n")
        // An include is a fragment: it opens what another file closes.
        try site.write("_includes/head.html", Fixtures.headInclude)
        try site.write("404.html", "---\nlayout: default\npermalink: /404.html\n---\n<h1>404</h1>\n<p>页面不存在。</p>\n")
        try site.write("about.md", "---\nlayout: default\ntitle: 关于\n---\n这是一个关于页面。\n")
        try site.write("README.md", "# A site\n\nNotes  with trailing spaces   \n")
        try site.write("_drafts/a-draft.md", "---\ntitle: 草稿\n---\n还没写完。\n")
        try site.write("vendor/bundle/ruby/3.1.0/gems/theme/README.md", "---\ntitle x\n---\n<div><span>broken\n")
        try site.write("assets/site.js", "console.log(1)\n")
        try site.write("_posts/extra/2099-01-01-from-the-future.md", "---\ntitle: 未来\ndate: 2099-01-01 10:00:00 +0800\n---\n还没到。\n")
        return site
    }

    static func postlint(_ site: URL) throws -> PostlintFindings {
        let result = try PostlintBinary.run(["check", "--format", "json", "--now", now], in: site)
        #expect(result.status <= 1, "\(result.stderr)")
        return try PostlintFindings(json: result.stdout)
    }

    @Test(arguments: ["title: test\n", "title: test\ntimezone: Asia/Shanghai\n", "title: test\ntimezone: America/New_York\nfuture: true\n"])
    func realPostsOnARealSite(config: String) throws {
        let site = try Self.makeSite(config: config)
        let found = try Self.postlint(site.url)
        let oracle = try JekyllOracle.build(site.url, future: config.contains("future: true"))
        // Nothing outside posts: layouts, includes, pages, the draft, README and vendor are clean or skipped.
        let reported = Set(found.findings.map(\.path))
        for path in reported { #expect(path.hasPrefix("_posts/"), "\(path): \(found.findings.filter { $0.path == path }.map(\.message))") }
        #expect(found.files.contains("_layouts/default.html") && found.files.contains("_includes/head.html") && found.files.contains("404.html"),
                "layouts, includes and pages are checked: \(found.files.filter { !$0.hasPrefix("_posts/") }.sorted())")
        #expect(!found.files.contains { $0.hasPrefix("vendor/") || $0 == "README.md" }, "vendored files and pages without front matter are not checked")
        let problems = ClaimCheck(site: site.url, found: found, oracle: oracle, future: config.contains("future: true")).problems()
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
    }

    /// Sites made of the examples of every rule that says what Jekyll does, one site per zone.
    @Test func ruleExamplesAgreeWithJekyll() throws {
        let rules = ["front-matter-not-at-start", "front-matter-duplicate-key", "front-matter-required-key", "date-invalid",
                     "date-impossible", "date-missing-timezone", "filename-date-missing", "filename-date-mismatch", "date-in-future"]
        var byZone: [String: [(String, RuleExample)]] = [:]
        for id in rules {
            let examples = try #require(RuleCatalogue.builtIn.rule(id)).descriptor.examples
            for example in examples.bad + examples.good { byZone[example.timezone ?? "", default: []].append((id, example)) }
        }
        for (zone, examples) in byZone {
            let site = try TemporaryFolder()
            try site.write("_config.yml", zone.isEmpty ? "title: examples\n" : "title: examples\ntimezone: \"\(zone)\"\n")
            for (index, (id, example)) in examples.enumerated() {
                let name = (example.path ?? RuleExamplesTests.defaultPath).split(separator: "/").last!
                try site.write("_posts/\(id)-\(index)/\(name)", Data(MarkedExample(example.text, rawBytes: example.rawBytes).bytes))
            }
            let found = try Self.postlint(site.url)
            let oracle = try JekyllOracle.build(site.url)
            let problems = ClaimCheck(site: site.url, found: found, oracle: oracle, future: false).problems()
            #expect(problems.isEmpty, "zone \(zone.isEmpty ? "none" : zone):\n\(problems.joined(separator: "\n"))")
        }
    }

    /// Drafts, `defaults:` and `.html` posts, as Jekyll builds them with `--drafts`.
    @Test func draftsDefaultsAndHTMLPostsAgreeWithJekyll() throws {
        let site = try TemporaryFolder()
        try site.write("_config.yml", "title: t\ntimezone: Asia/Shanghai\ndefaults:\n  - scope: {path: \"\", type: posts}\n    values: {layout: post}\n")
        try site.write(".postlint.yml", "rules:\n  front-matter-required-key:\n    options: {required: [title, date, layout]}\n")
        try site.write("_drafts/an-idea.md", "---\ntitle: 想法\n---\n还没写完。\n")
        try site.write("_posts/2022-03-01-no-layout.md", "---\ntitle: 没有布局\n---\n正文。\n")
        let html = "<div>\n\n    <p>第一段</p>\n\n        <p>第二段</p>\n</div>\n"
        try site.write("_posts/2022-03-02-page.html", "---\ntitle: 页面\n---\n" + html)
        let found = try Self.postlint(site.url)
        let oracle = try JekyllOracle.build(site.url, drafts: true)
        // A draft is a document without a date of its own, and nothing says it needs one.
        #expect(oracle.documents["_drafts/an-idea.md"]?.kind == "draft")
        #expect(!found.findings.contains { $0.path == "_drafts/an-idea.md" }, "\(found.findings.map(\.message))")
        // The layout the defaults give is there for Jekyll, so it is not missing.
        let post = try #require(oracle.documents["_posts/2022-03-01-no-layout.md"])
        #expect(post.day == "2022-03-01")
        #expect(!found.findings.contains { $0.code == "PL106" }, "\(found.findings.map(\.message))")
        // An .html post is not Markdown: Jekyll passes it through, and postlint reads it as HTML.
        #expect(oracle.documents["_posts/2022-03-02-page.html"]?.content == html)
        #expect(!found.findings.contains { $0.path.hasSuffix(".html") }, "\(found.findings.map(\.message))")
        // The same body in a Markdown post is read as kramdown reads it: no code block, as the
        // `<div>` holds it whole.
        try site.write("_posts/2022-03-02-page.html", "")
        try FileManager.default.removeItem(at: site.url.appendingPathComponent("_posts/2022-03-02-page.html"))
        try site.write("_posts/2022-03-02-page.md", "---\ntitle: 页面\n---\n" + html)
        let markdown = try JekyllOracle.build(site.url, drafts: true)
        #expect(markdown.documents["_posts/2022-03-02-page.md"]?.content.contains("<pre") == false)
        #expect(!(try Self.postlint(site.url)).findings.contains { $0.code == "PL423" })
    }

    /// The oracle itself can fail: a claim check that passes on a site where postlint says
    /// nothing would prove nothing.
    @Test func theCheckCatchesAFalseClaim() throws {
        let site = try TemporaryFolder()
        try site.write("_config.yml", "title: t\n")
        try site.write("_posts/notes.md", "---\ntitle: a\n---\nx\n")
        let oracle = try JekyllOracle.build(site.url)
        let silent = try PostlintFindings(json: #"{"files": [{"path": "_posts/notes.md", "diagnostics": []}]}"#)
        #expect(!ClaimCheck(site: site.url, found: silent, oracle: oracle, future: false).problems().isEmpty)
    }
}

/// Matches each Jekyll claim in postlint's findings with what the oracle saw, both ways.
struct ClaimCheck {
    let site: URL
    let found: PostlintFindings
    let oracle: JekyllOracle
    let future: Bool

    func problems() -> [String] {
        var problems: [String] = []
        func claimed(_ code: String, _ path: String, containing text: String = "") -> Bool {
            found.findings.contains { $0.code == code && $0.path == path && (text.isEmpty || $0.message.contains(text)) }
        }
        let posts = found.files.filter { $0.hasPrefix("_posts/") }
        for path in posts.sorted() {
            let document = oracle.documents[path]
            let nameDay = Self.fileNameDay(path)
            // PL204: "Jekyll skips such posts" / "stops the whole build".
            let skipsClaim = claimed("PL204", path, containing: "skips such posts")
            let skippedSilently = oracle.unprocessed.contains(path) && !oracle.skippedAsFuture(path)
                && !((try? String(contentsOf: site.appendingPathComponent(path), encoding: .utf8))?.contains("published: false") ?? false)
            if skipsClaim != skippedSilently { problems.append("\(path): PL204 says skipped: \(skipsClaim); Jekyll skipped it silently: \(skippedSilently)") }
            let stopsClaim = claimed("PL204", path, containing: "stops the whole build") || claimed("PL201", path, containing: "stops the build")
                || claimed("PL203", path, containing: "stops the build")
            let stopped = oracle.errors[path].map { $0.contains("valid date") || $0.contains("Invalid date") } ?? false
            if stopsClaim != stopped { problems.append("\(path): a date rule says the build stops: \(stopsClaim); Jekyll stopped on it: \(stopped) \(oracle.errors[path] ?? "")") }
            // PL206: "Jekyll skips the post until then".
            let futureClaim = claimed("PL206", path)
            if futureClaim != oracle.skippedAsFuture(path) { problems.append("\(path): PL206 says future: \(futureClaim); Jekyll skipped it as future: \(oracle.skippedAsFuture(path))") }
            if future, futureClaim { problems.append("\(path): PL206 with `future: true`") }
            guard let document else { continue }
            // PL102: "sees none" (front matter).
            if claimed("PL102", path), document.frontMatter { problems.append("\(path): PL102 says Jekyll sees no front matter, but it read it") }
            if !document.frontMatter, !claimed("PL102", path), !claimed("PL101", path), !claimed("PL103", path) {
                problems.append("\(path): Jekyll read no front matter and no rule says so")
            }
            // PL105: "keeps only this last value", for titles.
            for finding in found.with("PL105") where finding.path == path && finding.message.hasPrefix("`title`") {
                let kept = Self.value(ofLine: finding.line, in: site.appendingPathComponent(path))
                if document.title != kept { problems.append("\(path): PL105 says Jekyll keeps title \(kept ?? "?"), Jekyll kept \(document.title ?? "nil")") }
            }
            // PL205, PL202, PL203: the day Jekyll publishes the post on.
            for finding in found.findings where finding.path == path && ["PL205", "PL202", "PL203"].contains(finding.code) {
                guard let claimedDay = Self.day(after: ["publishes the post under ", "shows this post on ", "publishes the post on "], in: finding.message) else { continue }
                if document.day != claimedDay { problems.append("\(path): \(finding.code) says Jekyll shows it on \(claimedDay), Jekyll shows \(document.day ?? "nil")") }
            }
            // PL109: "Jekyll splits at spaces into `A`, `B`".
            for finding in found.with("PL109") where finding.path == path {
                let key = finding.message.hasPrefix("`tags`") ? "tags" : "categories"
                // A string is split into its words; a list item is kept whole.
                let parts = Self.quoted(after: finding.message.contains("splits at spaces into") ? "into " : " item ", in: finding.message)
                let values = key == "tags" ? document.tags : document.categories
                if !Set(parts).isSubset(of: Set(values)) { problems.append("\(path): PL109 says Jekyll makes \(key) \(parts), Jekyll made \(values)") }
            }
            // PL106: a missing `date` is claimed only where Jekyll has no date from the file name.
            if found.findings.contains(where: { $0.path == path && $0.code == "PL106" && $0.message.contains("no `date`") }), nameDay != nil {
                problems.append("\(path): PL106 says `date` is missing, but Jekyll dates the post by its file name")
            }
            if let nameDay, let day = document.day, day != nameDay, !claimed("PL205", path), !claimed("PL203", path) {
                problems.append("\(path): Jekyll publishes it on \(day), not its file name's \(nameDay), and no rule says so")
            }
        }
        // Nothing Jekyll does not process is reported on, except to say that it skips it.
        for finding in found.findings where oracle.documents[finding.path] == nil && !oracle.layouts.contains(finding.path)
            && !oracle.includes.contains(finding.path) && oracle.errors[finding.path] == nil && !oracle.unprocessed.contains(finding.path) {
            problems.append("\(finding.path): reported (\(finding.code)) but Jekyll neither processes nor skips it")
        }
        return problems
    }

    /// `YYYY-MM-DD` from a `_posts` file name, nil when it has none.
    static func fileNameDay(_ path: String) -> String? {
        let name = path.split(separator: "/").last.map(String.init) ?? ""
        guard let match = name.firstMatch(of: /^(\d{4})-(\d{1,2})-(\d{1,2})-/) else { return nil }
        func two(_ text: Substring) -> String { text.count == 1 ? "0" + text : String(text) }
        return "\(match.1)-\(two(match.2))-\(two(match.3))"
    }

    /// The `quoted` words after `marker` in a message.
    static func quoted(after marker: String, in message: String) -> [String] {
        guard let range = message.range(of: marker) else { return [] }
        let rest = message[range.upperBound...].prefix { $0 != ";" }
        return rest.split(separator: "`", omittingEmptySubsequences: false).enumerated().filter { $0.offset % 2 == 1 }.map { String($0.element) }
    }

    static func day(after markers: [String], in message: String) -> String? {
        for marker in markers {
            guard let range = message.range(of: marker) else { continue }
            return String(message[range.upperBound...].prefix(10))
        }
        return nil
    }

    /// The scalar on a `key: value` line of a file, without quotes.
    static func value(ofLine line: Int, in file: URL) -> String? {
        guard let text = try? String(contentsOf: file, encoding: .utf8) else { return nil }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard line >= 1, line <= lines.count, let colon = lines[line - 1].firstIndex(of: ":") else { return nil }
        let value = lines[line - 1][lines[line - 1].index(after: colon)...].trimmingCharacters(in: .whitespaces)
        return value.count >= 2 && (value.hasPrefix("\"") || value.hasPrefix("'")) ? String(value.dropFirst().dropLast()) : value
    }
}
