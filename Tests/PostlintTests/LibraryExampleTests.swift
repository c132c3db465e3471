import Foundation
import Testing

/// docs/library.md shows a program and what it prints: the program is the package's
/// `LibraryExample` target, so it compiles with every build, and this test runs it.
struct LibraryExampleTests {
    static let page = Fixtures.packageRoot.appendingPathComponent("docs/library.md")

    /// The text of the first fenced block of `language` after `marker` on the page.
    static func block(_ language: String, after marker: String = "") throws -> String {
        let text = try String(contentsOf: page, encoding: .utf8)
        let start = marker.isEmpty ? text.startIndex : try #require(text.range(of: marker)).upperBound
        let open = try #require(text.range(of: "```\(language)\n", range: start..<text.endIndex))
        let close = try #require(text.range(of: "\n```\n", range: open.upperBound..<text.endIndex))
        return String(text[open.upperBound..<close.lowerBound]) + "\n"
    }

    @Test func thePageShowsTheExampleTarget() throws {
        let source = try String(contentsOf: Fixtures.packageRoot.appendingPathComponent("Sources/LibraryExample/main.swift"), encoding: .utf8)
        #expect(try Self.block("swift") == source)
    }

    @Test func theExamplePrintsWhatThePageSays() throws {
        let example = PostlintBinary.url.deletingLastPathComponent().appendingPathComponent("LibraryExample")
        let result = try ChildProcess.run(example, [])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == (try Self.block("text", after: "It prints:")))
    }
}
