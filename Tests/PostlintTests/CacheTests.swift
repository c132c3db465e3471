import Foundation
import Testing

/// `--cache` knows an unchanged file by its stat, without reading it, once the file has settled
/// (written more than two seconds before the run that cached it); any change to it is seen.
@Suite struct CacheTests {
    @Test func settledFilesAreNotReadAndChangedOnesAreCheckedAgain() throws {
        let folder = try TemporaryFolder()
        let post = try folder.write("_posts/2022-03-01-a.md", "---\ntitle: a\ndate: 2022-03-01 10:00:00 +0800\n---\n正文 “引号”。\n")
        try folder.write("_posts/2022-03-01-b.md", "---\ntitle: b\ndate: 2022-03-01 10:00:00 +0800\n---\n干净。\n")
        let cache = folder.url.appendingPathComponent("cache").path
        func check() throws -> CommandResult {
            try PostlintBinary.run(["check", "--verbose", "--no-code-frame", "--cache", "--cache-location", cache, "_posts"], in: folder.url)
        }
        // Files written just now are cached by content only: their stat could still change unseen.
        let fresh = try check()
        let second = try check()
        #expect(second.stderr.contains("0 parsed, 2 from the cache (0 known by their stat, not read)"), "\(second.stderr)")
        Thread.sleep(forTimeInterval: 2.5)
        _ = try check()
        let settled = try check()
        #expect(settled.stderr.contains("0 parsed, 2 from the cache (2 known by their stat, not read)"), "\(settled.stderr)")
        #expect(settled.stdout == fresh.stdout)
        // An edit changes the file's stat: it is read and checked again.
        try Data("---\ntitle: a\ndate: 2022-03-01 10:00:00 +0800\n---\n正文“引号”。\n".utf8).write(to: post)
        let edited = try check()
        #expect(edited.stderr.contains("1 parsed, 1 from the cache (1 known by their stat, not read)"), "\(edited.stderr)")
        #expect(!edited.stdout.contains("PL501"), "\(edited.stdout)")
    }
}
