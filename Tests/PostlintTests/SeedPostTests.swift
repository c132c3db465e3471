import Foundation
import PostlintEngine
import PostlintModel
import Testing

/// The seed post and the seed-like reference post: every finding, by position, under the finews
/// preset; nothing else.
@Suite struct SeedPostTests {
    static let finews: Configuration = {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("postlint-finews-\(getpid())")
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let file = folder.appendingPathComponent(".postlint.yml")
        try? Data("extends: [finews]\n".utf8).write(to: file)
        return try! ConfigurationLoader(explicitPath: file.path).configuration(forFile: file.path)
    }()

    private func findings(_ url: URL) throws -> [String] {
        Fixtures.lint([UInt8](try Data(contentsOf: url)), path: url.path, configuration: Self.finews)
            .map { "\($0.start) \($0.code)" }
    }

    @Test func seedPostHasExactlyItsRealDefects() throws {
        let seed = Fixtures.corpus.appendingPathComponent("seed/000_4bfe989a8b617545.txt")
        let quoteSpaces = [
            "12:114", "16:9", "16:16", "18:10", "18:67", "18:81", "19:68", "19:119", "20:48", "20:65",
            "21:49", "21:249", "21:265",
        ].map { "\($0) PL501" }
        let indents = (9...21).map { "\($0):1 PL423" }
        let expected = ["1:1 PL204"] + indents + quoteSpaces + ["25:102 PL604"]
        let found = try findings(seed)
        #expect(found.filter { $0.hasSuffix("PL501") } == quoteSpaces, "exactly the 13 spaces before quotes")
        #expect(found.sorted() == expected.sorted())
    }

    @Test func seedLikePostShowsEveryPlantedDefect() throws {
        let found = try findings(Fixtures.reference.appendingPathComponent("seed-like-post.md"))
        let expected = [
            "1:1 PL204",                                   // no date in the file name
            "9:1 PL423", "10:1 PL423",                     // ` <p>` indents
            "10:10 PL501", "10:31 PL501", "10:45 PL501",   // spaces before “
            "11:1 PL412",                                  // the display:none paragraph
            "11:63 PL414",                                 // EM_StockImg widget block
            // Tracking spans and links, the empty quote span among them (an empty element with an
            // `id` may be an anchor, so empty-element leaves it to tracking-markup).
            "11:119 PL414", "11:356 PL414", "11:381 PL414", "11:482 PL414", "11:519 PL414",
            "11:525 PL411", "11:533 PL411",                // web= and href= on span
            "11:657 PL410",                                // <center>
            "11:706 PL421",                                // alt="Image"
            "11:932 PL302", "11:932 PL414", "11:956 PL414", // markup inside the attribution
            "16:1 PL304",                                  // no back-links
        ]
        #expect(found.sorted() == expected.sorted())
    }
}
