import Foundation

/// The output folders a run has made, so that each is made once rather than once per file
/// (creating a folder asks the file system about every component of its path), and the files
/// it has written, so that two inputs never write one output.
public final class OutputFolders: @unchecked Sendable {
    private let lock = NSLock()
    private var made: Set<String> = []
    private var written: Set<String> = []

    /// Reserves `file` for one input; false when another input of this run has it already.
    public func claim(_ file: String) -> Bool {
        lock.withLock { written.insert(file).inserted }
    }

    /// Makes `folder` and its parents unless this run already did.
    public func make(_ folder: String) throws {
        if lock.withLock({ made.contains(folder) }) { return }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        lock.withLock { _ = made.insert(folder) }
    }
}
