import Foundation
import Testing

/// Peak memory on a 100 MB post stays under ten times the file's size plus 64 MB: the Markdown is
/// parsed a part at a time, each finding is folded or kept as its rule hands it over, and pattern
/// rules match a window at a time. Measured as the child's peak resident set by the kernel
/// (`getrusage`), on posts built from the corpora: the HTML bodies of `finews`, the Markdown of
/// `wangxin93` (code, tables and link reference definitions), and one line with three
/// findings repeated until the post is 100 MB (about five million findings). The release build
/// is measured, as users run it (and a debug build takes minutes to convert such a post).
@Suite(.serialized) struct BigPostMemoryTests {
    static let size = 100_000_000

    /// `check`, `fix` and `convert --to markdown` of each post, each within the bound.
    @Test(arguments: [("finews", ["check", "fix", "convert"]), ("wangxin93", ["check", "fix", "convert"]), ("many-findings", ["check", "fix", "convert"])])
    func staysWithinTenTimesTheSize(kind: String, commands: [String]) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("postlint-big-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let post = folder.appendingPathComponent("2022-03-01-big.md")
        try Self.write(kind, to: post)
        let bytes = try #require(try FileManager.default.attributesOfItem(atPath: post.path)[.size] as? Int)
        let bound = (10 * bytes + 64 << 20) / 1024
        let output = folder.appendingPathComponent("converted")
        for command in commands.map({ $0 == "check" ? [$0, "--no-code-frame"] : $0 == "convert" ? [$0, "--to", "markdown", "--output", output.path] : [$0] }) {
            let (peak, status, report) = try Self.peakKilobytes(command + [post.path])
            print("\(kind): \(command[0]) of \(bytes / 1_000_000) MB: peak \(peak / 1024) MB, bound \(bound / 1024) MB")
            #expect(status == 0 || status == 1, "\(command[0]) exited \(status): \(report)")
            #expect(peak <= bound, "\(kind): \(command[0]) peaked at \(peak / 1024) MB, over ten times the \(bytes / 1_000_000) MB post plus 64 MB")
        }
    }

    /// A post of about `size` bytes: front matter, then bodies from the corpus (or one line with
    /// a stray space before a quote, a half-width comma in Chinese and trailing spaces).
    static func write(_ kind: String, to url: URL) throws {
        var body: [UInt8] = []
        if kind != "many-findings" {
            for file in Fixtures.files(under: Fixtures.corpus.appendingPathComponent("\(kind)/_posts")) {
                let text = [UInt8](try Data(contentsOf: file))
                // The body: what follows the second `---` line.
                guard let close = text.indices.dropFirst(3).first(where: { text[$0] == 0x0A && text[($0 + 1)...].starts(with: Array("---\n".utf8)) })
                else { continue }
                body += text[(close + 5)...] + [0x0A, 0x0A]
            }
        } else {
            body = Array("这是 “一网通办” 的测试,包含English混排 。还有trailing   \n\n".utf8)
        }
        precondition(!body.isEmpty)
        let handle = try FileHandle(forWritingTo: { FileManager.default.createFile(atPath: url.path, contents: nil); return url }())
        defer { try? handle.close() }
        try handle.write(contentsOf: Array("---\ntitle: Big\ndate: 2022-03-01 10:00:00 +0800\n---\n".utf8))
        var written = 0
        while written < size {
            try handle.write(contentsOf: body)
            written += body.count
        }
    }

    /// Runs postlint under a Python parent that reports its only child's peak resident set.
    static func peakKilobytes(_ arguments: [String]) throws -> (Int, Int32, String) {
        let script = """
        import resource, subprocess, sys
        r = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        sys.stderr.write(r.stderr.decode("utf-8", "replace")[-400:])
        print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, r.returncode)
        """
        let result = try ChildProcess.tool(["python3", "-c", script, try ReleaseBinary.url.get().path] + arguments)
        let fields = result.stdout.split(separator: " ").map { String($0).trimmingCharacters(in: .whitespacesAndNewlines) }
        guard fields.count == 2, let peak = Int(fields[0]), let status = Int32(fields[1]) else {
            throw MeasureFailure(output: result.stdout + result.stderr)
        }
        return (peak, status, result.stderr)
    }

    struct MeasureFailure: Error, CustomStringConvertible {
        let output: String
        var description: String { "could not measure: \(output)" }
    }
}
