import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A new file written beside its destination and renamed over it when complete: readers see the
/// old file or the new, never part of one, and a failure leaves the old one in place. It is
/// created with `open(O_EXCL)` and mode 0666, so the umask applies as to any new file.
public struct TemporaryFile {
    public let path: String
    public let destination: String
    private let descriptor: Int32

    public init(beside destination: String, prefix: String = ".postlint-") throws(AtomicWriter.Failure) {
        let folder = destination.utf8.lastIndex(of: UInt8(ascii: "/")).map { String(destination[..<$0]) }
        for _ in 0..<100 {
            // One random number per name: each draw is a system call.
            let name = prefix + String(UInt64.random(in: .min ... .max), radix: 36)
            let path = folder.map { $0 + "/" + name } ?? name
            let descriptor = Interruption.creating {
                let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
                return (descriptor, descriptor >= 0 ? path : nil)
            }
            if descriptor >= 0 {
                self.path = path
                self.destination = destination
                self.descriptor = descriptor
                return
            }
            guard errno == EEXIST else { break }
        }
        throw AtomicWriter.Failure(message: "cannot create a temporary file beside it: \(Self.reason())")
    }

    /// Writes every byte; the failure, or nil.
    public func write(_ bytes: UnsafeRawBufferPointer) -> String? {
        var written = 0
        while written < bytes.count {
            let count = Glibc.write(descriptor, bytes.baseAddress! + written, bytes.count - written)
            if count < 0 {
                if errno == EINTR { continue }
                return "cannot write: \(Self.reason())"
            }
            written += count
        }
        return nil
    }

    /// Writes every byte at `offset`, over what is there; the failure, or nil.
    public func write(_ bytes: UnsafeRawBufferPointer, at offset: Int) -> String? {
        var written = 0
        while written < bytes.count {
            let count = pwrite(descriptor, bytes.baseAddress! + written, bytes.count - written, off_t(offset + written))
            if count < 0 {
                if errno == EINTR { continue }
                return "cannot write: \(Self.reason())"
            }
            written += count
        }
        return nil
    }

    /// Renames the file over its destination. `sync` puts the bytes on disk first (for files
    /// that replace a user's own); `mode` and `owner` are an original's to keep.
    public func commit(sync: Bool, mode: mode_t? = nil, owner: (uid_t, gid_t)? = nil) throws(AtomicWriter.Failure) {
        var failure: String?
        if sync, fsync(descriptor) != 0 { failure = "cannot write: \(Self.reason())" }
        if failure == nil, let mode, fchmod(descriptor, mode) != 0 { failure = "cannot keep the file mode: \(Self.reason())" }
        if failure == nil, let owner { _ = fchown(descriptor, owner.0, owner.1) }
        close(descriptor)
        Interruption.finishing(path) {
            if failure == nil, rename(path, destination) != 0 { failure = "cannot replace the file: \(Self.reason())" }
            if failure != nil { unlink(path) }
        }
        if let failure { throw AtomicWriter.Failure(message: failure) }
    }

    /// Writes `bytes`, which this file already holds, into the file at `destination` itself
    /// (keeping its inode and so its hard links), then removes this file. This file is synced
    /// first: should the machine stop during the copy, it holds the whole new text.
    public func copyInPlace(_ bytes: [UInt8], over destination: String) throws(AtomicWriter.Failure) {
        var failure: String?
        if fsync(descriptor) != 0 { failure = "cannot write: \(Self.reason())" }
        close(descriptor)
        Interruption.finishing(path) {
            if failure == nil {
                let target = open(destination, O_WRONLY | O_CLOEXEC)
                if target < 0 {
                    failure = "cannot open it for writing: \(Self.reason())"
                } else {
                    var written = 0
                    while failure == nil, written < bytes.count {
                        let count = bytes.withUnsafeBytes { Glibc.write(target, $0.baseAddress! + written, bytes.count - written) }
                        if count < 0, errno != EINTR { failure = "cannot write: \(Self.reason())" } else if count > 0 { written += count }
                    }
                    if failure == nil, ftruncate(target, off_t(bytes.count)) != 0 || fsync(target) != 0 { failure = "cannot write: \(Self.reason())" }
                    close(target)
                }
            }
            // A copy that failed half-way leaves the whole new text beside the file, named.
            if failure == nil || failure!.hasPrefix("cannot open") { unlink(path) }
        }
        if let failure {
            let kept = access(path, F_OK) == 0 ? "; the fixed text is in \(path)" : ""
            throw AtomicWriter.Failure(message: failure + kept)
        }
    }

    /// Removes the file without touching the destination.
    public func discard() {
        close(descriptor)
        Interruption.finishing(path) { _ = unlink(path) }
    }

    public static func reason() -> String { String(cString: strerror(errno)) }
}
