import Foundation

/// Reads JSON-RPC messages framed as the Language Server Protocol frames them: header lines
/// (`Content-Length: N`, optionally `Content-Type`), an empty line, then N bytes of JSON.
public final class MessageReader {
    /// Why a frame could not be read; the stream goes on after a bad header where it can.
    public enum Failure: Error, Equatable {
        /// The input ended (between messages: the client went away).
        case endOfInput
        /// A header block without a usable `Content-Length`; the bytes up to the blank line are dropped.
        case badHeader(String)
    }

    private let descriptor: Int32
    private var buffer: [UInt8] = []
    private var start = 0

    /// Reads from a file descriptor (standard input by default).
    public init(descriptor: Int32 = STDIN_FILENO) {
        self.descriptor = descriptor
    }

    /// The next message's JSON bytes.
    public func next() throws(Failure) -> [UInt8] {
        let header = try readHeader()
        var length: Int?
        for line in header.split(separator: "\r\n") {
            let parts = line.split(separator: ":", maxSplits: 1)
            guard parts.count == 2 else { throw .badHeader("a header line without `:`: \(line)") }
            if parts[0].trimmingCharacters(in: .whitespaces).lowercased() == "content-length" {
                length = Int(parts[1].trimmingCharacters(in: .whitespaces))
            }
        }
        guard let length, length >= 0 else { throw .badHeader("no valid Content-Length in \(header.debugDescription)") }
        return try read(count: length)
    }

    /// The header block up to (without) the blank line.
    private func readHeader() throws(Failure) -> String {
        while true {
            if let end = find([0x0D, 0x0A, 0x0D, 0x0A]) {
                let header = String(decoding: buffer[start..<end], as: UTF8.self)
                start = end + 4
                return header
            }
            guard fill() else {
                if start < buffer.count { throw .badHeader("the input ended inside a header") }
                throw .endOfInput
            }
        }
    }

    private func read(count: Int) throws(Failure) -> [UInt8] {
        while buffer.count - start < count {
            guard fill() else { throw .endOfInput }
        }
        let body = Array(buffer[start..<start + count])
        start += count
        return body
    }

    private func find(_ needle: [UInt8]) -> Int? {
        guard buffer.count - start >= needle.count else { return nil }
        var index = start
        while index <= buffer.count - needle.count {
            if buffer[index] == needle[0], buffer[index + 1] == needle[1], buffer[index + 2] == needle[2], buffer[index + 3] == needle[3] {
                return index
            }
            index += 1
        }
        return nil
    }

    /// Reads more input; false at its end.
    private func fill() -> Bool {
        if start > 0, start == buffer.count {
            buffer.removeAll(keepingCapacity: true)
            start = 0
        } else if start > 65_536 {
            buffer.removeFirst(start)
            start = 0
        }
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = chunk.withUnsafeMutableBytes { Foundation.read(descriptor, $0.baseAddress, $0.count) }
            if count > 0 {
                buffer += chunk[..<count]
                return true
            }
            if count < 0, errno == EINTR { continue }
            return false
        }
    }
}
