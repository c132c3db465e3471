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

    @Test func finewsPresetFindsTheReadmesDefects() throws {
        let files = Fixtures.files(under: Self.finewsPosts, extensions: ["md"])
        let found = try files.flatMap { file in
            Fixtures.lint([UInt8](try Data(contentsOf: file)), path: file.path, configuration: SeedPostTests.finews)
        }
        let expected: [String: Int] = [
            "front-matter-not-at-start": 7, "date-missing-timezone": 67, "final-newline": 92, "empty-autolink": 1,
            "back-link-missing": 18, "back-link-relative": 24, "back-link-retired-domain": 6,
            "space-around-fullwidth-punctuation": 3,
        ]
        for (rule, files) in expected {
            #expect(filesWith(rule, in: found) == files, "\(rule)")
        }
    }

    @Test func findingsPerRuleArePinned() throws {
        let found = try diagnostics(under: Fixtures.corpus)
        var counts: [String: Int] = [:]
        for diagnostic in found { counts[diagnostic.ruleID, default: 0] += 1 }
        // Every rule's findings over the whole corpus with the default configuration; a change here is
        // either a fixed false positive or a regression, and the diff says which rule moved.
        let expected: [String: Int] = [
            "attribution-markup": 1, "back-link-relative": 50, "bare-url": 15, "consecutive-blank-lines": 10,
            "date-invalid": 2, "date-missing-timezone": 74, "empty-autolink": 1, "empty-element": 7,
            "filename-date-mismatch": 13, "filename-date-missing": 5, "final-newline": 123,
            "front-matter-missing": 4, "front-matter-not-at-start": 8, "front-matter-required-key": 3,
            "halfwidth-punctuation-in-cjk": 48, "hidden-content": 1, "image-alt": 38, "indented-block-tag": 139,
            "invalid-attribute": 38, "invisible-characters": 8, "line-endings": 18, "obsolete-element": 3,
            "space-around-fullwidth-punctuation": 41, "space-around-fullwidth-quote": 26, "taxonomy-value-space": 28,
            "tracking-markup": 27, "trailing-whitespace": 39, "unbalanced-pairs": 18, "unsafe-content": 2,
        ]
        for rule in Set(counts.keys).union(expected.keys).sorted() {
            #expect(counts[rule, default: 0] == expected[rule, default: 0], "\(rule)")
        }
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
