import Foundation
import Testing

/// The rules' pages in docs/rules are generated from Rules/ and must be current; every report
/// and the language server link to them.
@Suite struct RuleDocumentationTests {
    static let folder = Fixtures.packageRoot.appendingPathComponent("docs/rules")

    @Test func pagesAreCurrent() throws {
        let fresh = try TemporaryFolder()
        let written = try PostlintBinary.run(["rules", "--docs", fresh.url.path])
        #expect(written.status == 0, "\(written.stderr)")
        let expected = try FileManager.default.contentsOfDirectory(atPath: fresh.url.path).sorted()
        let committed = try FileManager.default.contentsOfDirectory(atPath: Self.folder.path).sorted()
        #expect(committed == expected, "docs/rules is stale: run `postlint rules --docs docs/rules`")
        for name in expected {
            let page = try Data(contentsOf: fresh.url.appendingPathComponent(name))
            #expect(page == (try? Data(contentsOf: Self.folder.appendingPathComponent(name))), "docs/rules/\(name) is stale: run `postlint rules --docs docs/rules`")
        }
        #expect(expected.count > 60)
    }

    @Test func reportsAndTheRulesCommandLinkToThePages() throws {
        let post = "---\ntitle: a\ndate: 2022-03-01 10:00:00 +0800\ntitle: b\n---\n正文。\n"
        let sarif = try PostlintBinary.run(["check", "--format", "sarif", "--stdin", "--stdin-filename", "_posts/2022-03-01-a.md"], stdin: Data(post.utf8))
        let log = try #require(try JSONSerialization.jsonObject(with: Data(sarif.stdout.utf8)) as? [String: Any])
        let runs = try #require(log["runs"] as? [[String: Any]])
        let driver = try #require((runs[0]["tool"] as? [String: Any])?["driver"] as? [String: Any])
        let rules = try #require(driver["rules"] as? [[String: Any]])
        for rule in rules {
            let uri = try #require(rule["helpUri"] as? String, "\(rule["name"] ?? "")")
            let name = try #require(uri.split(separator: "/").last.map(String.init))
            #expect(uri == "https://github.com/postlint/postlint/blob/main/docs/rules/\(name)")
            #expect(FileManager.default.fileExists(atPath: Self.folder.appendingPathComponent(name).path), "\(uri)")
            #expect(((rule["help"] as? [String: Any])?["text"] as? String ?? "").hasSuffix("Examples and configuration: \(uri)"))
        }
        let json = try PostlintBinary.run(["check", "--format", "json", "--stdin", "--stdin-filename", "_posts/2022-03-01-a.md"], stdin: Data(post.utf8))
        #expect(json.stdout.contains("\"help\": \"https://github.com/postlint/postlint/blob/main/docs/rules/front-matter-duplicate-key.md\""), "\(json.stdout)")
        // Codes and ids in any case.
        let shown = try PostlintBinary.run(["rules", "pl105"])
        #expect(shown.status == 0, "\(shown.stderr)")
        #expect(shown.stdout.contains("docs:      https://github.com/postlint/postlint/blob/main/docs/rules/front-matter-duplicate-key.md"))
        #expect(try PostlintBinary.run(["rules", "Front-Matter-Duplicate-Key"]).status == 0)
    }
}
