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

    /// Every rule's findings per corpus with the default configuration, against
    /// `Tests/Golden/corpus-findings.tsv`. A change there is either a fixed false alarm or a
    /// regression, and the diff says which rule moved where; `POSTLINT_UPDATE_GOLDEN=1` rewrites it.
    @Test func findingsPerRuleMatchTheGoldenFile() throws {
        var lines = ["# corpus\trule\tfindings (POSTLINT_UPDATE_GOLDEN=1 swift test --filter findingsPerRule rewrites this file)"]
        let corpora = try FileManager.default.contentsOfDirectory(atPath: Fixtures.corpus.path).sorted()
            .filter { !$0.hasPrefix(".") && !$0.hasSuffix(".md") }
        for corpus in corpora {
            var counts: [String: Int] = [:]
            for diagnostic in try diagnostics(under: Fixtures.corpus.appendingPathComponent(corpus)) {
                counts[diagnostic.ruleID, default: 0] += 1
            }
            lines += counts.keys.sorted().map { "\(corpus)\t\($0)\t\(counts[$0]!)" }
        }
        try Golden.compare(lines.joined(separator: "\n") + "\n", with: "corpus-findings.tsv")
    }

    @Test func checkingTheCorpusFinishesAndExitsOne() throws {
        let result = try PostlintBinary.run(["check"] + Fixtures.originalCorpusPaths)
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
