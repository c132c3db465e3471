import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Replaces a file's content all at once: a temporary file in the same folder, written, synced
/// and given the original's mode, then renamed over it (`TemporaryFile`). Readers see the old bytes or the new,
/// never a mixture, and a failure leaves the original as it was.
///
/// A file with more than one hard link cannot be renamed over without parting it from its other
/// names, so it is written in place: the new bytes go to a synced temporary file first (a whole
/// copy should the machine stop), then into the file, with SIGINT and SIGTERM held off until
/// the last byte is written.
public enum AtomicWriter {
    public struct Failure: LocalizedError {
        public let message: String
        public var errorDescription: String? { message }
    }

    /// Writes `bytes` to `path` if the file still holds `original`. Returns a note when the path
    /// was a symbolic link and its target was written. With `roots`, a file whose real path (all
    /// symbolic links followed) is outside every root is not written.
    public static func write(_ bytes: [UInt8], to path: String, replacing original: [UInt8], within roots: [String]? = nil) throws(Failure) -> String? {
        var note: String?
        var target = path
        var linkInfo = stat()
        let isLink = lstat(path, &linkInfo) == 0 && linkInfo.st_mode & S_IFMT == S_IFLNK
        if isLink || roots != nil {
            guard let resolved = realpath(path, nil) else { throw Failure(message: "cannot resolve the symbolic link: \(reason())") }
            let real = String(cString: resolved)
            free(resolved)
            if let roots, !roots.contains(where: { real == $0 || real.hasPrefix($0 == "/" ? "/" : $0 + "/") }) {
                throw Failure(message: "leads through a symbolic link to \(real), outside the files and folders being fixed; not written (--follow-symlinks writes there)")
            }
            if isLink {
                target = real
                note = "wrote through the symbolic link to \(target)"
            }
        }
        var info = stat()
        guard stat(target, &info) == 0 else { throw Failure(message: "cannot inspect: \(reason())") }
        guard info.st_mode & 0o222 != 0 else { throw Failure(message: "is read-only; not written") }
        let current: [UInt8]
        do { current = try FileReader.read(target) } catch { throw Failure(message: error.message) }
        guard current == original else { throw Failure(message: "changed on disk while postlint ran; not written") }

        let file = try TemporaryFile(beside: target)
        if let failure = bytes.withUnsafeBytes(file.write) {
            file.discard()
            throw Failure(message: failure)
        }
        if info.st_nlink > 1 {
            try file.copyInPlace(bytes, over: target)
        } else {
            try file.commit(sync: true, mode: info.st_mode & 0o7777, owner: getuid() == 0 ? (info.st_uid, info.st_gid) : nil)
        }
        return note
    }

    /// The real paths of `paths` (of the folder holding each file), which `write` keeps to.
    public static func roots(_ paths: [String]) -> [String] {
        paths.compactMap { path in
            var info = stat()
            let folder = stat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFDIR ? path : (path as NSString).deletingLastPathComponent
            guard let resolved = realpath(folder.isEmpty ? "." : folder, nil) else { return nil }
            defer { free(resolved) }
            return String(cString: resolved)
        }
    }

    /// Writes a new file at `path`, or replaces what is there, all at once. Not synced to disk:
    /// converted files can be made again, and syncing each one would cost more than converting.
    public static func create(_ bytes: [UInt8], at path: String) throws(Failure) {
        let file = try TemporaryFile(beside: path)
        if let failure = bytes.withUnsafeBytes(file.write) {
            file.discard()
            throw Failure(message: failure)
        }
        try file.commit(sync: false)
    }

    private static func reason() -> String { TemporaryFile.reason() }
}
