import Foundation
import Testing

/// The real pre-commit, in a scratch repository whose hooks come from this checkout.
@Suite(.serialized) struct PreCommitTests {
    /// The commit pre-commit checks out: HEAD, or a snapshot of the tracked working tree when it
    /// has uncommitted changes.
    static func revision() throws -> String {
        let snapshot = try CIGateTests.tool(["git", "stash", "create"], in: Fixtures.packageRoot).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        if !snapshot.isEmpty { return snapshot }
        return try CIGateTests.tool(["git", "rev-parse", "HEAD"], in: Fixtures.packageRoot).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// pre-commit's own cache lives with the build, so it is built once per checkout.
    static var environment: [String: String] {
        ["PRE_COMMIT_HOME": Fixtures.packageRoot.appendingPathComponent(".build/pre-commit-home").path]
    }

    /// `extra` adds to pre-commit's environment (a PATH with postlint on it, a cache of its own).
    static func run(_ arguments: [String], in folder: URL, extra: [String: String] = [:]) throws -> CommandResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        process.currentDirectoryURL = folder
        var env = ProcessInfo.processInfo.environment
        env.merge(environment) { _, new in new }
        env.merge(extra) { _, new in new }
        process.environment = env
        let out = Pipe()
        process.standardOutput = out
        process.standardError = out
        try process.run()
        let output = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return CommandResult(status: process.terminationStatus, stdout: output, stderr: "")
    }

    static func repository(hook: String) throws -> TemporaryFolder {
        let repo = try CIGateTests.repository()
        try repo.write(".pre-commit-config.yaml", """
            repos:
              - repo: \(Fixtures.packageRoot.path)
                rev: \(try revision())
                hooks:
                  - id: \(hook)

            """)
        let install = try run(["pre-commit", "install"], in: repo.url)
        #expect(install.status == 0, "\(install.stdout)")
        _ = try run(["git", "add", ".pre-commit-config.yaml"], in: repo.url)
        return repo
    }

    @Test func checkHookBlocksABrokenPostAndPassesACleanOne() throws {
        let repo = try Self.repository(hook: "postlint")
        try repo.write("_posts/2022-03-05-broken.md", "---\ntitle: \"a\"\ndate: 2022-03-05 10:00:00 +0800\ntitle: \"b\"\n---\n正文。\n")
        _ = try Self.run(["git", "add", "."], in: repo.url)
        let blocked = try Self.run(["git", "commit", "-m", "broken"], in: repo.url)
        #expect(blocked.status != 0, "\(blocked.stdout)")
        #expect(blocked.stdout.contains("_posts/2022-03-05-broken.md:4:1: error [PL105/front-matter-duplicate-key]"), "\(blocked.stdout)")
        try repo.write("_posts/2022-03-05-broken.md", "---\ntitle: \"a\"\ndate: 2022-03-05 10:00:00 +0800\n---\n正文。\n")
        _ = try Self.run(["git", "add", "."], in: repo.url)
        let passed = try Self.run(["git", "commit", "-m", "clean"], in: repo.url)
        #expect(passed.status == 0, "\(passed.stdout)")
    }

    /// Layouts hold scripts, fragments and no front matter; a commit of a layout and the
    /// site's configuration is never blocked by front-matter or date rules.
    @Test func aCommitOfALayoutAndTheConfigurationPasses() throws {
        let repo = try Self.repository(hook: "postlint")
        try repo.write("_config.yml", "title: 博客\ntimezone: Asia/Shanghai\n")
        try repo.write("_layouts/default.html", Fixtures.layout)
        try repo.write("_includes/head.html", Fixtures.headInclude)
        _ = try Self.run(["git", "add", "."], in: repo.url)
        let committed = try Self.run(["git", "commit", "-m", "layout"], in: repo.url)
        #expect(committed.status == 0, "\(committed.stdout)")
        // The same hook still blocks a broken post in the same site.
        try repo.write("_layouts/default.html", "<html>\n<body>{{ content }}</body>\n</html>\n")
        try repo.write("_posts/2022-03-05-broken.md", "---\ntitle: \"a\"\ntitle: \"b\"\n---\n正文。\n")
        _ = try Self.run(["git", "add", "."], in: repo.url)
        let blocked = try Self.run(["git", "commit", "-m", "post"], in: repo.url)
        #expect(blocked.status != 0 && blocked.stdout.contains("PL105"), "\(blocked.stdout)")
    }

    /// The `language: system` hooks run the postlint on the PATH: nothing is built, so a first
    /// `pre-commit install-hooks` (with a cache of its own) takes seconds.
    @Test func systemHooksUseThePostlintOnThePathAndInstallInSeconds() throws {
        let home = try TemporaryFolder()
        let extra = [
            "PATH": PostlintBinary.url.deletingLastPathComponent().path + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"),
            "PRE_COMMIT_HOME": home.url.path,
        ]
        let repo = try CIGateTests.repository()
        try repo.write(".pre-commit-config.yaml", """
            repos:
              - repo: \(Fixtures.packageRoot.path)
                rev: \(try Self.revision())
                hooks:
                  - id: postlint-system
                  - id: postlint-fix-system

            """)
        _ = try Self.run(["git", "add", ".pre-commit-config.yaml"], in: repo.url, extra: extra)
        let start = Date()
        let installed = try Self.run(["pre-commit", "install-hooks"], in: repo.url, extra: extra)
        let seconds = Date().timeIntervalSince(start)
        #expect(installed.status == 0, "\(installed.stdout)")
        print("pre-commit install-hooks with the system hooks: \(String(format: "%.1f", seconds)) s")
        #expect(seconds < 60, "installing the system hooks took \(seconds) s")
        _ = try Self.run(["pre-commit", "install"], in: repo.url, extra: extra)
        try repo.write("_posts/2022-03-05-broken.md", "---\ntitle: \"a\"\ndate: 2022-03-05 10:00:00 +0800\ntitle: \"b\"\n---\n推行 “一网通办”。\n")
        _ = try Self.run(["git", "add", "."], in: repo.url, extra: extra)
        let blocked = try Self.run(["git", "commit", "-m", "broken"], in: repo.url, extra: extra)
        #expect(blocked.status != 0, "\(blocked.stdout)")
        #expect(blocked.stdout.contains("[PL105/front-matter-duplicate-key]"), "\(blocked.stdout)")
        let fixed = try String(contentsOf: repo.url.appendingPathComponent("_posts/2022-03-05-broken.md"), encoding: .utf8)
        #expect(fixed.hasSuffix("推行“一网通办”。\n"), "the fix hook ran: \(fixed)")
    }

    @Test func fixHookRewritesBlocksOnceThenPasses() throws {
        let repo = try Self.repository(hook: "postlint-fix")
        let broken = "---\ntitle: \"a\"\ndate: 2022-03-05 10:00:00 +0800\n---\n全面推行 “一网通办”。"
        try repo.write("_posts/2022-03-05-fixable.md", broken)
        _ = try Self.run(["git", "add", "."], in: repo.url)
        let first = try Self.run(["git", "commit", "-m", "fixable"], in: repo.url)
        #expect(first.status != 0, "pre-commit fails a hook that changes files: \(first.stdout)")
        #expect(first.stdout.contains("files were modified by this hook"), "\(first.stdout)")
        let fixed = try String(contentsOf: repo.url.appendingPathComponent("_posts/2022-03-05-fixable.md"), encoding: .utf8)
        #expect(fixed == "---\ntitle: \"a\"\ndate: 2022-03-05 10:00:00 +0800\n---\n全面推行“一网通办”。\n")
        _ = try Self.run(["git", "add", "."], in: repo.url)
        let second = try Self.run(["git", "commit", "-m", "fixed"], in: repo.url)
        #expect(second.status == 0, "\(second.stdout)")
    }
}
