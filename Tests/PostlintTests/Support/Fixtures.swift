import Foundation
import PostlintEngine
import PostlintModel
import PostlintRules
import Testing

/// Paths the tests read: the package root, the shared corpus beside it, the built binary.
enum Fixtures {
    static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let corpus = packageRoot.deletingLastPathComponent().appendingPathComponent("shared/corpus")
    /// The corpora the first tests were written for: `finews`, `jekyll-docs`, `wangxin93` and
    /// `seed`. Tests that walk "the whole corpus" walk these; `blogs-zh` and `web-pages` came
    /// later, and the site, precision and conversion tests written for them cover them.
    static let originalCorpora = ["finews", "jekyll-docs", "wangxin93", "seed"].map { corpus.appendingPathComponent($0) }
    static var originalCorpusPaths: [String] { originalCorpora.map(\.path) }

    /// Every file of the original corpora, sorted.
    static func originalCorpusFiles(extensions: Set<String>? = nil) -> [URL] {
        originalCorpora.flatMap { files(under: $0, extensions: extensions) }
    }

    /// A theme's layout as real sites have them: an include, a script mount point, a script.
    static let layout = """
        <!DOCTYPE html>
        <html lang="zh-CN">
        {% include head.html %}
        <body>
          <div id="disqus_thread"></div>
          {{ content }}
          <script src="/assets/site.js"></script>
        </body>
        </html>

        """

    /// An include is a fragment: it opens what another file closes.
    static let headInclude = "<head>\n  <meta charset=\"utf-8\">\n  <title>{{ page.title }}</title>\n"

    static let reference = packageRoot.deletingLastPathComponent().appendingPathComponent("shared/reference")
    static let samples = packageRoot.appendingPathComponent("samples")

    /// 2026-01-01 00:00 UTC: a fixed "now" so that date rules give the same answer every day.
    static let now = PostDate.parse("2026-01-01 00:00:00 +0000")!.epochSeconds()

    static func lint(_ bytes: [UInt8], path: String = "_posts/2022-03-01-example.md",
                     configuration: Configuration = Configuration()) -> [Diagnostic] {
        Linter(environment: LintEnvironment(now: now)).lint(Post(path: path, bytes: bytes), configuration: configuration)
    }

    /// Every file under a folder, sorted.
    static func files(under folder: URL, extensions: Set<String>? = nil) -> [URL] {
        guard let walker = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey]) else { return [] }
        var found: [URL] = []
        for case let url as URL in walker where (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true {
            if let extensions, !extensions.contains(url.pathExtension) { continue }
            found.append(url)
        }
        return found.sorted { $0.path < $1.path }
    }
}

/// Runs the built `postlint` binary and captures what it does.
struct CommandResult {
    let status: Int32
    let stdout: String
    let stderr: String
}

enum PostlintBinary {
    static var url: URL {
        // The test bundle sits in the same build folder as the executable.
        let candidates = [Bundle.main.bundleURL, Bundle.main.bundleURL.deletingLastPathComponent()]
            + Bundle.allBundles.map { $0.bundleURL.deletingLastPathComponent() }
        for folder in candidates {
            let url = folder.appendingPathComponent("postlint")
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        return Fixtures.packageRoot.appendingPathComponent(".build/debug/postlint")
    }

    @discardableResult
    static func run(_ arguments: [String], stdin: Data? = nil, in directory: URL? = nil,
                    environment: [String: String] = [:], whileRunning: ((Process) -> Void)? = nil) throws -> CommandResult {
        try ChildProcess.run(url, arguments, stdin: stdin, in: directory, environment: environment, whileRunning: whileRunning)
    }
}

/// The release build of `postlint`, as users run it (`scripts/build`: the Swift runtime linked
/// in), for tests that measure it and for the release archive: built once per test run into a
/// build folder of its own (`swift test` holds the lock on `.build`).
enum ReleaseBinary {
    static let scratch = Fixtures.packageRoot.appendingPathComponent(".build-release-tests")

    static let url: Result<URL, BuildFailure> = {
        guard let result = try? ChildProcess.tool(["scripts/build", "--scratch-path", scratch.path], in: Fixtures.packageRoot), result.status == 0 else {
            return .failure(BuildFailure())
        }
        return .success(scratch.appendingPathComponent("release/postlint"))
    }()

    struct BuildFailure: Error, CustomStringConvertible {
        var description: String { "scripts/build --scratch-path .build-release-tests failed" }
    }
}

/// Runs any program with its standard input given and both outputs captured.
enum ChildProcess {
    /// A child still running after `timeout` seconds is killed, so that a hang fails its test
    /// instead of stalling the suite; `whileRunning` gets the started process (to signal it).
    @discardableResult
    static func run(_ executable: URL, _ arguments: [String], stdin: Data? = nil, in directory: URL? = nil,
                    environment: [String: String] = [:], timeout: TimeInterval = 1_200,
                    whileRunning: ((Process) -> Void)? = nil) throws -> CommandResult {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        var env = ProcessInfo.processInfo.environment
        env.merge(environment) { _, new in new }
        process.environment = env
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        let pid = process.processIdentifier
        let watchdog = DispatchWorkItem { kill(pid, SIGKILL) }
        DispatchQueue.global().asyncAfter(deadline: .now() + timeout, execute: watchdog)
        defer { watchdog.cancel() }
        whileRunning?(process)
        if let stdin { input.fileHandleForWriting.write(stdin) }
        try input.fileHandleForWriting.close()
        // Both pipes are read at once: read one to its end first, and a child that fills the
        // other (EPUBCheck's thousands of messages) waits for a reader that never comes.
        let (outData, errData) = readBoth(out.fileHandleForReading, err.fileHandleForReading)
        process.waitUntilExit()
        let killed = process.terminationReason == .uncaughtSignal && process.terminationStatus == SIGKILL
        return CommandResult(
            status: process.terminationStatus,
            stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self) + (killed ? "\n(killed: still running after \(Int(timeout)) s)" : ""))
    }

    /// A program found on the PATH, as `env` finds it.
    @discardableResult
    static func tool(_ arguments: [String], stdin: Data? = nil, in directory: URL? = nil,
                     environment: [String: String] = [:]) throws -> CommandResult {
        try run(URL(fileURLWithPath: "/usr/bin/env"), arguments, stdin: stdin, in: directory, environment: environment)
    }
}

/// Reads two pipes to their ends at the same time: the second on a thread of its own.
func readBoth(_ first: FileHandle, _ second: FileHandle) -> (Data, Data) {
    final class Box: @unchecked Sendable { var data = Data() }
    let box = Box()
    let done = DispatchSemaphore(value: 0)
    Thread.detachNewThread {
        box.data = readToEnd(second)
        done.signal()
    }
    let firstData = readToEnd(first)
    done.wait()
    return (firstData, box.data)
}

/// Everything a pipe holds until it closes, read with `read(2)` and read again when a signal
/// interrupts it (Foundation's `readDataToEndOfFile` traps on EINTR).
func readToEnd(_ handle: FileHandle) -> Data {
    var data = Data()
    var buffer = [UInt8](repeating: 0, count: 65_536)
    while true {
        let count = buffer.withUnsafeMutableBytes { read(handle.fileDescriptor, $0.baseAddress, $0.count) }
        if count > 0 { data.append(contentsOf: buffer[..<count]); continue }
        if count < 0, errno == EINTR { continue }
        return data
    }
}

/// A scratch folder removed when the test ends.
final class TemporaryFolder {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("postlint-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    @discardableResult
    func write(_ relative: String, _ text: String) throws -> URL {
        try write(relative, Data(text.utf8))
    }

    @discardableResult
    func write(_ relative: String, _ data: Data) throws -> URL {
        let file = url.appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: file)
        return file
    }

    deinit { try? FileManager.default.removeItem(at: url) }
}

/// Recorded outputs under `Tests/Golden/`, rewritten when `POSTLINT_UPDATE_GOLDEN=1`.
enum Golden {
    static let folder = Fixtures.packageRoot.appendingPathComponent("Tests/Golden")
    static var updating: Bool { ProcessInfo.processInfo.environment["POSTLINT_UPDATE_GOLDEN"] == "1" }

    /// Expects `actual` to equal the golden file `name`, or rewrites the file when updating;
    /// a difference is shown line by line.
    static func compare(_ actual: String, with name: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        let file = folder.appendingPathComponent(name)
        if updating {
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(actual.utf8).write(to: file)
            return
        }
        let expected = (try? String(contentsOf: file, encoding: .utf8)) ?? ""
        guard actual != expected else { return }
        let old = expected.split(separator: "\n", omittingEmptySubsequences: false), new = actual.split(separator: "\n", omittingEmptySubsequences: false)
        let difference = new.difference(from: old).map { change -> String in
            switch change {
            case .insert(_, let line, _): return "+ \(line)"
            case .remove(_, let line, _): return "- \(line)"
            }
        }
        Issue.record("Tests/Golden/\(name) differs (POSTLINT_UPDATE_GOLDEN=1 rewrites it):\n\(difference.joined(separator: "\n"))", sourceLocation: sourceLocation)
    }
}
