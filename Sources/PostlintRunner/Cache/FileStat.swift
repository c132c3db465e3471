import Glibc

/// What `stat` says of a file, for the cache to know an unchanged file without reading it:
/// size, modification and change times to the nanosecond, inode and device.
struct FileStat: Equatable, Sendable {
    let size: Int
    let modified: Int
    let changed: Int
    let inode: UInt64
    let device: UInt64

    init(size: Int, modified: Int, changed: Int, inode: UInt64, device: UInt64) {
        (self.size, self.modified, self.changed, self.inode, self.device) = (size, modified, changed, inode, device)
    }

    init?(path: String) {
        var info = stat()
        guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        size = Int(info.st_size)
        modified = Int(info.st_mtim.tv_sec) * 1_000_000_000 + Int(info.st_mtim.tv_nsec)
        changed = Int(info.st_ctim.tv_sec) * 1_000_000_000 + Int(info.st_ctim.tv_nsec)
        inode = UInt64(info.st_ino)
        device = UInt64(info.st_dev)
    }

    /// Whether the file was last touched well before `start` (nanoseconds since 1970): a file
    /// written in the last two seconds before a run could be written again within the clock's
    /// granularity with the same size, so its stat is not trusted (git's "racily clean" entries).
    func settled(before start: Int) -> Bool {
        max(modified, changed) < start - 2_000_000_000
    }
}
