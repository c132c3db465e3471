import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Replaces a file's content all at once: a temporary file in the same folder, written, synced
/// and given the original's mode, then renamed over it. Readers see the old bytes or the new,
/// never a mixture, and a failure leaves the original as it was.
enum AtomicWriter {
    struct Failure: Error {
        let message: String
    }

    /// Writes `bytes` to `path` if the file still holds `original`. Returns a note when the path
    /// was a symbolic link and its target was written.
    static func write(_ bytes: [UInt8], to path: String, replacing original: [UInt8]) throws(Failure) -> String? {
        var note: String?
        var target = path
        var linkInfo = stat()
        if lstat(path, &linkInfo) == 0, linkInfo.st_mode & S_IFMT == S_IFLNK {
            guard let resolved = realpath(path, nil) else { throw Failure(message: "cannot resolve the symbolic link: \(reason())") }
            target = String(cString: resolved)
            free(resolved)
            note = "wrote through the symbolic link to \(target)"
        }
        var info = stat()
        guard stat(target, &info) == 0 else { throw Failure(message: "cannot inspect: \(reason())") }
        guard info.st_mode & 0o222 != 0 else { throw Failure(message: "is read-only; not written") }
        let current: [UInt8]
        do { current = try FileReader.read(target) } catch { throw Failure(message: error.message) }
        guard current == original else { throw Failure(message: "changed on disk while postlint ran; not written") }

        let folder = (target as NSString).deletingLastPathComponent
        var template = Array(((folder.isEmpty ? "." : folder) + "/.postlint-XXXXXX").utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else { throw Failure(message: "cannot create a temporary file beside it: \(reason())") }
        let temporary = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        var written = 0
        var failure: String?
        bytes.withUnsafeBytes { buffer in
            while written < buffer.count {
                let count = Glibc.write(descriptor, buffer.baseAddress! + written, buffer.count - written)
                if count < 0 {
                    if errno == EINTR { continue }
                    failure = "cannot write: \(reason())"
                    return
                }
                written += count
            }
        }
        if failure == nil, fsync(descriptor) != 0 { failure = "cannot write: \(reason())" }
        if failure == nil, fchmod(descriptor, info.st_mode & 0o7777) != 0 { failure = "cannot keep the file mode: \(reason())" }
        if failure == nil, getuid() == 0 { _ = fchown(descriptor, info.st_uid, info.st_gid) }
        close(descriptor)
        if failure == nil, rename(temporary, target) != 0 { failure = "cannot replace the file: \(reason())" }
        if let failure {
            unlink(temporary)
            throw Failure(message: failure)
        }
        return note
    }

    private static func reason() -> String { String(cString: strerror(errno)) }
}
