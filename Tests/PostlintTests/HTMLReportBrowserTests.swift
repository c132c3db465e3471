import Foundation
import PostlintRules
import Testing

/// The HTML report as people see it: opened in headless Chromium (Debian's, with the Noto CJK
/// fonts), read back from the DOM Chromium built (after its parser and the page's script ran),
/// and compared with the JSON report of the same run.
@Suite(.serialized) struct HTMLReportBrowserTests {
    struct DOM: Decodable {
        struct Finding: Decodable {
            let severity: String
            let rule: String
            let count: Int
            let fixable: String?
            let hidden: Bool
            let section: Int
        }
        let danger: [String]
        let scripts: [String]
        let cards: [String: Int]
        let findings: [Finding]
        let bars: [String: [String: Int]]
        let sections: Int
        let hiddenSections: Int
        struct Chunk: Decodable {
            let hidden: Bool
            let visibleSections: Int
        }
        let chunks: [Chunk]
        let paths: [String]
        let shown: String?
        let formHidden: Bool?
        let text: String
    }

    /// Chromium with a profile of its own (runs do not share state) and no sandbox, which needs
    /// namespaces a container may not give; the page is a local file that fetches nothing.
    static func chromium(_ arguments: [String], profile: URL) throws -> CommandResult {
        try CIGateTests.tool(["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                              "--user-data-dir=\(profile.path)"] + arguments)
    }

    /// The DOM Chromium made of `report`, as `Tests/report/inspect_dom.py` reads it.
    static func dom(of report: URL, query: String = "", in folder: TemporaryFolder) throws -> DOM {
        let dumped = try chromium(["--dump-dom", report.absoluteString + query], profile: folder.url.appendingPathComponent("profile"))
        #expect(dumped.status == 0, "\(dumped.stderr)")
        let file = try folder.write("dom.html", dumped.stdout)
        let script = Fixtures.packageRoot.appendingPathComponent("Tests/report/inspect_dom.py").path
        let inspected = try CIGateTests.tool(["python3", script, file.path])
        #expect(inspected.status == 0, "\(inspected.stderr)")
        return try JSONDecoder().decode(DOM.self, from: Data(inspected.stdout.utf8))
    }

    struct JSONReport: Decodable {
        struct File: Decodable {
            struct Diagnostic: Decodable {
                struct Fix: Decodable { let kind: String }
                let rule: String
                let severity: String
                let folded: Int?
                let fix: Fix?
            }
            let path: String
            let error: String?
            let diagnostics: [Diagnostic]
        }
        let files: [File]
        let summary: [String: Int]
    }

    @Test(arguments: ["finews", "blogs-zh"])
    func theDOMShowsWhatTheJSONReportCounts(corpus: String) throws {
        let folder = try TemporaryFolder()
        let html = folder.url.appendingPathComponent("report.html"), json = folder.url.appendingPathComponent("report.json")
        let run = try PostlintBinary.run(["check", "--format", "html=\(html.path)", "--format", "json=\(json.path)",
                                          Fixtures.corpus.appendingPathComponent(corpus).path])
        #expect(run.status != 2, "\(run.stderr)")
        let report = try JSONDecoder().decode(JSONReport.self, from: Data(contentsOf: json))
        let dom = try Self.dom(of: html, in: folder)

        #expect(dom.danger == [])
        #expect(dom.formHidden == false, "the filter script ran under the page's Content-Security-Policy and showed the filters")
        let keys = ["files": "files", "errors": "errors", "warnings": "warnings", "infos": "infos", "fixable": "fixable",
                    "unsafeFixable": "unsafe-fixable", "unreadable": "unreadable"]
        for (json, card) in keys { #expect(dom.cards[card] == report.summary[json], "\(card)") }

        let diagnostics = report.files.flatMap(\.diagnostics)
        #expect(dom.findings.count == diagnostics.count)
        #expect(dom.sections == report.files.filter { !$0.diagnostics.isEmpty || $0.error != nil }.count)
        #expect(dom.cards["files-with-findings"] == report.files.filter { !$0.diagnostics.isEmpty }.count)
        var perRule: [String: Int] = [:], domPerRule: [String: Int] = [:]
        for diagnostic in diagnostics { perRule[diagnostic.rule, default: 0] += 1 + (diagnostic.folded ?? 0) }
        for finding in dom.findings { domPerRule[finding.rule, default: 0] += finding.count }
        #expect(domPerRule == perRule)
        #expect(dom.bars["rule"] == perRule, "the chart per rule")
        #expect(dom.bars["category"]?.values.reduce(0, +) == perRule.values.reduce(0, +), "the chart per category")
        for severity in ["error", "warning", "info"] {
            let counted = dom.findings.filter { $0.severity == severity }.map(\.count).reduce(0, +)
            #expect(counted == report.summary[severity + "s"], "\(severity)")
        }
        let fixable = dom.findings.filter { $0.fixable == "safe" }.map(\.count).reduce(0, +)
        #expect(fixable == report.summary["fixable"])
    }

    /// The filters, set from the address as a bookmarked view sets them, hide exactly the
    /// findings and files that do not match, and count those shown.
    @Test func theFiltersShowWhatTheyName() throws {
        let folder = try TemporaryFolder()
        let html = folder.url.appendingPathComponent("report.html"), json = folder.url.appendingPathComponent("report.json")
        let run = try PostlintBinary.run(["check", "--format", "html=\(html.path)", "--format", "json=\(json.path)", "blogs-zh"], in: Fixtures.corpus)
        #expect(run.status != 2, "\(run.stderr)")
        let report = try JSONDecoder().decode(JSONReport.self, from: Data(contentsOf: json))
        let typography = Set(RuleCatalogue.builtIn.rules.filter { $0.descriptor.category == "typography" }.map(\.descriptor.id))
        typealias Wanted = (JSONReport.File, JSONReport.File.Diagnostic) -> Bool
        let views: [(String, Wanted)] = [
            ("?rule=trailing-whitespace&path=JAYCAIX", { file, d in d.rule == "trailing-whitespace" && file.path.lowercased().contains("jaycaix") }),
            ("?hide=info&hide=error&fixable=1", { _, d in d.severity == "warning" && d.fix != nil }),
            ("?category=typography", { _, d in typography.contains(d.rule) }),
        ]
        for (query, wanted) in views {
            let dom = try Self.dom(of: html, query: query, in: folder)
            var findings = 0, files = 0
            for file in report.files {
                let matching = file.diagnostics.filter { wanted(file, $0) }
                findings += matching.map { 1 + ($0.folded ?? 0) }.reduce(0, +)
                files += matching.isEmpty ? 0 : 1
            }
            #expect(findings > 0 && files > 1, "\(query) shows something")
            #expect(dom.shown == "\(findings) finding\(findings == 1 ? "" : "s") in \(files) file\(files == 1 ? "" : "s") shown", "\(query)")
            #expect(dom.sections - dom.hiddenSections == files, "\(query)")
            // A group of sections with none shown is hidden too, or its reserved height would
            // leave a screen of blank page where it was.
            #expect(dom.chunks.count > 1 && dom.chunks.allSatisfy { $0.hidden == ($0.visibleSections == 0) }, "\(query)")
            let byPath = Dictionary(report.files.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
            var shown = 0, wrong: [String] = []
            for finding in dom.findings where !finding.hidden {
                shown += finding.count
                let file = try #require(byPath[dom.paths[finding.section - 1]])
                if !file.diagnostics.contains(where: { $0.rule == finding.rule && wanted(file, $0) }) { wrong.append("\(finding.rule) in \(file.path)") }
            }
            #expect(wrong.isEmpty, "\(query) shows \(wrong.count) findings it should hide: \(wrong.prefix(5))")
            #expect(shown == findings, "\(query)")
        }
    }

    /// A hostile post: script in the title and the file name, an image with `onerror`,
    /// `javascript:` links, `</style>` and `</script>` in a code frame. Chromium's DOM holds none
    /// of it as an element, an attribute or a URL, and all of it as text.
    @Test func nothingFromAPostRunsAsScript() throws {
        let folder = try TemporaryFolder()
        let post = """
            ---
            title: "<script>alert(1)</script> 推行 “一网通办”"
            date: 2022-03-01 10:00
            ---
            <img src=x onerror=alert(2)> 推行 “一网通办”

            [点我](javascript:alert(3)) 和 <a href="javascript:alert(4)">链接</a> 推行 “一网通办”

            </style><style>*{display:none}</style></script><script>alert(5)</script> 推行 “一网通办”

            <svg onload=alert(6)></svg> <iframe src="javascript:alert(7)"></iframe> 推行 “一网通办”
            """
        let file = try folder.write("site/_posts/2022-03-01-<img src=x onerror=alert(8)>.md", post)
        let html = folder.url.appendingPathComponent("report.html")
        let run = try PostlintBinary.run(["check", "--format", "html=\(html.path)", file.path])
        #expect(run.status == 1, "\(run.stderr)")
        let dom = try Self.dom(of: html, in: folder)
        #expect(dom.danger == [])
        #expect(dom.scripts.count == 1, "the report's own script only")
        #expect(dom.findings.count >= 5)
        for text in ["<script>alert(1)</script>", "<img src=x onerror=alert(2)>", "javascript:alert(3)", "</style><style>*{display:none}</style>",
                     "</script><script>alert(5)</script>", "<svg onload=alert(6)>", "<img src=x onerror=alert(8)>.md"] {
            #expect(dom.text.contains(text), "shown as text: \(text)")
        }
    }

    /// The summary as a reader first sees it: a screenshot that is not blank (much larger than
    /// the screenshot of an empty page of the same size), written to docs/ as the README's
    /// picture when `POSTLINT_UPDATE_GOLDEN=1`.
    @Test func theSummaryScreenshotIsNotBlank() throws {
        let folder = try TemporaryFolder()
        let html = folder.url.appendingPathComponent("report.html")
        // Run from the corpus folder, so the picture shows paths as a blog's owner would see them.
        let run = try PostlintBinary.run(["check", "--format", "html=\(html.path)", "blogs-zh"], in: Fixtures.corpus)
        #expect(run.status != 2, "\(run.stderr)")
        let empty = try folder.write("empty.html", "<!DOCTYPE html><title>empty</title>")
        var sizes: [Int] = []
        for (page, picture) in [(html, "report.png"), (empty, "empty.png")] {
            let shot = folder.url.appendingPathComponent(picture)
            let result = try Self.chromium(["--screenshot=\(shot.path)", "--window-size=1100,1300", page.absoluteString],
                                           profile: folder.url.appendingPathComponent("profile"))
            #expect(result.status == 0, "\(result.stderr)")
            sizes.append((try? Data(contentsOf: shot).count) ?? 0)
        }
        print("screenshot of the summary: \(sizes[0]) bytes; of an empty page: \(sizes[1]) bytes")
        #expect(sizes[1] > 0 && sizes[0] > 10 * sizes[1], "the report's screenshot is \(sizes[0]) bytes, an empty page's \(sizes[1])")
        if Golden.updating {
            let picture = Fixtures.packageRoot.appendingPathComponent("docs/images/html-report.png")
            try FileManager.default.createDirectory(at: picture.deletingLastPathComponent(), withIntermediateDirectories: true)
            _ = try? FileManager.default.removeItem(at: picture)
            try FileManager.default.copyItem(at: folder.url.appendingPathComponent("report.png"), to: picture)
        }
    }
}
