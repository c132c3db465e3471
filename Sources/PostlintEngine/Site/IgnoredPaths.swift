import Foundation

/// The files and folders git ignores under a site root, as git itself answers
/// (`git ls-files --others --ignored --exclude-standard --directory`): one question per site,
/// rather than a matcher of our own that would drift from git's rules.
public struct IgnoredPaths: Sendable {
    private let files: Set<String>
    /// Ignored folders, each with a trailing `/`.
    private let folders: [String]

    public init(files: Set<String> = [], folders: [String] = []) {
        self.files = files
        self.folders = folders
    }

    /// The paths git ignores under `root`, which must lie in a git work tree; none when git
    /// cannot say (no git, not a repository).
    public static func ask(git root: String) -> IgnoredPaths {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "-C", root, "ls-files", "-z", "--others", "--ignored", "--exclude-standard", "--directory"]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        do { try process.run() } catch { return IgnoredPaths() }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return IgnoredPaths() }
        var files: Set<String> = [], folders: [String] = []
        for entry in data.split(separator: 0) {
            let path = String(decoding: entry, as: UTF8.self)
            if path.hasSuffix("/") { folders.append(path) } else { files.insert(path) }
        }
        return IgnoredPaths(files: files, folders: folders)
    }

    /// Whether the relative path is ignored, itself or through a folder above it.
    public func contains(_ relative: String) -> Bool {
        files.contains(relative) || folders.contains { relative.hasPrefix($0) }
    }
}
