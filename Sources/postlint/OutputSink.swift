import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Buffered text out to a file descriptor: standard output, or a report file that is written
/// beside its final path and renamed into place when complete, so a reader never sees half a
/// report and a failed run leaves the old one.
final class OutputSink: TextOutputStream {
    private var descriptor: Int32
    private var buffer: [UInt8] = []
    private let path: String?
    private let temporary: String?
    private(set) var failure: String?

    /// Standard output.
    init() {
        descriptor = 1
        path = nil
        temporary = nil
    }

    /// A report file, created beside `path`.
    init(file path: String) throws(AtomicWriter.Failure) {
        let folder = (path as NSString).deletingLastPathComponent
        var template = Array(((folder.isEmpty ? "." : folder) + "/.postlint-report-XXXXXX").utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else { throw AtomicWriter.Failure(message: "cannot create a temporary file beside it: \(String(cString: strerror(errno)))") }
        _ = fchmod(descriptor, 0o644 & ~Self.umask)
        self.descriptor = descriptor
        self.path = path
        temporary = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    func write(_ string: String) {
        buffer.append(contentsOf: string.utf8)
        if buffer.count >= 1 << 16 { flush() }
    }

    func flush() {
        guard failure == nil else { buffer.removeAll(); return }
        var written = 0
        buffer.withUnsafeBytes { bytes in
            while written < bytes.count {
                let count = Glibc.write(descriptor, bytes.baseAddress! + written, bytes.count - written)
                if count < 0 {
                    if errno == EINTR { continue }
                    failure = "cannot write: \(String(cString: strerror(errno)))"
                    return
                }
                written += count
            }
        }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Flushes, and puts a report file in place; false (with `failure` set) when it failed.
    func close() -> Bool {
        flush()
        guard let path, let temporary else { return failure == nil }
        Glibc.close(descriptor)
        if failure == nil, rename(temporary, path) != 0 { failure = "cannot replace the file: \(String(cString: strerror(errno)))" }
        if failure != nil { unlink(temporary) }
        return failure == nil
    }

    private static var umask: mode_t {
        let mask = Glibc.umask(0)
        _ = Glibc.umask(mask)
        return mask
    }
}
