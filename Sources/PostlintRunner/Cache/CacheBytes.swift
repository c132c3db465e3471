import Glibc

/// Bytes a cache file is read from a part at a time: the file itself, or bytes in memory.
protocol CacheBytes: Sendable {
    var count: Int { get }
    /// The bytes of `range`, or nil when it does not lie inside or cannot be read.
    func read(_ range: Range<Int>) -> ArraySlice<UInt8>?
}

extension Array: CacheBytes where Element == UInt8 {
    func read(_ range: Range<Int>) -> ArraySlice<UInt8>? {
        range.lowerBound >= 0 && range.upperBound <= count ? self[range] : nil
    }
}

/// A file read with `pread`, so that threads read entries at once and nothing is held but
/// what they asked for.
final class CacheFileBytes: CacheBytes, @unchecked Sendable {
    private let descriptor: Int32
    let count: Int

    /// The file at `path`, or nil when it cannot be opened.
    init?(path: String) {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        var info = stat()
        guard fstat(descriptor, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
            close(descriptor)
            return nil
        }
        self.descriptor = descriptor
        count = Int(info.st_size)
    }

    deinit { close(descriptor) }

    func read(_ range: Range<Int>) -> ArraySlice<UInt8>? {
        guard range.lowerBound >= 0, range.upperBound <= count else { return nil }
        return Self.read(descriptor, range)
    }

    /// The bytes of `range` of the open file `descriptor`, read whole with `pread`; nil when
    /// they cannot be.
    static func read(_ descriptor: Int32, _ range: Range<Int>) -> ArraySlice<UInt8>? {
        var bytes = [UInt8](repeating: 0, count: range.count)
        var done = 0
        while done < range.count {
            let got = bytes.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress! + done, range.count - done, off_t(range.lowerBound + done)) }
            if got < 0, errno == EINTR { continue }
            guard got > 0 else { return nil }
            done += got
        }
        return bytes[...]
    }
}
