import Foundation
@testable import PostlintAdapters
import Testing

/// cmark-gfm parses on several threads at once: the extensions' special characters stay in
/// its process-wide table instead of being taken out at the end of every parse.
@Suite struct MarkdownParallelTests {
    @Test func specialCharactersOutliveAParse() {
        #expect(MarkdownParser.specialCharactersPersist())
    }

    @Test func parsesOnTwoThreadsMatchParsesOnOne() {
        let texts = (0..<40).map { index in
            "第\(index)段 ~~删除~~ 和 www.example.com/\(index) 以及 https://example.org/a:\(index)\n\n| a | b |\n| - | - |\n| ~~x~~ | y |\n"
        }
        let serial = texts.map { MarkdownParser.renderHTML($0) }
        let results = LockedResults(count: texts.count * 25)
        DispatchQueue.concurrentPerform(iterations: texts.count * 25) { index in
            results.set(index, index % 3 == 0
                ? MarkdownParser.renderHTML(texts[index % texts.count], autolinks: false).isEmpty ? "" : MarkdownParser.renderHTML(texts[index % texts.count])
                : MarkdownParser.renderHTML(texts[index % texts.count]))
        }
        for (index, html) in results.all.enumerated() {
            #expect(html == serial[index % texts.count], "parse \(index) differs when run in parallel")
        }
        #expect(serial[0].contains("<del>删除</del>") && serial[0].contains("<a href=\"http://www.example.com/0\">"))
    }
}

private final class LockedResults: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [String]
    init(count: Int) { values = Array(repeating: "", count: count) }
    func set(_ index: Int, _ value: String) { lock.withLock { values[index] = value } }
    var all: [String] { lock.withLock { values } }
}
