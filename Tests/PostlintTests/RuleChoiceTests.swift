import Foundation
import Testing

/// The conventions linter users expect: choosing rules on the command line, seeing what `fix`
/// would repair, counting findings per rule.
@Suite struct RuleChoiceTests {
    static let post = "---\ntitle: a\ndate: 2022-03-01 10:00:00 +0800\ntitle: b\n---\n推行 “一网通办”，中文English。  \n"

    static func check(_ arguments: [String]) throws -> CommandResult {
        let site = try TemporaryFolder()
        try site.write("_config.yml", "title: t\n")
        try site.write("_posts/2022-03-01-a.md", post)
        return try PostlintBinary.run(["check", "--no-code-frame"] + arguments + ["."], in: site.url)
    }

    static func codes(_ result: CommandResult) -> [String] {
        result.stdout.split(separator: "\n").compactMap { line in
            line.range(of: "[PL").map { String(line[line.index($0.lowerBound, offsetBy: 1)...].prefix(5)) }
        }
    }

    @Test func selectRunsOnlyWhatItNamesAndTurnsItOn() throws {
        #expect(Self.codes(try Self.check([])) == ["PL105", "PL501", "PL603"])
        // Codes, ids and categories in any case; a rule off by default (PL508) is turned on.
        #expect(Self.codes(try Self.check(["--select", "pl501,CJK-Latin-Spacing"])) == ["PL501", "PL508"])
        #expect(Self.codes(try Self.check(["--select", "Typography"])) == ["PL501", "PL508"])
        #expect(Self.codes(try Self.check(["--select", "front-matter", "--select", "PL603"])) == ["PL105", "PL603"])
    }

    @Test func ignoreTurnsRulesOffAndWinsOverSelect() throws {
        #expect(Self.codes(try Self.check(["--ignore", "pl105", "--ignore", "typography"])) == ["PL603"])
        #expect(Self.codes(try Self.check(["--select", "typography", "--ignore", "PL508"])) == ["PL501"])
        // Without its only error the post passes.
        #expect(try Self.check(["--ignore", "PL105"]).status == 0)
    }

    @Test func unknownNamesAreUsageErrors() throws {
        let result = try Self.check(["--select", "PL999"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("no rule or category named `PL999`"), "\(result.stderr)")
    }

    @Test func fixableFindingsAreMarkedAndCounted() throws {
        let result = try Self.check(["--select", "PL501,PL105,PL603"])
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.contains("[PL501/space-around-fullwidth-quote]") && $0.hasSuffix(" [fixable]") })
        #expect(lines.contains { $0.contains("[PL105/front-matter-duplicate-key]") && !$0.contains("[fixable") })
        #expect(lines.last?.hasSuffix("; 2 fixable with `postlint fix`") == true, "\(result.stdout)")
        let json = try Self.check(["--format", "json"])
        #expect(json.stdout.contains("\"fixable\": 2, \"unsafeFixable\": 0, \"baselined\": 0}"), "\(json.stdout)")
    }

    @Test func statisticsCountFindingsPerRule() throws {
        let result = try Self.check(["--statistics", "--select", "PL501,PL105,PL508"])
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines == [
            "1  PL508  cjk-latin-spacing             1 fixable",
            "1  PL105  front-matter-duplicate-key",
            "1  PL501  space-around-fullwidth-quote  1 fixable",
            "1 file checked: 3 problems (1 error, 1 warning, 1 info) in 1 file; 2 fixable with `postlint fix`",
        ], "\(result.stdout)")
    }

    @Test func fixTakesTheSameChoice() throws {
        let site = try TemporaryFolder()
        let file = try site.write("_posts/2022-03-01-a.md", Self.post)
        let result = try PostlintBinary.run(["fix", "--ignore", "PL603", file.path], in: site.url)
        #expect(result.status == 1, "PL105 remains: \(result.stdout)")
        let fixed = try String(contentsOf: file, encoding: .utf8)
        #expect(fixed.hasSuffix("推行“一网通办”，中文English。  \n"), "\(fixed)")
    }
}
