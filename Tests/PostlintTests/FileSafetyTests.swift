import Foundation
import Testing

/// What `fix` may write: only files inside what it was pointed at, hard links kept, and no
/// temporary file left behind when a signal ends the run.
@Suite struct FileSafetyTests {
    static let post = "---\ntitle: \"t\"\ndate: 2022-03-01 10:00:00 +0800\n---\n正文 。\n"
    static let fixed = "---\ntitle: \"t\"\ndate: 2022-03-01 10:00:00 +0800\n---\n正文。\n"

    /// A post that is a symbolic link to a file outside the folder being fixed is reported and
    /// left alone, unless --follow-symlinks; a link within the folder is written through.
    @Test func symbolicLinksOutOfTheTreeAreNotFollowed() throws {
        let folder = try TemporaryFolder()
        let secret = try folder.write("outside/secret.md", Self.post)
        let inner = try folder.write("site/notes/inner.txt", Self.post)
        try folder.write("site/_config.yml", "title: t\n")
        let manager = FileManager.default
        try manager.createDirectory(at: folder.url.appendingPathComponent("site/_posts"), withIntermediateDirectories: true)
        try manager.createSymbolicLink(atPath: folder.url.appendingPathComponent("site/_posts/2022-03-01-out.md").path, withDestinationPath: "../../outside/secret.md")
        try manager.createSymbolicLink(atPath: folder.url.appendingPathComponent("site/_posts/2022-03-01-in.md").path, withDestinationPath: "../notes/inner.txt")
        try manager.createSymbolicLink(atPath: folder.url.appendingPathComponent("site/linked").path, withDestinationPath: "../outside")
        let site = folder.url.appendingPathComponent("site").path
        let refused = try PostlintBinary.run(["fix", "--no-code-frame", site])
        #expect(refused.status == 2, "\(refused.stdout)\(refused.stderr)")
        #expect(refused.stdout.contains("2022-03-01-out.md: error: leads through a symbolic link to \(try Self.real(secret)), outside the files and folders being fixed"), "\(refused.stdout)")
        #expect(try String(contentsOf: secret, encoding: .utf8) == Self.post, "the file outside is untouched")
        #expect(try String(contentsOf: inner, encoding: .utf8) == Self.fixed, "a link inside the tree is written through")
        let followed = try PostlintBinary.run(["fix", "--follow-symlinks", "--no-code-frame", site])
        #expect(followed.status == 0, "\(followed.stdout)\(followed.stderr)")
        #expect(try String(contentsOf: secret, encoding: .utf8) == Self.fixed)
    }

    /// A hard-linked post keeps its links: every name shows the fixed text, no temporary file
    /// is left, and the file keeps its inode and mode.
    @Test func hardLinksAreKept() throws {
        let folder = try TemporaryFolder()
        let post = try folder.write("_posts/2022-03-01-a.md", Self.post)
        let twin = folder.url.appendingPathComponent("backup.md")
        #expect(link(post.path, twin.path) == 0)
        chmod(post.path, 0o640)
        let before = try Self.status(post)
        let result = try PostlintBinary.run(["fix", "--no-code-frame", folder.url.appendingPathComponent("_posts").path])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        let after = try Self.status(post)
        #expect(after.st_ino == before.st_ino && after.st_nlink == 2 && after.st_mode == before.st_mode)
        #expect(try String(contentsOf: twin, encoding: .utf8) == Self.fixed)
        #expect(try FileManager.default.contentsOfDirectory(atPath: post.deletingLastPathComponent().path) == ["2022-03-01-a.md"])
    }

    /// SIGINT or SIGTERM in the middle of a run that writes a report file and fixed posts leaves
    /// no `.postlint-` temporary file and no half report; each post is its old text or its new.
    @Test(arguments: [SIGINT, SIGTERM])
    func aSignalLeavesNoTemporaryFile(signal: Int32) throws {
        let folder = try TemporaryFolder()
        let filler = String(repeating: "这是一段用来拖长检查时间的正文。\n\n", count: 2_000)
        for index in 0..<300 {
            try folder.write("_posts/2022-03-01-p\(index).md", Self.post + filler)
        }
        let result = try PostlintBinary.run(["fix", "--no-code-frame", "--jobs", "2", "--format", "json=report.json", "_posts"], in: folder.url) { process in
            // The report's temporary file lives from the start; wait for it, then signal.
            let deadline = Date().addingTimeInterval(30)
            while Date() < deadline, (try? FileManager.default.contentsOfDirectory(atPath: folder.url.path))?.contains(where: { $0.hasPrefix(".postlint-report-") }) != true {
                usleep(20_000)
            }
            usleep(300_000)
            kill(process.processIdentifier, signal)
        }
        #expect(result.status == signal, "ended by the signal, as it would have been: \(result.status) \(result.stderr.suffix(300))")
        let names = try FileManager.default.subpathsOfDirectory(atPath: folder.url.path)
        #expect(!names.contains { ($0 as NSString).lastPathComponent.hasPrefix(".postlint-") }, "\(names.filter { $0.contains(".postlint-") })")
        #expect(!names.contains("report.json"))
        var fixedCount = 0
        for index in 0..<300 {
            let text = try String(contentsOf: folder.url.appendingPathComponent("_posts/2022-03-01-p\(index).md"), encoding: .utf8)
            #expect(text == Self.post + filler || text == Self.fixed + filler)
            if text.hasPrefix(Self.fixed) { fixedCount += 1 }
        }
        #expect(fixedCount < 300, "the run ended before it fixed everything")
    }

    static func status(_ url: URL) throws -> stat {
        var info = stat()
        #expect(stat(url.path, &info) == 0)
        return info
    }

    static func real(_ url: URL) throws -> String {
        let resolved = try #require(realpath(url.path, nil))
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
