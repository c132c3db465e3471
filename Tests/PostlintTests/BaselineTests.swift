import Foundation
import Testing

/// `--write-baseline` and `--baseline`: adopting postlint on a blog that already has findings.
@Suite struct BaselineTests {
    static let head = "---\ntitle: a\ndate: 2022-03-01 10:00:00 +0800\n---\n"

    static func check(_ site: TemporaryFolder, _ arguments: [String]) throws -> CommandResult {
        try PostlintBinary.run(["check", "--no-code-frame", "--fail-level", "warning"] + arguments + ["."], in: site.url)
    }

    @Test func onlyNewFindingsAreReportedAndFail() throws {
        let site = try TemporaryFolder()
        try site.write("_config.yml", "title: t\n")
        let post = try site.write("_posts/2022-03-01-a.md", Self.head + "推行 “一网通办”。\n\n第二段 “二”。\n")
        let written = try Self.check(site, ["--write-baseline", "baseline.json"])
        #expect(written.status == 0, "\(written.stdout)\(written.stderr)")
        #expect(written.stderr.contains("wrote baseline.json: 2 findings"))

        let adopted = try Self.check(site, ["--baseline", "baseline.json"])
        #expect(adopted.status == 0, "\(adopted.stdout)")
        #expect(adopted.stdout.hasSuffix("1 file checked: no problems; 2 findings in the baseline not shown\n"), "\(adopted.stdout)")

        // Lines added above move both findings: they stay baselined. A new one fails the run.
        try Data((Self.head + "新加的一段。\n\n推行 “一网通办”。\n\n第二段 “二”。\n\n新的 “问题”。\n").utf8).write(to: post)
        let edited = try Self.check(site, ["--baseline", "baseline.json"])
        #expect(edited.status == 1, "\(edited.stdout)")
        let lines = edited.stdout.split(separator: "\n").filter { $0.hasPrefix("_posts") }
        #expect(lines.count == 1 && lines[0].hasPrefix("_posts/2022-03-01-a.md:11:3: warning [PL501/"), "\(edited.stdout)")

        // A second finding like a baselined one, on an identical line, is new too.
        try Data((Self.head + "推行 “一网通办”。\n\n推行 “一网通办”。\n\n第二段 “二”。\n").utf8).write(to: post)
        #expect(try Self.check(site, ["--baseline", "baseline.json"]).status == 1)

        // Run from another folder: paths are relative to the baseline's folder.
        let elsewhere = try PostlintBinary.run(["check", "--fail-level", "warning", "--baseline", site.url.appendingPathComponent("baseline.json").path,
                                                site.url.appendingPathComponent("_posts").path])
        #expect(elsewhere.stdout.contains("2 findings in the baseline not shown"), "\(elsewhere.stdout)")
    }

    @Test func aBadBaselineIsAnError() throws {
        let site = try TemporaryFolder()
        try site.write("_posts/2022-03-01-a.md", Self.head + "正文。\n")
        try site.write("baseline.json", "{\"findings\": 3}")
        let result = try Self.check(site, ["--baseline", "baseline.json"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("baseline.json: not a postlint baseline"), "\(result.stderr)")
        #expect(try Self.check(site, ["--baseline", "missing.json"]).status == 2)
        #expect(try Self.check(site, ["--baseline", "baseline.json", "--write-baseline", "b.json"]).status == 2)
    }
}
