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
        if let nul = bytes.withUnsafeBufferPointer({ buffer in buffer.baseAddress.flatMap { base in memchr(base, 0, buffer.count).map { UnsafeRawPointer($0) - UnsafeRawPointer(base) } } }) {
            self = .binary(offset: nul)
            return
        }
        // The standard library's validation: the first bad sequence starts where its error does.
        do {
            _ = try UTF8Span(validating: bytes.span)
            self = .utf8
        } catch {
            self = .invalidUTF8(offset: error.byteOffsets.lowerBound, byte: bytes[error.byteOffsets.lowerBound])
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
