import Foundation
import Testing

/// `overrides:` in `.postlint.yml`: settings for some files only.
@Suite struct ConfigurationOverridesTests {
    static let post = "---\ntitle: a\ndate: 2022-03-01 10:00:00 +0800\n---\n推行 “一网通办”，中文English。\n"

    static func site(_ configuration: String) throws -> TemporaryFolder {
        let site = try TemporaryFolder()
        try site.write("_config.yml", "title: t\n")
        try site.write(".postlint.yml", configuration)
        try site.write("_posts/2022-03-01-own.md", post)
        try site.write("_posts/republished/2022-03-01-other.md", post)
        return site
    }

    static func findings(_ site: TemporaryFolder, _ extra: [String] = []) throws -> [String] {
        let result = try PostlintBinary.run(["check", "--no-code-frame"] + extra + ["."], in: site.url)
        return result.stdout.split(separator: "\n").filter { $0.hasPrefix("_posts") }.map { line in
            let path = line.split(separator: ":")[0]
            let code = line.firstRange(of: "[PL").map { String(line[line.index($0.lowerBound, offsetBy: 1)...].prefix(5)) } ?? "?"
            return "\(path) \(code)"
        }
    }

    @Test func anEntryAppliesToTheFilesItNamesOnly() throws {
        let site = try Self.site("""
            overrides:
              - files: ["_posts/republished/**"]
                extends: [zh]
                rules:
                  PL501: off
            """)
        #expect(try Self.findings(site) == [
            "_posts/2022-03-01-own.md PL501",
            "_posts/republished/2022-03-01-other.md PL508",
        ])
    }

    @Test func laterEntriesWinAndTheCommandLineWinsOverAll() throws {
        let site = try Self.site("""
            overrides:
              - files: ["_posts/**"]
                rules: { PL501: off }
              - files: ["_posts/republished/*.md"]
                rules: { PL501: warning }
            """)
        #expect(try Self.findings(site) == ["_posts/republished/2022-03-01-other.md PL501"])
        #expect(try Self.findings(site, ["--ignore", "PL501"]) == [])
    }

    @Test func badEntriesAreConfigurationErrorsWithTheirLine() throws {
        for (text, message) in [
            ("overrides:\n  - rules: { PL501: off }\n", "needs `files`"),
            ("overrides:\n  - files: [a]\n    exclude: [b]\n", "unknown key `exclude`"),
            ("overrides:\n  - files: [a]\n    rules: { PL9999: off }\n", "unknown rule `PL9999`"),
            ("overrides: {files: a}\n", "is a list of entries"),
        ] {
            let site = try Self.site(text)
            let result = try PostlintBinary.run(["check", "."], in: site.url)
            #expect(result.status == 2)
            #expect(result.stdout.contains(message), "\(text): \(result.stdout)")
            #expect(result.stdout.contains(".postlint.yml:"), "\(result.stdout)")
        }
    }
}
