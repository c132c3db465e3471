import PostlintEngine
import PostlintModel

/// Which of the files a run finds it covers: one shard of them, those changed since a git
/// revision, or those staged for commit.
public struct Selection: Sendable {
    public var shard: (index: Int, count: Int)?
    public var changedSince: String?
    public var staged: Bool

    public init(shard: (index: Int, count: Int)? = nil, changedSince: String? = nil, staged: Bool = false) {
        self.shard = shard
        self.changedSince = changedSince
        self.staged = staged
    }

    /// Whether every file found is covered.
    public var isEverything: Bool { shard == nil && changedSince == nil && !staged }

    /// `I/N` as (I, N), with 1 ≤ I ≤ N.
    public static func shard(_ text: String) -> (index: Int, count: Int)? {
        let parts = text.split(separator: "/").compactMap { Int($0) }
        guard parts.count == 2, parts[1] >= 1, (1...parts[1]).contains(parts[0]) else { return nil }
        return (parts[0], parts[1])
    }

    /// The candidates covered, lazily; asks git first when the selection needs it.
    public func filter(_ candidates: some Sequence<FileCollector.Candidate>) throws -> some Sequence<FileCollector.Candidate> {
        let shard = self.shard
        let changed = try changedSince.map(GitFiles.changed(since:))
        let staged = self.staged ? try GitFiles.staged() : nil
        let everything = isEverything
        return candidates.lazy.filter { candidate in
            if everything { return true }
            if let (index, count) = shard, Int(StableHash.fnv1a(ConfigurationLoader.absolute(candidate.path)) % UInt64(count)) != index - 1 {
                return false
            }
            // git names files by their real paths.
            let real = changed != nil || staged != nil ? ConfigurationLoader.canonical(candidate.path) : ""
            if let changed, !changed.contains(real) { return false }
            if let staged, !staged.contains(real) { return false }
            return true
        }
    }
}
