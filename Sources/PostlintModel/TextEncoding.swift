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
    /// Text in another Unicode encoding (`UTF-16LE`, …), named by its byte order mark or, for
    /// UTF-16 without one, by the NUL bytes beside ASCII in its first two bytes.
    case otherUnicode(name: String, byteOrderMark: Bool)

    public init(validating bytes: [UInt8]) {
        if let other = Self.otherUnicode(bytes) {
            self = other
            return
        }
        // By hand, not by the standard library's `UTF8Span` (which reads 14 % fewer instructions
        // and finds the same first bad offset): that needs Swift 6.2, and macOS 26 at run time.
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

    /// UTF-32 and UTF-16 by their byte order marks (UTF-32 first: its little-endian mark begins
    /// with UTF-16's), then UTF-16 without a mark when a NUL sits beside an ASCII character at
    /// the start, as in `-\0-\0-\0` for a front matter.
    private static func otherUnicode(_ bytes: [UInt8]) -> TextEncoding? {
        let marks: [([UInt8], String)] = [([0xFF, 0xFE, 0, 0], "UTF-32LE"), ([0, 0, 0xFE, 0xFF], "UTF-32BE"), ([0xFF, 0xFE], "UTF-16LE"), ([0xFE, 0xFF], "UTF-16BE")]
        for (mark, name) in marks where bytes.starts(with: mark) {
            return .otherUnicode(name: name, byteOrderMark: true)
        }
        guard bytes.count >= 4 else { return nil }
        if bytes[0] != 0, bytes[0] < 0x80, bytes[1] == 0, bytes[2] != 0, bytes[3] == 0 { return .otherUnicode(name: "UTF-16LE", byteOrderMark: false) }
        if bytes[0] == 0, bytes[1] != 0, bytes[1] < 0x80, bytes[2] == 0, bytes[3] != 0 { return .otherUnicode(name: "UTF-16BE", byteOrderMark: false) }
        return nil
    }
}
