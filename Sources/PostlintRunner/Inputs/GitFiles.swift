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
        do { try process.run() } catch { throw Failure(description: "cannot run git: \(error.localizedDescription)") }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        let message = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure(description: "git \(arguments.first ?? "") failed: \(message.trimmingCharacters(in: .whitespacesAndNewlines))")
        }
        return data
    }
}
