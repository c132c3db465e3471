import Foundation
import PostlintEngine
import PostlintModel
import PostlintRules
import Testing

/// `postlint fix`: exact edits on the seed post, properties over every real post, the command's
/// modes, and files that must be left alone.
@Suite struct FixTests {
    static let fixer = Fixer(linter: Linter(environment: LintEnvironment(now: Fixtures.now)), policy: .init())
    static let unsafeFixer = Fixer(linter: Linter(environment: LintEnvironment(now: Fixtures.now)), policy: .init(includeUnsafe: true))

    @Test func seedPostLosesExactlyItsStraySpacesAndGainsANewline() throws {
        let seed = Fixtures.corpus.appendingPathComponent("seed/000_4bfe989a8b617545.txt")
        let original = [UInt8](try Data(contentsOf: seed))
        // The finews convention also removes the ` <p>` indents, which render the same either way.
        let result = Self.fixer.fix(path: seed.path, bytes: original, configuration: SeedPostTests.finews)
        let applied = result.applied.filter { ["PL501", "PL423", "PL604"].contains($0.diagnostic.code) }
            .map { "\($0.diagnostic.start) \($0.diagnostic.code)" }.sorted()
        let expected = (["12:114", "16:9", "16:16", "18:10", "18:67", "18:81", "19:68", "19:119", "20:48", "20:65", "21:49", "21:249", "21:265"].map { "\($0) PL501" }
            + (9...21).map { "\($0):1 PL423" } + ["25:102 PL604"]).sorted()
        #expect(applied == expected)
        // The only differences: 26 single spaces gone, one line break added at the end.
        let spaces = result.applied.filter { $0.diagnostic.code != "PL604" }.flatMap { $0.diagnostic.fix!.edits }
        #expect(spaces.allSatisfy { $0.range.count == 1 && original[$0.range.lowerBound] == 0x20 && $0.replacement.isEmpty })
        var rebuilt = original
        for edit in spaces.sorted(by: { $0.range.lowerBound > $1.range.lowerBound }) { rebuilt.removeSubrange(edit.range) }
        rebuilt.append(0x0A)
        #expect(rebuilt == result.fixed)
    }

    /// Whitespace, tags, a BOM and full-width digits are all that safe fixes may change in the
    /// body's text (front-matter fixes rewrite dates and quoting, which their examples prove).
    static func visible(_ bytes: [UInt8]) -> String {
        let body = Post(path: "post.md", bytes: bytes).body?.range ?? 0..<bytes.count
        let text = String(decoding: bytes[body], as: UTF8.self)
        let withoutTags = text.replacing(/<[^>]*>/, with: "")
        return String(String.UnicodeScalarView(withoutTags.unicodeScalars.compactMap { scalar -> Unicode.Scalar? in
            if scalar.properties.isWhitespace || scalar.value == 0xFEFF { return nil }
            if CJK.isFullwidthAlphanumeric(scalar.value) { return Unicode.Scalar(scalar.value - 0xFEE0) }
            return scalar
        }))
    }

    /// The posts of every corpus (`blogs-zh` included) and the samples.
    static var everyPost: [URL] {
        (Fixtures.originalCorpusFiles(extensions: ["md", "markdown", "txt"]) + Fixtures.files(under: Fixtures.corpus.appendingPathComponent("blogs-zh"), extensions: ["md", "markdown"]))
            .filter { !$0.lastPathComponent.hasPrefix("README") }
            + Fixtures.files(under: Fixtures.samples, extensions: ["md"])
    }

    @Test func fixingEveryRealPostIsIdempotentCompleteAndLosesNoText() throws {
        let posts = Self.everyPost
        try #require(posts.count > 300)
        for url in posts {
            let original = [UInt8](try Data(contentsOf: url))
            let once = Self.fixer.fix(path: url.path, bytes: original, configuration: Configuration())
            let twice = Self.fixer.fix(path: url.path, bytes: once.fixed, configuration: Configuration())
            #expect(twice.fixed == once.fixed, "\(url.lastPathComponent): fixing twice differs from fixing once")
            let fixable = once.remaining.filter { $0.fix?.kind == .safe }
            #expect(fixable.isEmpty, "\(url.lastPathComponent): still fixable after fix: \(fixable.map { "\($0.start) \($0.code)" })")
            #expect(Self.visible(once.fixed) == Self.visible(original), "\(url.lastPathComponent): visible text changed")
            #expect(TextEncoding(validating: once.fixed) == TextEncoding(validating: original))
            let unsafe = Self.unsafeFixer.fix(path: url.path, bytes: original, configuration: Configuration())
            #expect(TextEncoding(validating: unsafe.fixed) == TextEncoding(validating: original), "\(url.lastPathComponent): unsafe fixes broke the encoding")
            #expect(Self.unsafeFixer.fix(path: url.path, bytes: unsafe.fixed, configuration: Configuration()).fixed == unsafe.fixed,
                    "\(url.lastPathComponent): unsafe fixing is not idempotent")
        }
    }

    @Test func frontMatterOutsideEditsStaysByteIdentical() {
        let text = "---\n# comment kept\ntitle:   '标题'   # trailing comment\ndate: \"2022-03-01T10:00:00+08:00\"\ntags: [a,  b]\n---\n正文 “引号”\n"
        let result = Self.fixer.fix(path: "_posts/2022-03-01-a.md", bytes: Array(text.utf8), configuration: Configuration())
        let expected = "---\n# comment kept\ntitle:   '标题'   # trailing comment\ndate: \"2022-03-01 10:00:00 +0800\"\ntags: [a,  b]\n---\n正文“引号”\n"
        #expect(String(decoding: result.fixed, as: UTF8.self) == expected)
    }

    @Test func checkModeExitStatus() throws {
        let broken = try PostlintBinary.run(["fix", "--check", "samples/broken/_posts/2022-03-08-republished-article.md"], in: Fixtures.packageRoot)
        #expect(broken.status == 1)
        #expect(broken.stderr.contains("would fix [PL501/space-around-fullwidth-quote]"))
        let clean = try PostlintBinary.run(["fix", "--check", "samples/clean"], in: Fixtures.packageRoot)
        #expect(clean.status == 0)
    }

    /// Names with a space or a quote too: the headers are written as git writes them.
    @Test(arguments: ["post.md", "my post.md", "a\"b.md"])
    func diffAppliesWithPatchAndEqualsWhatFixWrites(name: String) throws {
        let folder = try TemporaryFolder()
        let source = Fixtures.samples.appendingPathComponent("broken/_posts/2022-03-08-republished-article.md")
        let data = try Data(contentsOf: source)
        try folder.write("a/" + name, data)
        try folder.write("b/" + name, data)
        let diff = try PostlintBinary.run(["fix", "--diff", name], in: folder.url.appendingPathComponent("a"))
        #expect(diff.status == 1)
        #expect(try Data(contentsOf: folder.url.appendingPathComponent("a/" + name)) == data, "--diff writes nothing")
        let patch = Process()
        patch.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        patch.arguments = ["patch", "-s", "-p1"]
        patch.currentDirectoryURL = folder.url.appendingPathComponent("a")
        let input = Pipe()
        patch.standardInput = input
        try patch.run()
        input.fileHandleForWriting.write(Data(diff.stdout.utf8))
        try input.fileHandleForWriting.close()
        patch.waitUntilExit()
        #expect(patch.terminationStatus == 0, "\(diff.stdout.prefix(200))")
        let fixed = try PostlintBinary.run(["fix", name], in: folder.url.appendingPathComponent("b"))
        #expect(fixed.status != 2, "\(fixed.stdout)")
        #expect(try Data(contentsOf: folder.url.appendingPathComponent("a/" + name)) == Data(contentsOf: folder.url.appendingPathComponent("b/" + name)))
    }

    @Test func unsafeFixesNeedTheFlagAndRuleLimits() throws {
        let text = "---\ntitle: \"a\"\ndate: 2022-03-01 10:00:00 +0800\n---\n<p>宣布为<span class=\"keytip\">蔚来</span>提供 “服务”。</p>\n"
        let folder = try TemporaryFolder()
        let file = try folder.write("_posts/2022-03-01-a.md", text)
        try PostlintBinary.run(["fix", "--rule", "PL414", file.path])
        #expect(try String(contentsOf: file, encoding: .utf8) == text, "tracking markup is an unsafe fix")
        try PostlintBinary.run(["fix", "--unsafe", "--rule", "tracking-markup", file.path])
        #expect(try String(contentsOf: file, encoding: .utf8) == text.replacingOccurrences(of: "<span class=\"keytip\">蔚来</span>", with: "蔚来"))
        try PostlintBinary.run(["fix", file.path])
        #expect(try String(contentsOf: file, encoding: .utf8).contains("提供“服务”"))
    }

    @Test func standardInputGoesToStandardOutput() throws {
        let input = "---\ntitle: \"a\"\ndate: 2022-03-01 10:00:00 +0800\n---\n正文 “引号”"
        let result = try PostlintBinary.run(["fix", "-", "--stdin-filename", "_posts/2022-03-01-a.md"], stdin: Data(input.utf8))
        #expect(result.stdout == "---\ntitle: \"a\"\ndate: 2022-03-01 10:00:00 +0800\n---\n正文“引号”\n")
        #expect(result.status == 0)
    }

    @Test func readOnlyAndInvalidFilesStayByteIdentical() throws {
        let folder = try TemporaryFolder()
        let readOnly = try folder.write("_posts/2022-03-01-a.md", "---\ntitle: \"a\"\ndate: 2022-03-01 10:00:00 +0800\n---\n正文 “引号”\n")
        try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: readOnly.path)
        var invalid = Data("---\ntitle: \"a\"\n---\n正文 “引号”  \n".utf8)
        invalid.append(0xFF)
        let badFile = try folder.write("_posts/2022-03-01-b.md", invalid)
        let before = try Data(contentsOf: readOnly)
        let result = try PostlintBinary.run(["fix", "_posts"], in: folder.url)
        #expect(result.status == 2)
        #expect(result.stdout.contains("_posts/2022-03-01-a.md: error: is read-only; not written"), "\(result.stdout)")
        #expect(try Data(contentsOf: readOnly) == before)
        #expect(try Data(contentsOf: badFile) == invalid)
        #expect(result.stdout.contains("[PL601/invalid-utf8]"))
    }

    /// A link whose target lies outside the paths given is written through with
    /// --follow-symlinks (FileSafetyTests: and left alone without it).
    @Test func symlinkTargetIsWrittenAndSaid() throws {
        let folder = try TemporaryFolder()
        let real = try folder.write("real/2022-03-01-a.md", "---\ntitle: \"a\"\ndate: 2022-03-01 10:00:00 +0800\n---\n正文 “引号”\n")
        try FileManager.default.createDirectory(at: folder.url.appendingPathComponent("_posts"), withIntermediateDirectories: true)
        let link = folder.url.appendingPathComponent("_posts/2022-03-01-a.md")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: real)
        let result = try PostlintBinary.run(["fix", "--follow-symlinks", link.path])
        #expect(result.stderr.contains("wrote through the symbolic link to \(real.path)"), "\(result.stderr)")
        #expect(try String(contentsOf: real, encoding: .utf8).contains("正文“引号”"))
        let attributes = try FileManager.default.attributesOfItem(atPath: link.path)
        #expect(attributes[.type] as? FileAttributeType == .typeSymbolicLink, "the link is still a link")
    }

    @Test func writesKeepTheFileMode() throws {
        let folder = try TemporaryFolder()
        let file = try folder.write("_posts/2022-03-01-a.md", "---\ntitle: \"a\"\ndate: 2022-03-01 10:00:00 +0800\n---\n正文 “引号”\n")
        try FileManager.default.setAttributes([.posixPermissions: 0o640], ofItemAtPath: file.path)
        try PostlintBinary.run(["fix", file.path])
        let mode = try FileManager.default.attributesOfItem(atPath: file.path)[.posixPermissions] as? Int
        #expect(mode == 0o640)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: file.deletingLastPathComponent().path).filter { $0.hasPrefix(".postlint-") }
        #expect(leftovers.isEmpty)
    }
}
