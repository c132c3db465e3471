import Foundation
import Testing

/// Inputs built to break a linter: every one gets an answer (a finding with its place, or a
/// clear error), never a crash or a hang, and the file stays byte-identical unless `fix` had a
/// safe repair to make.
@Suite struct HostileInputTests {
    static let header = "---\ntitle: \"t\"\ndate: 2022-03-01 10:00:00 +0800\n---\n"

    /// Checks and fixes `data` as a post; returns both runs and the bytes `fix` left.
    private func run(_ data: Data, name: String = "_posts/2022-03-01-x.md", fix: Bool = true) throws -> (check: CommandResult, fix: CommandResult?, after: Data) {
        let folder = try TemporaryFolder()
        let file = try folder.write(name, data)
        let check = try PostlintBinary.run(["check", "--no-code-frame", file.path])
        #expect(try Data(contentsOf: file) == data, "check never writes")
        let fixed = fix ? try PostlintBinary.run(["fix", "--no-code-frame", file.path]) : nil
        return (check, fixed, try Data(contentsOf: file))
    }

    @Test func nulBytesInTheBody() throws {
        let data = Data((Self.header + "正文\u{0}还有\n").utf8)
        let (check, fix, after) = try run(data)
        #expect(check.status == 1 && check.stdout.contains(":5:3: error [PL602/binary-file] a NUL byte at byte offset 57"), "\(check.stdout)")
        #expect(fix?.status == 1 && after == data, "a file that is not text is never written")
    }

    @Test func invalidUTF8InTheBody() throws {
        var data = Data((Self.header + "正文").utf8)
        data.append(contentsOf: [0xE4, 0xB8])
        data.append(Data("\n".utf8))
        let (check, _, after) = try run(data)
        #expect(check.stdout.contains(":5:3: error [PL601/invalid-utf8] not valid UTF-8: byte 0xE4 at byte offset 57"), "\(check.stdout)")
        #expect(after == data)
    }

    @Test func byteOrderMark() throws {
        let data = Data(("\u{FEFF}" + Self.header + "正文。\n").utf8)
        let (check, fix, after) = try run(data)
        // Jekyll strips the mark, so the front matter is found; the mark itself is reported.
        #expect(check.stdout.contains(":1:1: warning [PL607/byte-order-mark]") && !check.stdout.contains("PL102"), "\(check.stdout)")
        #expect(fix?.status == 0 && after == data.dropFirst(3), "fix removes exactly the mark")
    }

    /// A post saved as UTF-16 (with or without a byte order mark) is named as such, with the
    /// command that converts it, and never written.
    @Test(arguments: [("UTF-16", "UTF-16LE (it starts with a UTF-16 byte order mark)"), ("UTF-16BE", "UTF-16BE (NUL bytes between ASCII characters)")])
    func utf16IsNamed(encoding: String, named: String) throws {
        let text = Self.header + "正文。\n"
        let data = try #require(text.data(using: encoding == "UTF-16" ? .utf16LittleEndian : .utf16BigEndian).map { encoding == "UTF-16" ? Data([0xFF, 0xFE]) + $0 : $0 })
        let (check, fix, after) = try run(data)
        #expect(check.stdout.contains(":1:1: error [PL601/invalid-utf8] the file is \(named), not UTF-8"), "\(check.stdout)")
        #expect(!check.stdout.contains("PL602"), "not called binary")
        #expect(fix?.status == 1 && after == data)
    }

    /// Text from the post in a message or a code frame cannot reach the terminal as control
    /// characters, and libxml2's quotes of the post on further lines stay out of the one-line
    /// report: every line of the text report is a finding, its frame or the summary.
    @Test func controlCharactersAndQuotedLinesStayOutOfTheReport() throws {
        let data = Data((Self.header + "<p>a <x\u{1B}]0;title\u{07}> \u{9B}31m\n\n<!-- 注释\u{1B}[2J\nline two\n\nthird\n").utf8)
        let folder = try TemporaryFolder()
        let file = try folder.write("_posts/2022-03-01-x.md", data)
        let check = try PostlintBinary.run(["check", "--color", "always", file.path])
        let painted = ["\u{1B}[31m", "\u{1B}[33m", "\u{1B}[34m", "\u{1B}[0m"].reduce(check.stdout) { $0.replacingOccurrences(of: $1, with: "") }
        #expect(!painted.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" || (0x7F...0x9F).contains($0.value) }, "\(painted.debugDescription)")
        let lines = painted.split(separator: "\n")
        #expect(lines.allSatisfy { $0.hasPrefix(file.path) || $0.contains(" | ") || $0.contains("file checked") }, "\(painted)")
        #expect(painted.contains(":7:1: error [PL402/html-parse-error] `<!--` opens a comment that is never closed"), "\(painted)")
    }

    @Test func carriageReturnOnlyLineEndings() throws {
        let text = Self.header + "正文。\n"
        let data = Data(text.replacingOccurrences(of: "\n", with: "\r").utf8)
        let (check, fix, after) = try run(data)
        #expect(check.stdout.contains(":1:4: warning [PL605/line-endings] CR line endings on 5 lines; expected LF"), "\(check.stdout)")
        #expect(fix?.status == 0 && after == Data(text.utf8), "fix turns every CR into LF and nothing else")
    }

    @Test func aHundredMegabytePost() throws {
        let paragraph = String(repeating: "这是一段很长的正文，用来测试大文件。", count: 20) + "\n\n"
        let body = String(repeating: paragraph, count: 100 * 1024 * 1024 / paragraph.utf8.count + 1)
        let data = Data((Self.header + body).utf8)
        let (check, _, after) = try run(data, fix: false)
        #expect(check.status == 0 && check.stdout.contains("1 file checked: no problems"), "\(check.stdout.prefix(300))")
        #expect(after == data)
    }

    @Test func aTenMegabyteLine() throws {
        let line = String(repeating: "正文，", count: 10 * 1024 * 1024 / 9) + "结尾 “引号”"
        let data = Data((Self.header + line + "\n").utf8)
        let (check, fix, after) = try run(data)
        #expect(check.status == 0 && check.stdout.contains(":5:\(line.utf16.count - 4): warning [PL501/space-around-fullwidth-quote]"), "\(check.stdout.prefix(300))")
        #expect(fix?.status == 0 && after == Data((Self.header + line.replacingOccurrences(of: "结尾 “", with: "结尾“") + "\n").utf8), "exactly the stray space removed")
    }

    /// Inputs built to give a rule a finding at every few bytes of one line (unclosed elements,
    /// stray spaces, empty elements, unknown tags): ten times the input costs about ten times
    /// the time, not a hundred. A ratio, not a timing: each size's best of two runs, and the
    /// smaller one at least 50 ms so that start-up noise cannot make the ratio.
    @Test(arguments: ["<span>", "正文 。", "<p></p>", "<x>", "“引” ", "[a](b) "])
    func manyFindingsOnOneLineCostLinearTime(unit: String) throws {
        func seconds(_ size: Int) throws -> Double {
            let body = String(repeating: unit, count: size / unit.utf8.count)
            let folder = try TemporaryFolder()
            let file = try folder.write("_posts/2022-03-01-x.md", Data((Self.header + body + "\n").utf8))
            var best = Double.infinity
            for _ in 0..<2 {
                let start = DispatchTime.now().uptimeNanoseconds
                _ = try PostlintBinary.run(["check", "--no-code-frame", "--format", "json", file.path])
                best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
            }
            return best
        }
        let small = try seconds(100_000), large = try seconds(1_000_000)
        #expect(large < 20 * max(small, 0.05), "\(unit): 100 KB in \(small) s, 1 MB in \(large) s")
    }

    /// The same for `fix` over deletions on one line that does not end with them (each
    /// deletion's blanks are looked at for the line's end, once per run of deletions), and over
    /// elements that each look for a list marker before them.
    @Test(arguments: ["<p></p> ", "<span></span>"])
    func manyDeletionsOnOneLineFixInLinearTime(unit: String) throws {
        func seconds(_ size: Int) throws -> Double {
            let body = String(repeating: unit, count: size / unit.utf8.count) + "正文"
            let folder = try TemporaryFolder()
            var best = Double.infinity
            for _ in 0..<2 {
                let file = try folder.write("_posts/2022-03-01-x.md", Data((Self.header + body + "\n").utf8))
                let start = DispatchTime.now().uptimeNanoseconds
                _ = try PostlintBinary.run(["fix", "--unsafe", "--select", "empty-element,trailing-whitespace", file.path])
                best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
            }
            return best
        }
        let small = try seconds(100_000), large = try seconds(1_000_000)
        #expect(large < 20 * max(small, 0.05), "\(unit): 100 KB in \(small) s, 1 MB in \(large) s")
    }

    /// A Markdown output is matched with its source block by block; a post of a hundred
    /// thousand alike blocks (one changed by cleaning, so that they are matched) converts in
    /// linear time, as the rest of it does.
    @Test func manyAlikeBlocksConvertInLinearTime() throws {
        func seconds(_ size: Int) throws -> Double {
            let body = "Ｄocker is here\n\n" + String(repeating: "a\n\n", count: size / 3)
            let folder = try TemporaryFolder()
            let file = try folder.write("_posts/2022-03-01-x.md", Data((Self.header + body).utf8))
            var best = Double.infinity
            for _ in 0..<2 {
                let start = DispatchTime.now().uptimeNanoseconds
                let result = try PostlintBinary.run(["convert", "--to", "markdown", file.path])
                #expect(result.status == 0, "\(result.stderr.prefix(300))")
                best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
            }
            return best
        }
        let small = try seconds(100_000), large = try seconds(1_000_000)
        #expect(large < 20 * max(small, 0.05), "100 KB in \(small) s, 1 MB in \(large) s")
    }

    @Test func aHundredThousandNestedDivs() throws {
        let data = Data((Self.header + String(repeating: "<div>", count: 100_000) + "正文" + String(repeating: "</div>", count: 100_000) + "\n").utf8)
        let (check, fix, after) = try run(data, name: "_posts/2022-03-01-x.html")
        #expect(check.status == 0 && check.stdout.contains("1 file checked"), "\(check.stdout.prefix(300))")
        #expect(fix?.status == 0 && after == data)
        try convertsFlattened(data, name: "_posts/2022-03-01-x.html")
    }

    /// Conversion flattens what is nested too deep, says so, and keeps the text.
    private func convertsFlattened(_ data: Data, name: String) throws {
        let folder = try TemporaryFolder()
        let file = try folder.write(name, data)
        for format in ["markdown", "xhtml"] {
            let converted = try PostlintBinary.run(["convert", "--to", format, file.path])
            #expect(converted.status == 0 && converted.stdout.contains("正文"), "\(format): \(converted.stderr.prefix(300))")
            #expect(converted.stderr.contains("warning [convert] elements nested more than 64 deep were flattened"), "\(format): \(converted.stderr.prefix(300))")
        }
    }

    @Test func aHundredThousandNestedBlockquotesAndListItems() throws {
        for nesting in [String(repeating: ">", count: 100_000) + " 正文\n", String(repeating: "- ", count: 100_000) + "正文\n",
                        String(repeating: "1. ", count: 100_000) + "正文\n"] {
            let data = Data((Self.header + nesting).utf8)
            let (check, fix, after) = try run(data)
            #expect(check.status == 0 && check.stdout.contains("1 file checked"), "\(check.stdout.prefix(300))")
            #expect(fix?.status == 0 && after == data)
            try convertsFlattened(data, name: "_posts/2022-03-01-x.md")
        }
    }

    @Test func aYAMLAliasBomb() throws {
        var yaml = "---\na: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
        for (name, previous) in zip("bcdefghi", "abcdefgh") {
            yaml += "\(name): &\(name) [" + Array(repeating: "*\(previous)", count: 9).joined(separator: ",") + "]\n"
        }
        let data = Data((yaml + "title: \"t\"\n---\n正文\n").utf8)
        let (check, fix, after) = try run(data)
        #expect(check.status == 1 && check.stdout.contains("error [PL104/front-matter-invalid-yaml] front matter is not valid YAML: aliases expand to more than 100000 nodes"), "\(check.stdout)")
        #expect(fix?.status == 1 && after == data, "a post whose front matter cannot be read is not written")
    }

    @Test func deeplyNestedYAML() throws {
        let block = "---\n" + (0..<5000).map { String(repeating: "  ", count: $0) + "k:\n" }.joined() + "---\n正文\n"
        let flow = "---\ntitle: " + String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000) + "\n---\n正文\n"
        for text in [block, flow] {
            let data = Data(text.utf8)
            let (check, fix, after) = try run(data)
            #expect(check.status == 1 && check.stdout.contains("front matter is not valid YAML: nesting is deeper than 256 levels"), "\(check.stdout.prefix(300))")
            #expect(fix?.status == 1 && after == data)
        }
    }

    /// An XHTML output is read back by libxml2's XML parser, which refuses an attribute value over
    /// 10 MB unless told otherwise: a post with such a link (and a paragraph that long) converts,
    /// and nothing is reported lost.
    @Test func aLinkAndAParagraphOverTenMegabytesConvert() throws {
        let long = String(repeating: "a", count: 11_000_000)
        let data = Data((Self.header + "[链接](http://e.com/\(long)) 正文 \(long)\n").utf8)
        let folder = try TemporaryFolder()
        let file = try folder.write("_posts/2022-03-01-x.md", data)
        for format in ["markdown", "xhtml"] {
            let converted = try PostlintBinary.run(["convert", "--to", format, file.path])
            #expect(converted.status == 0 && !converted.stderr.contains("error"), "\(format): \(converted.stderr.prefix(300))")
            #expect(converted.stdout.contains("正文"), "\(format)")
        }
    }

    @Test func anEntityExpansionBombIsNeverExpanded() throws {
        var doctype = "<!DOCTYPE lolz [<!ENTITY lol \"lol\">"
        for level in 2...9 {
            doctype += "<!ENTITY lol\(level) \"" + String(repeating: "&lol\(level == 2 ? "" : String(level - 1));", count: 10) + "\">"
        }
        let data = Data((Self.header + doctype + "]>\n<p>&lol9;</p>\n").utf8)
        let (check, fix, after) = try run(data, name: "_posts/2022-03-01-x.html")
        #expect(check.status == 1 && check.stdout.contains("error [PL402/html-parse-error] malformed HTML"), "\(check.stdout)")
        #expect(fix?.status == 1 && after == data)
        let folder = try TemporaryFolder()
        let file = try folder.write("_posts/2022-03-01-x.html", data)
        for format in ["markdown", "xhtml"] {
            let converted = try PostlintBinary.run(["convert", "--to", format, file.path])
            #expect(!converted.stdout.contains("lollol") && converted.stdout.utf8.count < 10_000, "\(format): \(converted.stdout.prefix(300))")
        }
    }

    /// External entities and DTDs name a local file and a server on loopback; the file's text
    /// must not appear and the server must see no connection.
    @Test func externalEntitiesAreNeverFetched() throws {
        let server = try LoopbackListener()
        let html = """
            <!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd"><!ENTITY net SYSTEM "http://127.0.0.1:\(server.port)/entity">]>
            <p>&xxe; &net;</p>
            <!DOCTYPE html SYSTEM "http://127.0.0.1:\(server.port)/evil.dtd">
            <p><img src="http://127.0.0.1:\(server.port)/image.png" alt="i"></p>

            """
        let data = Data((Self.header + html).utf8)
        let folder = try TemporaryFolder()
        let file = try folder.write("_posts/2022-03-01-x.html", data)
        let check = try PostlintBinary.run(["check", file.path])
        #expect(check.status == 1 && check.stdout.contains("PL402/html-parse-error"))
        var outputs = check.stdout
        for format in ["markdown", "xhtml"] {
            outputs += try PostlintBinary.run(["convert", "--to", format, file.path]).stdout
        }
        let book = folder.url.appendingPathComponent("b.epub").path
        #expect(try PostlintBinary.run(["convert", "--to", "epub", "--images", "link", "-o", book, file.path]).status <= 1)
        #expect(!outputs.contains("root:x:0:0"), "the local file was read into the output")
        #expect(server.connections() == 0, "something was fetched from the network")
        #expect(try Data(contentsOf: file) == data)
    }

    @Test func aDanglingSymlinkAndADirectoryNamedLikeAPost() throws {
        let folder = try TemporaryFolder()
        let dangling = folder.url.appendingPathComponent("gone.md")
        try FileManager.default.createSymbolicLink(atPath: dangling.path, withDestinationPath: folder.url.appendingPathComponent("missing.md").path)
        let directory = folder.url.appendingPathComponent("folder.md")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let result = try PostlintBinary.run(["check", dangling.path])
        #expect(result.status == 2 && result.stdout.contains("gone.md: error: cannot open: No such file or directory"), "\(result.stdout)")
        let fixed = try PostlintBinary.run(["fix", dangling.path])
        #expect(fixed.status == 2 && fixed.stdout.contains("gone.md: error: cannot open: No such file or directory"))
        // A folder named like a post is walked as a folder, and as an argument it is a folder.
        let walked = try PostlintBinary.run(["check", directory.path])
        #expect(walked.status == 0 && walked.stderr.contains("no .md, .markdown or .html files found"), "\(walked.stderr)")
    }

    /// `fix` reads, works, then writes; a file edited in between keeps the edit.
    @Test func aFileThatChangesWhileFixRuns() throws {
        let folder = try TemporaryFolder()
        let body = String(repeating: "正文 “引号” 还有很多字。\n\n", count: 100_000)
        let file = try folder.write("_posts/2022-03-01-x.md", Self.header + body)
        let process = Process()
        process.executableURL = PostlintBinary.url
        process.arguments = ["fix", "--no-code-frame", file.path]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = out
        try process.run()
        // Wait until postlint has read the whole file (its read count passes the file size).
        let size = try FileManager.default.attributesOfItem(atPath: file.path)[.size] as! Int
        var read = 0
        while process.isRunning, read < size {
            let io = (try? String(contentsOfFile: "/proc/\(process.processIdentifier)/io", encoding: .utf8)) ?? ""
            read = io.split(separator: "\n").first { $0.hasPrefix("rchar:") }.flatMap { Int($0.dropFirst(6).trimmingCharacters(in: .whitespaces)) } ?? 0
            usleep(2000)
        }
        let edited = Data(("---\ntitle: \"edited\"\n---\n" + "我改了它 “这里”\n").utf8)
        try edited.write(to: file)
        let output = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(read >= size, "postlint finished before it read the file")
        #expect(process.terminationStatus == 2 && output.contains("\(file.path): error: changed on disk while postlint ran; not written"), "\(output.suffix(500))")
        #expect(try Data(contentsOf: file) == edited)
        #expect(try FileManager.default.contentsOfDirectory(atPath: file.deletingLastPathComponent().path) == ["2022-03-01-x.md"], "no temporary file left")
    }

    @Test func aHostileTitleAndSlugCannotChooseAnOutputPath() throws {
        let folder = try TemporaryFolder()
        let text = "---\ntitle: \"../../etc/passwd\"\nslug: \"../../../etc/cron.d/x\"\npermalink: /../../etc/\ndate: 2022-03-01 10:00:00 +0800\n---\n<p>正文</p>\n"
        let posts = folder.url.appendingPathComponent("in/_posts")
        try folder.write("in/_posts/2022-03-01-..%2F..%2Fetc.md", text)
        let outside = folder.url.appendingPathComponent("etc")
        let book = folder.url.appendingPathComponent("out/book.epub")
        try FileManager.default.createDirectory(at: book.deletingLastPathComponent(), withIntermediateDirectories: true)
        #expect(try PostlintBinary.run(["convert", "--to", "epub", "-o", book.path, posts.path]).status == 0)
        #expect(try PostlintBinary.run(["convert", "--to", "xhtml", "-o", folder.url.appendingPathComponent("out/x").path, posts.path]).status == 0)
        #expect(try PostlintBinary.run(["convert", "--to", "markdown", "-o", folder.url.appendingPathComponent("out/m").path, posts.path]).status == 0)
        #expect(!FileManager.default.fileExists(atPath: outside.path))
        let written = Fixtures.files(under: folder.url).map { $0.path }
        #expect(written.allSatisfy { $0.hasPrefix(folder.url.appendingPathComponent("in").path) || $0.hasPrefix(folder.url.appendingPathComponent("out").path) }, "\(written)")
        let listing = try CIGateTests.tool(["python3", "-c", "import sys, zipfile; print('\\n'.join(zipfile.ZipFile(sys.argv[1]).namelist()))", book.path]).stdout.split(separator: "\n")
        #expect(!listing.isEmpty && listing.allSatisfy { !$0.contains("..") && !$0.hasPrefix("/") }, "\(listing)")
    }
}

/// A TCP listener on 127.0.0.1 that counts the connections it was offered.
final class LoopbackListener {
    let port: Int
    private let socket: Int32

    init() throws {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, length) } }
        guard bound == 0, listen(socket, 16) == 0 else { throw CocoaError(.fileWriteUnknown) }
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socket, $0, &length) } }
        _ = fcntl(socket, F_SETFL, fcntl(socket, F_GETFL) | O_NONBLOCK)
        self.socket = socket
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    /// Connections waiting to be accepted: the kernel completes them without our accepting.
    func connections() -> Int {
        var count = 0
        while case let client = accept(socket, nil, nil), client >= 0 {
            close(client)
            count += 1
        }
        return count
    }

    deinit { close(socket) }
}
