import Foundation

/// The files git knows as changed or staged, as absolute paths.
public enum GitFiles {
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// Changed since `revision` in the working tree, plus untracked files not ignored.
    public static func changed(since revision: String) throws -> Set<String> {
        let root = try run(["rev-parse", "--show-toplevel"]).trimmingCharacters(in: .whitespacesAndNewlines)
        let changed = try run(["diff", "--name-only", "-z", "--diff-filter=ACMR", revision, "--"])
        let untracked = try run(["ls-files", "-z", "--others", "--exclude-standard"])
        return Set((changed + untracked).split(separator: "\0").map { (root as NSString).appendingPathComponent(String($0)) })
    }

    /// Staged for the next commit (added, copied, modified, renamed).
    public static func staged() throws -> Set<String> {
        let root = try run(["rev-parse", "--show-toplevel"]).trimmingCharacters(in: .whitespacesAndNewlines)
        let names = try run(["diff", "--cached", "--name-only", "-z", "--diff-filter=ACMR"])
        return Set(names.split(separator: "\0").map { (root as NSString).appendingPathComponent(String($0)) })
    }

    /// A file's staged content.
    public static func stagedContent(_ path: String) throws -> [UInt8] {
        let root = try run(["rev-parse", "--show-toplevel"]).trimmingCharacters(in: .whitespacesAndNewlines)
        let absolute = (path as NSString).isAbsolutePath ? path : (FileManager.default.currentDirectoryPath as NSString).appendingPathComponent(path)
        let standardized = (absolute as NSString).standardizingPath
        let relative = standardized.hasPrefix(root + "/") ? String(standardized.dropFirst(root.count + 1)) : path
        return Array(try runData(["show", ":" + relative]))
    }

    /// Whether `folder` is inside a git work tree (false when git is not installed).
    public static func isInWorkTree(_ folder: String) -> Bool {
        (try? run(["-C", folder, "rev-parse", "--is-inside-work-tree"]))?.hasPrefix("true") ?? false
    }

    private static func run(_ arguments: [String]) throws -> String {
        String(decoding: try runData(arguments), as: UTF8.self)
    }

    private static func runData(_ arguments: [String]) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git"] + arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        do { try process.run() } catch { throw Failure(description: "cannot run git: \(error.localizedDescription)") }
        // Both pipes are read at once: git blocked on a full error pipe while its output was read
        // to the end would wait for this process forever, and this process for git.
        let errors = ErrorOutput()
        let reader = Thread { errors.data = err.fileHandleForReading.readDataToEndOfFile(); errors.done.signal() }
        reader.start()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        errors.done.wait()
        let message = String(decoding: errors.data, as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure(description: "git \(arguments.first ?? "") failed: \(message.trimmingCharacters(in: .whitespacesAndNewlines))")
        }
        return data
    }
}

/// What git writes to standard error, read on a thread of its own.
private final class ErrorOutput: @unchecked Sendable {
    var data = Data()
    let done = DispatchSemaphore(value: 0)
}
