#if canImport(Glibc)
import Glibc
#endif

/// Substring search over UTF-8 bytes: `memchr` finds each candidate first byte, `memcmp` checks
/// the rest. The standard library's generic `firstRange(of:)` instantiates generic searchers on
/// every call and Foundation's bridges to UTF-16; both cost more than the search on the hot paths.
public enum ByteSearch {
    /// The offset of the first occurrence of `needle` in `haystack`, or nil.
    public static func firstOffset(of needle: UnsafeBufferPointer<UInt8>, in haystack: UnsafeBufferPointer<UInt8>) -> Int? {
        guard let first = needle.first else { return 0 }
        guard haystack.count >= needle.count, let base = haystack.baseAddress else { return nil }
        var start = 0
        let last = haystack.count - needle.count
        while start <= last {
            guard let hit = memchr(base + start, Int32(first), last - start + 1) else { return nil }
            let offset = UnsafeRawPointer(hit) - UnsafeRawPointer(base)
            if memcmp(base + offset, needle.baseAddress!, needle.count) == 0 { return offset }
            start = offset + 1
        }
        return nil
    }
}

extension String {
    /// Whether the text holds `needle`, compared byte for byte.
    public func containsBytes(of needle: String) -> Bool {
        var text = self, needle = needle
        return text.withUTF8 { haystack in needle.withUTF8 { ByteSearch.firstOffset(of: $0, in: haystack) != nil } }
    }

    /// Whether a character of the text is white space, as `contains(where: \.isWhitespace)`
    /// answers; an ASCII text is read byte by byte. (An ASCII white-space byte before any
    /// other byte is always a character's first scalar, which is what `isWhitespace` reads.)
    public var containsWhitespace: Bool {
        let known = utf8.withContiguousStorageIfAvailable { bytes -> Bool? in
            for byte in bytes {
                if byte >= 0x80 { return nil }
                if byte == 0x20 || (0x09...0x0D).contains(byte) { return true }
            }
            return false
        }
        if let known = known ?? nil { return known }
        return contains(where: \.isWhitespace)
    }

    /// The text split at white space, as `split(whereSeparator: \.isWhitespace)` splits it; an
    /// ASCII text is split by its bytes.
    public var wordsBetweenWhitespace: [String] {
        let words = utf8.withContiguousStorageIfAvailable { bytes -> [String]? in
            var words: [String] = []
            var start = 0
            for (index, byte) in bytes.enumerated() {
                if byte >= 0x80 { return nil }
                guard byte == 0x20 || (0x09...0x0D).contains(byte) else { continue }
                if index > start { words.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)) }
                start = index + 1
            }
            if bytes.count > start { words.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start...]), as: UTF8.self)) }
            return words
        }
        if let words = words ?? nil { return words }
        return split(whereSeparator: \.isWhitespace).map(String.init)
    }

    /// The text without leading and trailing Unicode white space (ideographic space included),
    /// without going through Foundation's `NSString` bridge, which is slow on CJK text.
    public var trimmingWhitespace: Substring {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.isUnicodeWhitespace }) else { return "" }
        let last = scalars.lastIndex(where: { !$0.isUnicodeWhitespace })!
        return self[first...last]
    }
}

extension Unicode.Scalar {
    /// Unicode's White_Space property, answered without the property table for ASCII (tab to
    /// carriage return, and space: the only white space below 0x80).
    @inlinable public var isUnicodeWhitespace: Bool {
        value < 0x80 ? value == 0x20 || (0x09...0x0D).contains(value) : properties.isWhitespace
    }
}
