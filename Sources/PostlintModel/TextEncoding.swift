#if canImport(Glibc)
import Glibc
#endif

/// Whether a file's bytes are text postlint can read.
public enum TextEncoding: Sendable, Equatable {
    case utf8
    /// Not valid UTF-8; `offset` is the first byte of the first bad sequence.
    case invalidUTF8(offset: Int, byte: UInt8)
    /// Holds a NUL byte at `offset`, which no text post does.
    case binary(offset: Int)

    public init(validating bytes: [UInt8]) {
        self = bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return .utf8 }
            if let nul = memchr(base, 0, buffer.count) { return .binary(offset: UnsafeRawPointer(nul) - UnsafeRawPointer(base)) }
            var index = 0
            let count = buffer.count
            while index < count {
                let byte = buffer[index]
                if byte < 0x80 {
                    index += 1
                    // Runs of ASCII (Markdown, HTML tags, front matter) go eight bytes at a time.
                    while index + 8 <= count,
                          UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
                        index += 8
                    }
                    continue
                }
                let length: Int
                let minimum: UInt32
                switch byte {
                case 0xC2...0xDF: length = 2; minimum = 0x80
                case 0xE0...0xEF: length = 3; minimum = 0x800
                case 0xF0...0xF4: length = 4; minimum = 0x10000
                default: return .invalidUTF8(offset: index, byte: byte)
                }
                guard index + length <= count else { return .invalidUTF8(offset: index, byte: byte) }
                var scalar = UInt32(byte) & (length == 2 ? 0x1F : length == 3 ? 0x0F : 0x07)
                for next in 1..<length {
                    let continuation = buffer[index + next]
                    guard continuation & 0xC0 == 0x80 else { return .invalidUTF8(offset: index, byte: byte) }
                    scalar = scalar << 6 | UInt32(continuation & 0x3F)
                }
                if scalar < minimum || scalar > 0x10FFFF || (0xD800...0xDFFF).contains(scalar) {
                    return .invalidUTF8(offset: index, byte: byte)
                }
                index += length
            }
            return .utf8
        }
    }
}
