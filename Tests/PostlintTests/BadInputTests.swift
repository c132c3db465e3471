import Foundation
import Testing

/// Inputs that are not well-formed posts: each gets a clear message, never a crash, and the
/// file is left byte-identical.
@Suite struct BadInputTests {
    private func check(_ data: Data, name: String = "_posts/2022-03-01-x.md") throws -> (CommandResult, Data, URL) {
        let folder = try TemporaryFolder()
        let file = try folder.write(name, data)
        let result = try PostlintBinary.run(["check", file.path])
        let after = try Data(contentsOf: file)
        withExtendedLifetime(folder) {}
        return (result, after, file)
    }

    @Test func invalidUTF8IsReportedWithItsByteOffset() throws {
        var bytes = Data("---\ntitle: \"标题".utf8)
        bytes.append(0xFF)
        bytes.append(Data("\"\n---\n".utf8))
        let (result, after, _) = try check(bytes)
        #expect(result.status == 1)
        #expect(result.stdout.contains(":2:11: error [PL601/invalid-utf8] not valid UTF-8: byte 0xFF at byte offset 18"), "\(result.stdout)")
        #expect(after == bytes)
    }

    @Test func binaryFileIsReportedNotParsed() throws {
        let bytes = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00])
        let (result, after, _) = try check(bytes)
        #expect(result.status == 1)
        #expect(result.stdout.contains("[PL602/binary-file] a NUL byte at byte offset 8"))
        #expect(!result.stdout.contains("PL101"), "nothing else is checked in a binary file")
        #expect(after == bytes)
    }

    @Test func emptyFileHasNoFrontMatter() throws {
        let (result, _, _) = try check(Data())
        #expect(result.status == 1)
        #expect(result.stdout.contains(":1:1: error [PL101/front-matter-missing]"))
    }

    @Test func onlyTheOpeningDelimiter() throws {
        let (result, _, _) = try check(Data("---".utf8))
        #expect(result.status == 1)
        #expect(result.stdout.contains(":1:1: error [PL103/front-matter-unterminated]"))
    }

    @Test func unreadableFileExitsTwo() throws {
        let folder = try TemporaryFolder()
        let file = try folder.write("_posts/2022-03-01-x.md", "---\ntitle: \"t\"\n---\n")
        try FileManager.default.setAttributes([.posixPermissions: 0o000], ofItemAtPath: file.path)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: folder.url.path)
        // Root reads anything, so the check runs as an unprivileged user when the tests run as root.
        let arguments = getuid() == 0
            ? ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", PostlintBinary.url.path, "check", file.path]
            : [PostlintBinary.url.path, "check", file.path]
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let output = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 2)
        #expect(output.contains("\(file.path): error: cannot open: Permission denied"), "\(output)")
    }

    /// A folder the walk cannot read is reported with the system's reason, and the run exits 2:
    /// the posts inside were not checked, and a gate must not pass them silently.
    @Test func unreadableFolderIsReported() throws {
        let folder = try TemporaryFolder()
        try folder.write("site/_posts/2022-03-01-a.md", "---\ntitle: \"t\"\ndate: 2022-03-01 10:00:00 +0800\n---\n正文。\n")
        try folder.write("site/locked/_posts/2022-03-01-b.md", "---\ntitle: \"t\"\ndate: 2022-03-01 10:00:00 +0800\n---\n正文。\n")
        try FileManager.default.setAttributes([.posixPermissions: 0o000], ofItemAtPath: folder.url.appendingPathComponent("site/locked").path)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: folder.url.path)
        defer { try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: folder.url.appendingPathComponent("site/locked").path) }
        let site = folder.url.appendingPathComponent("site").path
        let result = getuid() == 0
            ? try ChildProcess.tool(["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", PostlintBinary.url.path, "check", site])
            : try PostlintBinary.run(["check", site])
        #expect(result.status == 2, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("\(site)/locked: error: cannot read the folder: Permission denied; the posts in it are not checked"), "\(result.stdout)")
        #expect(result.stdout.contains("1 file had an error"), "\(result.stdout)")
    }

    /// A post whose name is not UTF-8 (Jekyll 4.3 stops the whole build on one) is reported by a
    /// readable name, found by the walk or named on the command line.
    @Test func aFileNameThatIsNotUTF8IsReported() throws {
        let folder = try TemporaryFolder()
        let posts = folder.url.appendingPathComponent("_posts")
        try FileManager.default.createDirectory(at: posts, withIntermediateDirectories: true)
        let name = Array("2022-03-01-caf".utf8) + [0xE9] + Array(".md".utf8)
        let path = Array(posts.path.utf8) + [UInt8(ascii: "/")] + name + [0]
        let descriptor = path.withUnsafeBufferPointer { open(UnsafeRawPointer($0.baseAddress!).assumingMemoryBound(to: CChar.self), O_WRONLY | O_CREAT, 0o644) }
        #expect(descriptor >= 0)
        close(descriptor)
        let walked = try PostlintBinary.run(["check", posts.path])
        #expect(walked.status == 2 && walked.stdout.contains("_posts/2022-03-01-caf\\xE9.md: error: the file name is not valid UTF-8, so it is not checked"), "\(walked.stdout)")
        // The shell hands the raw bytes over: a test child gets them through `sh`.
        let named = try ChildProcess.tool(["sh", "-c", "exec \"$0\" check _posts/2022-03-01-caf$(printf '\\351').md", PostlintBinary.url.path], in: folder.url)
        #expect(named.status == 2 && named.stdout.contains("error: the file name is not valid UTF-8"), "\(named.stdout)\(named.stderr)")
    }

    @Test func directoryAndFifoAndSymlinkLoop() throws {
        let folder = try TemporaryFolder()
        let fifo = folder.url.appendingPathComponent("pipe.md")
        #expect(mkfifo(fifo.path, 0o644) == 0)
        let loop = folder.url.appendingPathComponent("loop.md")
        try FileManager.default.createSymbolicLink(atPath: loop.path, withDestinationPath: loop.path)
        let result = try PostlintBinary.run(["check", fifo.path, loop.path])
        #expect(result.status == 2)
        #expect(result.stdout.contains("pipe.md: error: is a FIFO, not a regular file"))
        #expect(result.stdout.contains("loop.md: error: cannot open: Too many levels of symbolic links"), "\(result.stdout)")
    }
}
