import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Buffered text out to a file descriptor: standard output, or a report file that is written
/// beside its final path and renamed into place when complete, so a reader never sees half a
/// report and a failed run leaves the old one.
public final class OutputSink: TextOutputStream {
    private let file: TemporaryFile?
    private var buffer: [UInt8] = []
    public private(set) var failure: String?

    /// Standard output.
    public init() {
        file = nil
    }

    /// A report file, created beside `path`.
    public init(file path: String) throws(AtomicWriter.Failure) {
        file = try TemporaryFile(beside: path, prefix: ".postlint-report-")
    }

    public func write(_ string: String) {
        buffer.append(contentsOf: string.utf8)
        if buffer.count >= 1 << 16 { flush() }
    }

    public func write(bytes: [UInt8]) {
        buffer.append(contentsOf: bytes)
        if buffer.count >= 1 << 16 { flush() }
    }

    public func flush() {
        defer { buffer.removeAll(keepingCapacity: true) }
        guard failure == nil else { return }
        failure = buffer.withUnsafeBytes { bytes in
            if let file { return file.write(bytes) }
            var written = 0
            while written < bytes.count {
                let count = Glibc.write(1, bytes.baseAddress! + written, bytes.count - written)
                if count < 0 {
                    if errno == EINTR { continue }
                    return "cannot write: \(TemporaryFile.reason())"
                }
                written += count
            }
            return nil
        }
    }

    /// Flushes, and puts a report file in place; false (with `failure` set) when it failed.
    public func close() -> Bool {
        flush()
        guard let file else { return failure == nil }
        if failure != nil {
            file.discard()
            return false
        }
        do { try file.commit(sync: false) } catch { failure = error.message }
        return failure == nil
    }
}
