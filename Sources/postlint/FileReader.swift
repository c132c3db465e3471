#if canImport(Glibc)
import Glibc
#endif

/// Reads whole regular files with POSIX calls, so every failure has its system reason.
enum FileReader {
    struct Failure: Error {
        let message: String
    }

    static func read(_ path: String) throws(Failure) -> [UInt8] {
        // O_NONBLOCK keeps a FIFO from blocking the open; such files are refused below.
        let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else { throw Failure(message: "cannot open: \(reason())") }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw Failure(message: "cannot inspect: \(reason())") }
        switch info.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFDIR: throw Failure(message: "is a folder, not a file")
        case S_IFIFO: throw Failure(message: "is a FIFO, not a regular file; not read")
        default: throw Failure(message: "is not a regular file; not read")
        }
        var bytes = [UInt8]()
        bytes.reserveCapacity(Int(info.st_size))
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw Failure(message: "cannot read: \(reason())")
            }
            if count == 0 { break }
            bytes.append(contentsOf: chunk[0..<count])
        }
        return bytes
    }

    static func readStandardInput() throws(Failure) -> [UInt8] {
        var bytes = [UInt8]()
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(0, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw Failure(message: "cannot read standard input: \(reason())")
            }
            if count == 0 { return bytes }
            bytes.append(contentsOf: chunk[0..<count])
        }
    }

    private static func reason() -> String {
        String(cString: strerror(errno))
    }
}
