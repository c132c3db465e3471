#if canImport(Glibc)
import Glibc
#endif

/// Substring search over UTF-8 bytes: `memchr` finds each candidate first byte, `memcmp` checks
/// the rest. The standard library's generic `firstRange(of:)` instantiates generic searchers on
/// every call and Foundation's bridges to UTF-16; both cost more than the search on the hot paths.
public enum ByteSearch {
    /// Whether any byte is beyond ASCII, read eight bytes at a time: CJK posts ask this of
    /// every run of prose.
    public static func holdsNonASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return false }
        var index = 0
        while bytes.count - index >= 8 {
            if UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self) & 0x8080_8080_8080_8080 != 0 { return true }
            index += 8
        }
        while index < bytes.count {
            if bytes[index] >= 0x80 { return true }
            index += 1
        }
        return false
    }

    /// The first occurrence of `needle` in `bytes` within `range`, or nil.
    public static func firstRange(of needle: some Collection<UInt8>, in bytes: [UInt8], within range: Range<Int>) -> Range<Int>? {
        let needle = Array(needle)
        let range = range.clamped(to: 0..<bytes.count)
        return bytes.withUnsafeBufferPointer { all in
            needle.withUnsafeBufferPointer { pattern in
                firstOffset(of: pattern, in: UnsafeBufferPointer(rebasing: all[range])).map { (range.lowerBound + $0)..<(range.lowerBound + $0 + pattern.count) }
            }
        }
    }

    /// The offset of the first `byte` in `bytes` within `range`, or nil.
    public static func firstOffset(of byte: UInt8, in bytes: [UInt8], within range: Range<Int>) -> Int? {
        let range = range.clamped(to: 0..<bytes.count)
        return bytes.withUnsafeBufferPointer { all in
            firstOffset(of: byte, in: UnsafeBufferPointer(rebasing: all[range])).map { range.lowerBound + $0 }
        }
    }

    /// The offset of the first `byte` in `bytes`, or nil.
    public static func firstOffset(of byte: UInt8, in bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return nil }
        return memchr(base, Int32(byte), bytes.count).map { UnsafeRawPointer($0) - UnsafeRawPointer(base) }
    }

    /// The offset of the first occurrence of `needle` in `haystack`, or nil.
    public static func firstOffset(of needle: UnsafeBufferPointer<UInt8>, in haystack: UnsafeBufferPointer<UInt8>) -> Int? {
        guard !needle.isEmpty else { return 0 }
        guard haystack.count >= needle.count, let base = haystack.baseAddress else { return nil }
        // memchr looks for the needle's least common byte, by a rough rule: text is mostly
        // letters, digits and spaces, so punctuation (`:` of `https://`, `<` of a tag) stops
        // it far less often than a first letter would.
        let anchor = needle.firstIndex { !isCommonInText($0) } ?? 0
        let byte = Int32(needle[anchor])
        var start = anchor
        let last = haystack.count - needle.count + anchor
        while start <= last {
            guard let hit = memchr(base + start, byte, last - start + 1) else { return nil }
            let offset = UnsafeRawPointer(hit) - UnsafeRawPointer(base) - anchor
            if memcmp(base + offset, needle.baseAddress!, needle.count) == 0 { return offset }
            start = offset + anchor + 1
        }
        return nil
    }

    /// ASCII letters, digits and blanks: most of any text.
    private static func isCommonInText(_ byte: UInt8) -> Bool {
        (0x30...0x39).contains(byte) || (0x61...0x7A).contains(byte | 0x20) || byte == 0x20 || byte == 0x0A || byte == 0x09
    }
}

extension String {
    /// The index of the last `byte` in the text's UTF-8, found in its contiguous storage (the
    /// generic search through `utf8` costs some thousands of instructions on a path).
    public func lastIndex(ofByte byte: UInt8) -> String.Index? {
        guard let offset = utf8.withContiguousStorageIfAvailable({ $0.lastIndex(of: byte) }) ?? utf8.lastIndex(of: byte).map({ utf8.distance(from: utf8.startIndex, to: $0) }) else {
            return nil
        }
        return utf8.index(utf8.startIndex, offsetBy: offset)
    }

    /// Whether the text holds `needle`, compared byte for byte.
    public func containsBytes(of needle: String) -> Bool {
        var text = self, needle = needle
        return text.withUTF8 { haystack in needle.withUTF8 { ByteSearch.firstOffset(of: $0, in: haystack) != nil } }
    }

    /// Whether a character of the text is white space, as `contains(where: \.isWhitespace)`
    /// answers, read by scalars where every scalar is a character of its own.
    public var containsWhitespace: Bool {
        guard scalarsAreCharacters else { return contains(where: \.isWhitespace) }
        return unicodeScalars.contains(where: \.isUnicodeWhitespace)
    }

    /// The text split at white space, as `split(whereSeparator: \.isWhitespace)` splits it,
    /// read by scalars where every scalar is a character of its own.
    public var wordsBetweenWhitespace: [String] {
        if !mayHoldWhitespace { return isEmpty ? [] : [self] }
        guard scalarsAreCharacters else { return split(whereSeparator: \.isWhitespace).map(String.init) }
        return unicodeScalars.split(whereSeparator: \.isUnicodeWhitespace).map { String($0) }
    }

    /// False when no byte can begin a white-space scalar: none of ASCII's, and no lead byte of
    /// U+0085, U+00A0, U+1680, U+2000–U+205F or U+3000 (a one-word category, most often).
    var mayHoldWhitespace: Bool {
        utf8.contains { byte in
            byte == 0x20 || (0x09...0x0D).contains(byte) || byte == 0xC2 || (0xE1...0xE3).contains(byte)
        }
    }

    /// Whether every scalar is a character by itself (CR LF aside, both white space): ASCII,
    /// Latin-1, CJK ideographs and punctuation, full-width forms. None of these joins the scalar
    /// before it or the one after, so white space found by scalars is white space by characters.
    var scalarsAreCharacters: Bool {
        unicodeScalars.allSatisfy { scalar in
            switch scalar.value {
            case 0..<0x300, 0x2000...0x200B, 0x200E...0x206F, 0x3000...0x3029, 0x3030...0x3098, 0x309B...0x30FF, 0x4E00...0x9FFF, 0xFF01...0xFF9D: return true
            default: return false
            }
        }
    }

    /// Whether the text is empty or all Unicode white space, as `trimmingWhitespace.isEmpty`
    /// says, stopping at the first other character.
    public var isBlank: Bool {
        // Most texts answer at their first byte; only a text with a byte beyond ASCII is decoded.
        for byte in utf8 {
            if byte >= 0x80 { return unicodeScalars.allSatisfy { $0.isUnicodeWhitespace } }
            if !Unicode.Scalar(byte).isUnicodeWhitespace { return false }
        }
        return true
    }

    /// The text without leading and trailing Unicode white space (ideographic space included),
    /// without going through Foundation's `NSString` bridge, which is slow on CJK text.
    public var trimmingWhitespace: Substring {
        trimming(\.isUnicodeWhitespace)
    }

    /// The text without the scalars `isTrimmed` says yes to at either end.
    public func trimming(_ isTrimmed: (Unicode.Scalar) -> Bool) -> Substring {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !isTrimmed($0) }) else { return "" }
        let last = scalars.lastIndex(where: { !isTrimmed($0) })!
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

/// One scalar read from UTF-8 bytes, by its lead byte and without checking the continuation
/// bytes: the hot paths read text that was validated once, and a scalar misread in broken text
/// changes no more than a width or a character class. A sequence broken at its start (a
/// continuation byte) or cut by `end` reads as U+FFFD, one byte long, never as the control
/// character its byte resembles.
public enum UTF8Scalar {
    @inlinable
    public static func decode<Bytes: RandomAccessCollection<UInt8>>(_ bytes: Bytes, at index: Int, end: Int) -> (value: UInt32, length: Int)
    where Bytes.Index == Int {
        let lead = bytes[index]
        if lead < 0x80 { return (UInt32(lead), 1) }
        let length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 0
        guard length > 0, index + length <= end else { return (0xFFFD, 1) }
        var value = UInt32(lead) & (0xFF >> UInt32(length + 1))
        for next in 1..<length { value = value << 6 | UInt32(bytes[index + next] & 0x3F) }
        return (value, length)
    }
}
