#if canImport(Glibc)
import Glibc
#endif

/// Reads whole regular files with POSIX calls, so every failure has its system reason.
public enum FileReader {
    public struct Failure: Error {
        public let message: String

        public init(message: String) { self.message = message }
    }

    public static func read(_ path: String) throws(Failure) -> [UInt8] {
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
        // Read straight into an array of the file's size (plus one byte, to see the end in the
        // same call); a file that grew meanwhile is read on in chunks.
        var failure: Failure?
        var bytes = [UInt8](unsafeUninitializedCapacity: max(0, Int(info.st_size)) + 1) { buffer, count in
            count = 0
            while count < buffer.count {
                let read = Glibc.read(descriptor, buffer.baseAddress! + count, buffer.count - count)
                if read < 0 {
                    if errno == EINTR { continue }
                    failure = Failure(message: "cannot read: \(reason())")
                    return
                }
                if read == 0 { return }
                count += read
            }
        }
        if let failure { throw failure }
        if bytes.count > Int(info.st_size) { bytes += try readRest(descriptor) }
        return bytes
    }

    private static func readRest(_ descriptor: Int32, failing: String = "cannot read") throws(Failure) -> [UInt8] {
        var bytes = [UInt8]()
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw Failure(message: "\(failing): \(reason())")
            }
            if count == 0 { return bytes }
            bytes.append(contentsOf: chunk[0..<count])
        }
    }

    public static func readStandardInput() throws(Failure) -> [UInt8] {
        try readRest(0, failing: "cannot read standard input")
    }

    private static func reason() -> String {
        String(cString: strerror(errno))
    }
}
