import Foundation
import PostlintEngine
import PostlintModel
import Testing

/// The real posts in ../shared/corpus: no crash anywhere, and the known defects found in the
/// numbers its README counts.
@Suite struct CorpusTests {
    static let finewsPosts = Fixtures.corpus.appendingPathComponent("finews/_posts")

    private func diagnostics(under folder: URL) throws -> [Diagnostic] {
        let files = Fixtures.files(under: folder, extensions: ["md", "markdown", "html", "txt"])
        try #require(!files.isEmpty, "the corpus is expected at \(folder.path)")
        return try files.flatMap { file in
            Fixtures.lint([UInt8](try Data(contentsOf: file)), path: file.path)
        }
    }

    private func filesWith(_ rule: String, in diagnostics: [Diagnostic]) -> Int {
        Set(diagnostics.filter { $0.ruleID == rule }.map(\.path)).count
    }

    @Test func finewsDefectsMatchTheReadme() throws {
        let found = try diagnostics(under: Self.finewsPosts)
        #expect(filesWith("front-matter-not-at-start", in: found) == 7)
        #expect(filesWith("date-missing-timezone", in: found) == 67)
        #expect(filesWith("empty-autolink", in: found) == 1)
        #expect(filesWith("front-matter-invalid-yaml", in: found) == 0)
    }

    @Test func findingsPerRuleArePinned() throws {
        let found = try diagnostics(under: Fixtures.corpus)
        var counts: [String: Int] = [:]
        for diagnostic in found { counts[diagnostic.ruleID, default: 0] += 1 }
        let expected: [String: Int] = [
            "date-missing-timezone": 74, "taxonomy-value-space": 28, "filename-date-mismatch": 13,
            "front-matter-not-at-start": 8, "filename-date-missing": 5, "front-matter-missing": 4,
            "front-matter-required-key": 3, "date-invalid": 2, "empty-autolink": 1,
        ]
        #expect(counts == expected)
    }

    @Test func checkingTheCorpusFinishesAndExitsOne() throws {
        let result = try PostlintBinary.run(["check", Fixtures.corpus.path])
        #expect(result.status == 1)
        #expect(result.stderr.isEmpty, "\(result.stderr.prefix(400))")
        #expect(result.stdout.contains("files checked"))
    }

    @Test func theSeedPostParses() throws {
        let seed = Fixtures.corpus.appendingPathComponent("seed/000_4bfe989a8b617545.txt")
        let post = Post(path: seed.path, bytes: [UInt8](try Data(contentsOf: seed)))
        let frontMatter = try #require(post.frontMatter)
        #expect(frontMatter.entries.map(\.key) == ["layout", "title", "date", "categories", "tags"])
        #expect(post.location(of: try #require(frontMatter.entry("date")).valueRange.lowerBound) == SourceLocation(line: 4, column: 7))
        let paragraphs = try #require(post.body).html.elements.filter { $0.name == "p" }
        #expect(paragraphs.count >= 15)
    }
}
