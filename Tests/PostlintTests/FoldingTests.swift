import Foundation
import PostlintEngine
import PostlintModel
import PostlintRules
import Testing

/// Identical findings folded (`--max-identical`): a file keeps the first N findings of a rule
/// with one message and counts the rest on the last one kept; the counts, the exit status and
/// `fix` still see every finding.
@Suite struct FoldingTests {
    static let linter = Linter(environment: LintEnvironment(now: Fixtures.now))
    /// 250 lines with the same stray space before a full-width comma, and one other finding.
    static let post: [UInt8] = Array(("---\ntitle: 折叠\ndate: 2022-03-01 10:00:00 +0800\n---\n"
        + String(repeating: "这是一行 ，还有一行\n\n", count: 250) + "最后一行 。\n").utf8)
    static let path = "_posts/2022-03-01-folding.md"

    @Test func keepsTheFirstFindingsAndCountsTheRestOnTheLastKept() {
        let all = Self.linter.lint(Post(path: Self.path, bytes: Self.post), configuration: Configuration())
        let folded = Self.linter.lint(Post(path: Self.path, bytes: Self.post), configuration: Configuration(), folding: Folding(limit: 100))
        let comma = "space before the full-width `，`"
        #expect(all.filter { $0.message.contains(comma) }.count == 250)
        let kept = folded.filter { $0.message.contains(comma) }
        #expect(kept.count == 100)
        // The kept ones are the first in the file, and the last of them carries the rest.
        #expect(kept.map(\.range) == Array(all.filter { $0.message.contains(comma) }.prefix(100)).map(\.range))
        #expect(kept.last?.folded == 150 && kept.dropLast().allSatisfy { $0.folded == 0 })
        // Every finding is counted once, folded or not; a different message is not folded.
        #expect(folded.reduce(0) { $0 + $1.count } == all.count)
        #expect(folded.contains { $0.message.contains("`。`") && $0.folded == 0 })
    }

    @Test func fixAppliesTheFixesOfFoldedFindingsToo() {
        let fixer = Fixer(linter: Self.linter, policy: .init())
        let unfolded = fixer.fix(path: Self.path, bytes: Self.post, configuration: Configuration())
        let folded = fixer.fix(path: Self.path, bytes: Self.post, configuration: Configuration(), folding: 10)
        #expect(folded.fixed == unfolded.fixed)
        #expect(folded.appliedCount == unfolded.appliedCount)
        #expect(folded.applied.count < unfolded.applied.count && folded.foldedApplied > 0)
        #expect(!String(decoding: folded.fixed, as: UTF8.self).contains(" ，"))
    }

    /// Runs `body` with the post written to a file in a folder of its own, removed afterwards.
    static func withPost(_ body: (_ file: URL, _ folder: URL) throws -> Void) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("postlint-folding-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("2022-03-01-folding.md")
        try Data(post).write(to: file)
        try body(file, folder)
    }

    @Test func reportsSayHowManyWereFoldedAndCountThemAll() throws { try Self.withPost { file, _ in

        let text = try PostlintBinary.run(["check", "--no-code-frame", "--max-identical", "20", file.path])
        let lines = text.stdout.split(separator: "\n")
        #expect(lines.filter { $0.contains("full-width `，`") }.count == 20)
        #expect(text.stdout.contains("(and 230 more like this in the file, folded; `--max-identical 0` lists them)"))
        #expect(text.stdout.contains("251 problems"), "\(text.stdout.suffix(300))")
        #expect(text.status == 0)
        // A warning gate counts the folded findings as well.
        let gate = try PostlintBinary.run(["check", "--quiet", "--max-identical", "20", "--max-warnings", "240", file.path])
        #expect(gate.status == 1)

        let json = try PostlintBinary.run(["check", "--format", "json", "--max-identical", "20", file.path])
        let decoded = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let summary = try #require(decoded["summary"] as? [String: Any])
        #expect(summary["warnings"] as? Int == 251)
        let diagnostics = try #require(((decoded["files"] as? [[String: Any]])?.first?["diagnostics"]) as? [[String: Any]])
        #expect(diagnostics.compactMap { $0["folded"] as? Int } == [230])

        let all = try PostlintBinary.run(["check", "--no-code-frame", "--max-identical", "0", file.path])
        #expect(all.stdout.split(separator: "\n").filter { $0.contains("full-width `，`") }.count == 250)
        #expect(!all.stdout.contains("folded"))

        let bad = try PostlintBinary.run(["check", "--max-identical", "-1", file.path])
        #expect(bad.status == 2 && bad.stderr.contains("--max-identical must be 0 (keep all) or more"), "\(bad.stderr)")
    } }

    @Test func theCacheKeepsFoldedCountsAndKnowsTheLimit() throws { try Self.withPost { file, folder in
        let cache = folder.appendingPathComponent("cache.json").path
        let arguments = ["check", "--format", "json", "--cache", "--cache-location", cache, file.path]
        let cold = try PostlintBinary.run(arguments + ["--max-identical", "20"])
        let warm = try PostlintBinary.run(arguments + ["--max-identical", "20"])
        #expect(warm.stdout == cold.stdout && cold.stdout.contains("\"folded\": 230"))
        // Another limit is another report, not the cached one.
        let other = try PostlintBinary.run(arguments + ["--max-identical", "50"])
        #expect(other.stdout.contains("\"folded\": 200"), "\(other.stdout.prefix(400))")
    } }
}
