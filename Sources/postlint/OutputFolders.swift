import Foundation

/// The output folders a run has made, so that each is made once rather than once per file
/// (creating a folder asks the file system about every component of its path).
final class OutputFolders: @unchecked Sendable {
    private let lock = NSLock()
    private var made: Set<String> = []

    /// Makes `folder` and its parents unless this run already did.
    func make(_ folder: String) throws {
        if lock.withLock({ made.contains(folder) }) { return }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        lock.withLock { _ = made.insert(folder) }
    }
}
