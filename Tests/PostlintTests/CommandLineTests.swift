import Foundation
import Testing

/// The built binary, run as users run it: exit codes, output, messages.
@Suite struct CommandLineTests {
    @Test func cleanSamplesExitZero() throws {
        let result = try PostlintBinary.run(["check", Fixtures.samples.appendingPathComponent("clean").path])
        #expect(result.status == 0, "\(result.stdout)")
        #expect(result.stdout.hasSuffix("2 files checked: no problems\n"))
    }

    @Test func brokenSampleReportsExactPositions() throws {
        let result = try PostlintBinary.run(["check", "samples/broken/_posts/2022-03-05-dates-and-keys.md"], in: Fixtures.packageRoot)
        #expect(result.status == 1)
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.hasPrefix("samples/broken/_posts/2022-03-05-dates-and-keys.md:4:7: warning [PL205/filename-date-mismatch] ") })
        #expect(lines.contains { $0.hasPrefix("samples/broken/_posts/2022-03-05-dates-and-keys.md:5:13: warning [PL109/taxonomy-value-space] ") })
        #expect(lines.contains { $0.hasPrefix("samples/broken/_posts/2022-03-05-dates-and-keys.md:6:1: error [PL105/front-matter-duplicate-key] ") })
    }

    @Test func failLevelDecidesTheExitStatus() throws {
        let path = "samples/broken/_posts/2022-03-03-blank-line-before-front-matter.md"
        let folder = try TemporaryFolder()
        let file = try folder.write("_posts/2022-03-03-x.md", "---\ntitle: \"t\"\ndate: 2022-03-03 09:15:00 +0800\n---\n正文 “引号”。\n")
        #expect(try PostlintBinary.run(["check", file.path]).status == 0, "a warning alone passes at the default fail level")
        #expect(try PostlintBinary.run(["check", "--fail-level", "warning", file.path]).status == 1)
        #expect(try PostlintBinary.run(["check", path], in: Fixtures.packageRoot).status == 1)
    }

    @Test func missingPathExitsTwoWithItsName() throws {
        let result = try PostlintBinary.run(["check", "no/such/post.md"])
        #expect(result.status == 2)
        #expect(result.stdout.contains("no/such/post.md: error: no such file or folder"))
    }

    /// Usage errors exit 2 with a message saying what is expected, not ArgumentParser's 64.
    @Test func usageErrorsExitTwo() throws {
        for arguments in [["--bogus"], ["--jobs", "0"], ["--jobs", "-1"], ["--shard", "3/2"], ["--format", "bogus"]] {
            let result = try PostlintBinary.run(["check"] + arguments + ["."], in: Fixtures.samples)
            #expect(result.status == 2, "\(arguments): \(result.stderr)")
            #expect(!result.stderr.contains("Missing value"), "\(arguments): \(result.stderr)")
        }
    }

    @Test func badConfigurationExitsTwoWithPlace() throws {
        let folder = try TemporaryFolder()
        try folder.write(".postlint.yml", "rules:\n  date-in-futur: off\n")
        try folder.write("_posts/2022-03-01-a.md", "---\ntitle: \"a\"\ndate: 2022-03-01 10:00:00 +0800\n---\n")
        let result = try PostlintBinary.run(["check", "."], in: folder.url)
        #expect(result.status == 2)
        #expect(result.stdout.contains(".postlint.yml:2: unknown rule `date-in-futur`"), "\(result.stdout)")
    }

    @Test func configurationTurnsRulesOffAndSetsOptions() throws {
        let folder = try TemporaryFolder()
        try folder.write(".postlint.yml", "extends: [finews]\nrules:\n  PL202: off\n  front-matter-required-key:\n    options: { required: [title, date, author] }\n")
        try folder.write("_posts/2022-03-01-a.md", "---\nlayout: page\ntitle: \"a\"\ndate: 2022-03-01 10:00:00\n---\n")
        let result = try PostlintBinary.run(["check", "--format", "json", "."], in: folder.url)
        #expect(result.status == 1)
        #expect(!result.stdout.contains("PL202"))
        #expect(result.stdout.contains("front matter has no `author`"))
        #expect(result.stdout.contains("`layout` is `page`, which this site does not use"), "the finews preset's vocabulary applies")
    }

    @Test func inlineSuppressionsAndUnknownIds() throws {
        let folder = try TemporaryFolder()
        try folder.write("_posts/2022-03-01-a.md", "---\ntitle: \"a\"\ndate: 2022-03-01 10:00:00 +0800\n---\n<!-- postlint-disable empty-autolink -->\n<>\n<!-- postlint-enable empty-autolink -->\n\n<>\n\n<!-- postlint-disable no-such-rule -->\n")
        let result = try PostlintBinary.run(["check", "."], in: folder.url)
        #expect(result.stdout.contains("_posts/2022-03-01-a.md:9:1: warning [PL606/empty-autolink]"))
        #expect(!result.stdout.contains(":6:1: warning [PL606"))
        #expect(result.stdout.contains(":11:1: warning [PL001/unknown-rule-in-comment] `no-such-rule` is not a rule id or code"))
    }

    @Test func standardInputUsesItsFilename() throws {
        let input = Data("---\ntitle: \"a\"\ndate: 2022-03-01 10:00:00\n---\n".utf8)
        let result = try PostlintBinary.run(["check", "--stdin", "--stdin-filename", "_posts/2022-03-01-a.md"], stdin: input)
        #expect(result.stdout.contains("_posts/2022-03-01-a.md:3:7: info [PL202/date-missing-timezone]"), "\(result.stdout)")
        #expect(result.status == 0)
    }

    @Test func rulesListsTheCatalogueAndDocumentsOne() throws {
        let list = try PostlintBinary.run(["rules"])
        #expect(list.status == 0)
        #expect(list.stdout.contains("PL102  front-matter-not-at-start"))
        // Every row's severity starts in the same column, however long the ids.
        let rows = list.stdout.split(separator: "\n").filter { $0.hasPrefix("PL") }
        let columns = Set(rows.map { row in row.distance(from: row.startIndex, to: row.firstRange(of: try! Regex(" (error|warning|info) "))!.lowerBound) })
        #expect(columns.count == 1, "\(columns)")
        let one = try PostlintBinary.run(["rules", "PL202"])
        #expect(one.stdout.hasPrefix("PL202 date-missing-timezone\n"))
        #expect(one.stdout.contains("date: ⟦2021-12-08 10:46:18⟧"))
        #expect(try PostlintBinary.run(["rules", "PL999"]).status == 2)
    }

    @Test func worksFromAnyDirectory() throws {
        let result = try PostlintBinary.run(["rules"], in: URL(fileURLWithPath: "/"))
        #expect(result.status == 0 && result.stdout.contains("PL101"))
    }

    @Test func jsonReportHasTheDocumentedShape() throws {
        let result = try PostlintBinary.run(["check", "--format", "json", "samples/broken"], in: Fixtures.packageRoot)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(object["version"] as? Int == 1)
        let files = try #require(object["files"] as? [[String: Any]])
        #expect(files.count == 6)
        let diagnostic = try #require((files.first?["diagnostics"] as? [[String: Any]])?.first)
        for key in ["code", "rule", "severity", "message", "start", "end"] { #expect(diagnostic[key] != nil, "\(key)") }
        let summary = try #require(object["summary"] as? [String: Int])
        #expect(summary["errors"] == 6)
    }

    @Test func colourOnlyWhenAskedAndNeverWithNoColor() throws {
        let path = "samples/broken/_posts/2022-03-04-broken-title-quote.md"
        #expect(!(try PostlintBinary.run(["check", path], in: Fixtures.packageRoot).stdout.contains("\u{1B}[")))
        #expect(try PostlintBinary.run(["check", "--color", "always", path], in: Fixtures.packageRoot).stdout.contains("\u{1B}[31merror"))
    }
}
