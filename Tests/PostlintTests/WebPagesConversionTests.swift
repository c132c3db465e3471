import Foundation
import Testing

/// Every corpus converted to Markdown, with the 152 real pages of `../shared/corpus/web-pages`
/// as post bodies, once as `.html` posts and once as Markdown posts with an HTML body: convert
/// never crashes, says what it lost, and is idempotent. An independent checker (`Tests/Conversion/text_loss.py`: cmark-gfm and html5lib,
/// the WHATWG HTML parser in Python, none of postlint's code) compares what a reader sees of
/// each source and output; every file it finds losing text must be one postlint reported a
/// loss for (or named what cleaning removed on purpose), and converting any output again must
/// give the same bytes.
@Suite(.serialized) struct WebPagesConversionTests {
    static let scripts = Fixtures.packageRoot.appendingPathComponent("Tests/Conversion")

    /// Every corpus by name, with the web pages made into posts in `folder` both ways.
    static func corpora(in folder: TemporaryFolder) throws -> [(String, URL)] {
        let build = try ChildProcess.tool(["python3", scripts.appendingPathComponent("web_posts.py").path,
                                           Fixtures.corpus.appendingPathComponent("web-pages").path, folder.url.path])
        try #require(build.status == 0, "\(build.stderr)")
        return [
            ("web-pages as .html posts", folder.url.appendingPathComponent("html/_posts")),
            ("web-pages as Markdown posts", folder.url.appendingPathComponent("markdown/_posts")),
        ] + ["blogs-zh", "wangxin93", "finews", "jekyll-docs"].map { ($0, Fixtures.corpus.appendingPathComponent($0)) }
    }

    /// Every corpus, and the web pages both ways: the independent check finds no file losing
    /// text that postlint did not report, and converting any output again changes nothing.
    @Test func everyLossIsReported() throws {
        let folder = try TemporaryFolder()
        let corpora = try Self.corpora(in: folder)
        var unreported: [String] = []
        var unstable: [String] = []
        var unconverted: [String] = []
        var summary: [String] = []
        for (index, (name, sources)) in corpora.enumerated() {
            let outputs = folder.url.appendingPathComponent("out-\(index)")
            let converted = try PostlintBinary.run(["convert", "--to", "markdown", "-o", outputs.path, sources.path])
            #expect(converted.status <= 1, "\(name): \(converted.stderr.suffix(500))")
            #expect(!converted.stderr.contains("Fatal error") && !converted.stderr.contains("crashed"))
            let prefix = sources.path + "/"
            // An `.html` post converts to a `.md` file of the same name.
            func written(_ path: String) -> Bool {
                let output = outputs.appendingPathComponent(path)
                return FileManager.default.fileExists(atPath: output.path)
                    || FileManager.default.fileExists(atPath: output.deletingPathExtension().appendingPathExtension("md").path)
            }
            func relative(_ line: Substring) -> String? {
                line.split(separator: ":").first.map { String($0.hasPrefix(prefix) ? $0.dropFirst(prefix.count) : $0) }
            }
            let lines = converted.stderr.split(separator: "\n")
            // Reported: a loss, or text cleaning removed on purpose and named.
            let lossy = Set(lines.filter { $0.contains("lost:") }.compactMap(relative))
            let named = Set(lines.filter { $0.contains("cleaning removed «") }.compactMap(relative))
            // Every post is converted.
            for post in Fixtures.files(under: sources, extensions: ["md", "markdown", "html"]) where post.path.contains("/_posts/") {
                let path = String(post.path.dropFirst(prefix.count))
                if !written(path) { unconverted.append("\(name)\t\(path)") }
            }
            let check = try ChildProcess.tool(["python3", Self.scripts.appendingPathComponent("text_loss.py").path, sources.path, outputs.path, "--json"])
            try #require(check.status == 0, "\(check.stderr)")
            let report = try #require(try JSONSerialization.jsonObject(with: Data(check.stdout.utf8)) as? [String: Any])
            // Files convert does not write (a README, a layout) are not posts of the site.
            let files = (report["files"] as? [[String: Any]] ?? []).filter { written($0["path"] as? String ?? "") }
            let losing = files.filter { ($0["lost"] as? Int ?? 0) > 0 }
            for file in losing {
                let path = file["path"] as? String ?? ""
                if !lossy.contains(path), !named.contains(path) { unreported.append("\(name)\t\(path)") }
            }
            summary.append("\(name): \(files.count) posts, \(lossy.count) report a loss, \(named.count) name what cleaning removed, \(losing.count) lose text by the independent check")
            // Converting the output again changes nothing.
            let again = folder.url.appendingPathComponent("again-\(index)")
            _ = try PostlintBinary.run(["convert", "--to", "markdown", "--allow-loss", "-o", again.path, outputs.path])
            let outputPrefix = outputs.path + "/"
            for file in Fixtures.files(under: outputs) {
                let path = String(file.path.dropFirst(outputPrefix.count))
                if try Data(contentsOf: file) != (try? Data(contentsOf: again.appendingPathComponent(path))) { unstable.append("\(name)\t\(path)") }
            }
        }
        print("conversion over the corpora:\n  " + summary.joined(separator: "\n  "))
        #expect(unconverted.isEmpty, "posts not converted: \(unconverted)")
        #expect(unreported.isEmpty, "losing text without saying so: \(unreported.sorted())")
        #expect(unstable.isEmpty, "changed by converting again: \(unstable.sorted())")
    }

    /// Every corpus makes a book EPUBCheck passes with no error or warning, grouped by category
    /// or not, and XHTML that xmllint reads (the web pages with `--allow-loss`, as a few of the
    /// Markdown ones report a loss).
    @Test func everyCorpusMakesACleanBookAndWellFormedXHTML() throws {
        let folder = try TemporaryFolder()
        var books = 0
        for (name, folderURL) in try Self.corpora(in: folder) {
            let input = folderURL.path
            for grouping in [[], ["--group-by-category"]] {
                let book = folder.url.appendingPathComponent("book-\(books).epub").path
                books += 1
                let converted = try PostlintBinary.run(["convert", "--to", "epub", "--allow-loss", "-o", book] + grouping + [input])
                #expect(converted.status == 0, "\(name): \(converted.stderr.suffix(500))")
                let result = try ConvertEPUBTests.run(["java", "-jar", ConvertEPUBTests.epubcheckJar, book])
                let report = result.stdout + result.stderr
                #expect(report.contains("Messages: 0 fatals / 0 errors / 0 warnings"), "\(name) \(grouping): \(report.suffix(1500))")
            }
            let xhtml = folder.url.appendingPathComponent("xhtml-\(books)")
            let converted = try PostlintBinary.run(["convert", "--to", "xhtml", "--allow-loss", "-o", xhtml.path, input])
            #expect(converted.status == 0, "\(name): \(converted.stderr.suffix(500))")
            let documents = Fixtures.files(under: xhtml, extensions: ["xhtml"]).map(\.path)
            #expect(!documents.isEmpty)
            let lint = try ConvertEPUBTests.run(["xmllint", "--noout", "--nonet"] + documents)
            #expect(lint.status == 0 && lint.stderr.isEmpty, "\(name): \(lint.stderr.prefix(2000))")
        }
    }
}
