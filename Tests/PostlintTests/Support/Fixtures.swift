import Foundation
import PostlintEngine
import PostlintModel
import PostlintRules

/// Paths the tests read: the package root, the shared corpus beside it, the built binary.
enum Fixtures {
    static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let corpus = packageRoot.deletingLastPathComponent().appendingPathComponent("shared/corpus")
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
                    environment: [String: String] = [:]) throws -> CommandResult {
        let process = Process()
        process.executableURL = url
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
        if let stdin { input.fileHandleForWriting.write(stdin) }
        try input.fileHandleForWriting.close()
        // Read both pipes before waiting so a large report cannot fill a pipe and stall.
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return CommandResult(
            status: process.terminationStatus,
            stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self))
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
