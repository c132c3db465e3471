import Foundation
import Testing

/// `postlint lsp` with real clients: Neovim's built-in LSP client, headless, driven by
/// `Tests/editors/neovim.lua`, and the protocol suite in `Tests/lsp`, with pytest-lsp as the client.
@Suite struct LanguageServerTests {
    /// An emoji and a character beyond the BMP (two UTF-16 units each) and CJK before the one
    /// stray space; every position the editor gets wrong moves the fix onto another character.
    static let post = "---\ntitle: 一网通办\ndate: 2022-03-01 10:00:00 +0800\n---\n😀中文𠀀字 “一网通办”。\n\n第二段没有问题。\n"

    @Test func neovimShowsTheFindingAndItsQuickFixSavesWhatFixWrites() throws {
        let site = try TemporaryFolder()
        try site.write("_config.yml", "title: test\n")
        let file = try site.write("_posts/2022-03-01-a.md", Self.post)
        let expected = try site.write("expected/_posts/2022-03-01-a.md", Self.post)
        let out = site.url.appendingPathComponent("diagnostics.tsv")
        let script = Fixtures.packageRoot.appendingPathComponent("Tests/editors/neovim.lua")
        let nvim = try ChildProcess.tool(
            ["nvim", "--headless", "-u", "NONE", "-i", "NONE", "-n", "-c", "luafile \(script.path)"], in: site.url,
            environment: ["POSTLINT": PostlintBinary.url.path, "POST": file.path, "OUT": out.path])
        #expect(nvim.status == 0, "\(nvim.stderr)\n\(nvim.stdout)")

        // The finding where the space is: Neovim turns the server's UTF-16 character into the
        // byte column it reports, so a wrong count shows as a wrong byte.
        let line = Array("😀中文𠀀字 “一网通办”。".utf8)
        let space = try #require(line.firstIndex(of: 0x20))
        let shown = try String(contentsOf: out, encoding: .utf8)
        #expect(shown.contains("4\t\(space)\t\(space + 1)\tPL501"), "\(shown)")

        let fix = try PostlintBinary.run(["fix", "--rule", "PL501", expected.path], in: site.url)
        #expect(fix.status == 0, "\(fix.stderr)")
        let saved = try Data(contentsOf: file)
        #expect(saved == (try Data(contentsOf: expected)), "\(String(decoding: saved, as: UTF8.self))")
        #expect(saved != Data(Self.post.utf8))
    }

    @Test func protocolSuitePasses() throws {
        let result = try ChildProcess.tool(
            ["python3", "-m", "pytest", "-q", "-p", "no:cacheprovider", Fixtures.packageRoot.appendingPathComponent("Tests/lsp").path],
            in: Fixtures.packageRoot, environment: ["POSTLINT_BINARY": PostlintBinary.url.path])
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
    }
}
