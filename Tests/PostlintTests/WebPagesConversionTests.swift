import Foundation
import Testing

/// The 152 real pages of `../shared/corpus/web-pages` as post bodies, once as `.html` posts and
/// once as Markdown posts with an HTML body: convert never crashes, says what it lost, and is
/// idempotent. An independent checker (`Tests/Conversion/text_loss.py`: cmark-gfm and Python's
/// HTML parser, none of postlint's code) compares what a reader sees of each source and output;
/// every file it finds losing text must be one postlint reported a loss for. The files where
/// it does not yet, and those a second conversion still changes, are listed in
/// `Tests/Golden/web-pages-unreported-loss.tsv` and `web-pages-not-idempotent.tsv`, so that a
/// new one fails the test and a mended one asks for its list to shrink.
@Suite(.serialized) struct WebPagesConversionTests {
    @Test func everyLossIsReported() throws {
        let folder = try TemporaryFolder()
        let scripts = Fixtures.packageRoot.appendingPathComponent("Tests/Conversion")
        let build = try ChildProcess.tool(["python3", scripts.appendingPathComponent("web_posts.py").path,
                                           Fixtures.corpus.appendingPathComponent("web-pages").path, folder.url.path])
        try #require(build.status == 0, "\(build.stderr)")
        var unreported: [String] = []
        var unstable: [String] = []
        var summary: [String] = []
        for variant in ["html", "markdown"] {
            let sources = folder.url.appendingPathComponent("\(variant)/_posts")
            let outputs = folder.url.appendingPathComponent("out-\(variant)")
            let converted = try PostlintBinary.run(["convert", "--to", "markdown", "-o", outputs.path, sources.path])
            #expect(converted.status <= 1, "\(variant): \(converted.stderr.suffix(500))")
            #expect(!converted.stderr.contains("Fatal error") && !converted.stderr.contains("crashed"))
            let reported = Set(converted.stderr.split(separator: "\n").filter { $0.contains("lost:") }.compactMap {
                $0.split(separator: ":").first.map { String($0.split(separator: "/").last ?? "") }
            })
            let check = try ChildProcess.tool(["python3", scripts.appendingPathComponent("text_loss.py").path, sources.path, outputs.path, "--json"])
            try #require(check.status == 0, "\(check.stderr)")
            let report = try #require(try JSONSerialization.jsonObject(with: Data(check.stdout.utf8)) as? [String: Any])
            let files = report["files"] as? [[String: Any]] ?? []
            let losing = files.filter { ($0["lost"] as? Int ?? 0) > 0 }
            for file in losing {
                let name = (file["path"] as? String ?? "").split(separator: "/").last.map(String.init) ?? ""
                if !reported.contains(name) { unreported.append("\(variant)\t\(name)") }
            }
            summary.append("\(variant): \(files.count) posts, \(reported.count) with a reported loss, \(losing.count) losing text by the independent check")
            // Converting the output again changes nothing.
            let again = folder.url.appendingPathComponent("again-\(variant)")
            _ = try PostlintBinary.run(["convert", "--to", "markdown", "--allow-loss", "-o", again.path, outputs.path])
            for file in Fixtures.files(under: outputs) where try Data(contentsOf: file) != (try? Data(contentsOf: again.appendingPathComponent(file.lastPathComponent))) {
                unstable.append("\(variant)\t\(file.lastPathComponent)")
            }
        }
        print("web-pages conversion: " + summary.joined(separator: "; "))
        try Golden.compare(unreported.sorted().joined(separator: "\n") + "\n", with: "web-pages-unreported-loss.tsv")
        try Golden.compare(unstable.sorted().joined(separator: "\n") + "\n", with: "web-pages-not-idempotent.tsv")
    }
}
