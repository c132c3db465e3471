#if canImport(Glibc)
import Glibc
#endif
import PostlintModel

/// Conditions every finding of a check needs, read off a file's raw bytes without parsing it
/// (`RuleCheck.mayFind`). Each errs one way only: a clue that is there proves nothing, a clue
/// that is missing proves the check finds nothing. `ByteCluesTests` holds every check's clue to
/// its findings over the corpora, the rules' examples and random text.
public enum ByteClues {
    /// Whether `byte` is in `bytes`.
    static func contains(_ byte: UInt8, in bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        ByteSearch.firstOffset(of: byte, in: bytes) != nil
    }

    /// Whether `needle` is in `bytes`.
    static func contains(_ needle: String, in bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var needle = needle
        return needle.withUTF8 { ByteSearch.firstOffset(of: $0, in: bytes) != nil }
    }

    /// Whether `needle` (ASCII) is in `bytes`, in any case.
    static func contains(ignoringCase needle: String, in bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let lower = Array(needle.utf8.map { $0 | 0x20 })
        guard let first = lower.first, bytes.count >= lower.count else { return lower.isEmpty }
        var index = 0
        while index <= bytes.count - lower.count {
            let byte = bytes[index] | 0x20
            if byte == first, (1..<lower.count).allSatisfy({ bytes[index + $0] | 0x20 == lower[$0] }) { return true }
            index += 1
        }
        return false
    }

    /// Whether a start tag (`<` and an ASCII letter) is in `bytes`: every element a parser
    /// gives a start tag begins so. In Markdown an autolink (`<https://…>`, which a converted
    /// post writes for every bare URL) or an escaped `<` is no tag (`MarkdownAngleBrackets`).
    static func containsStartTag(in bytes: UnsafeBufferPointer<UInt8>, language: MarkupLanguage) -> Bool {
        each(0x3C, in: bytes) { index in
            index + 1 < bytes.count && (0x61...0x7A).contains(bytes[index + 1] | 0x20)
                && (language == .html || MarkdownAngleBrackets.notTag(bytes, at: index, from: 0, limit: bytes.count) == nil)
        }
    }

    /// Whether a line starts with spaces or tabs and then `<`.
    static func containsIndentedTag(in bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        each(0x3C, in: bytes) { index in
            var start = index
            while start > 0, bytes[start - 1] == 0x20 || bytes[start - 1] == 0x09 { start -= 1 }
            return start < index && (start == 0 || bytes[start - 1] == 0x0A || bytes[start - 1] == 0x0D)
        }
    }

    /// Whether a space or tab ends a line (or the file).
    static func containsBlankAtLineEnd(in bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let last = bytes.last else { return false }
        if last == 0x20 || last == 0x09 || contains(0x0D, in: bytes) { return true }
        return each(0x0A, in: bytes) { index in index > 0 && (bytes[index - 1] == 0x20 || bytes[index - 1] == 0x09) }
    }

    /// Whether `count` lines in a row hold nothing but spaces and tabs. Lines are found by their
    /// line feeds with memchr, and a line is told blank or not by its first bytes; a carriage
    /// return anywhere says yes, as it may end lines on its own.
    static func containsBlankLines(_ count: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        if contains(0x0D, in: bytes) { return true }
        var run = 0, lineStart = 0
        return each(0x0A, in: bytes) { newline in
            var index = lineStart
            while index < newline, bytes[index] == 0x20 || bytes[index] == 0x09 { index += 1 }
            run = index == newline ? run + 1 : 0
            lineStart = newline + 1
            return run >= count
        }
    }

    /// Whether a scalar `test` accepts is in `bytes`, looking only at scalars whose first byte
    /// is `lead` (and so never decoding most of a text).
    static func containsScalar(leading lead: UInt8, in bytes: UnsafeBufferPointer<UInt8>, where test: (UInt32) -> Bool) -> Bool {
        each(lead, in: bytes) { index in test(UTF8Scalar.decode(bytes, at: index, end: bytes.count).value) }
    }

    /// Whether a run of ASCII spaces has, right before or right after it, a scalar `test`
    /// accepts (only scalars beyond ASCII are asked).
    static func containsSpace(besideScalar test: (UInt32) -> Bool, in bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        // Only a byte beyond ASCII is asked about: an ASCII text (most English posts, read eight
        // bytes at a time) has none, and its every space need not be visited.
        guard ByteSearch.holdsNonASCII(bytes) else { return false }
        return each(0x20, in: bytes) { index in
            if index + 1 < bytes.count, bytes[index + 1] >= 0x80, test(UTF8Scalar.decode(bytes, at: index + 1, end: bytes.count).value) { return true }
            guard index > 0, bytes[index - 1] >= 0x80 else { return false }
            var start = index - 1
            while start > 0, index - start < 4, bytes[start] & 0xC0 == 0x80 { start -= 1 }
            return test(UTF8Scalar.decode(bytes, at: start, end: index).value)
        }
    }

    /// Whether a scalar from U+3000 up may be in `bytes`, emoji and the other scalars from
    /// U+10000 to U+1FFFF aside: a lead byte from E3 to EF, or F0 then A0 to AF. Every CJK letter
    /// (`CJK.isLetter`), full-width mark and full-width form is one, so a file without one (most
    /// English posts) has nothing for the rules about CJK text to find. Only bytes beyond ASCII
    /// are looked at; ASCII is passed over eight bytes at a time.
    public static func containsCJK(in bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return false }
        var index = 0
        while index < bytes.count {
            // Sixteen bytes of ASCII at a time, two words tested as one.
            while bytes.count - index >= 16 {
                let first = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
                let second = UnsafeRawPointer(base + index + 8).loadUnaligned(as: UInt64.self)
                guard (first | second) & 0x8080_8080_8080_8080 == 0 else { break }
                index += 16
            }
            let end = min(index + 16, bytes.count)
            while index < end {
                let byte = bytes[index]
                if byte >= 0xE3 && byte <= 0xEF { return true }
                if byte == 0xF0, index + 1 < bytes.count, bytes[index + 1] >= 0xA0, bytes[index + 1] <= 0xAF { return true }
                index += 1
            }
        }
        return false
    }

    /// Whether a control character is in `bytes`: a C0 control other than tab, line feed and
    /// carriage return, or DEL. Sixteen bytes at a time, in vector registers: text has a line
    /// break every few words, so a test of eight bytes at a time for anything below 0x20 would
    /// send every line's last word to the byte loop.
    static func containsControl(in bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        typealias Bytes16 = SIMD16<UInt8>
        guard let base = bytes.baseAddress else { return false }
        var index = 0
        while bytes.count - index >= 16 {
            let chunk = UnsafeRawPointer(base + index).loadUnaligned(as: Bytes16.self)
            // Vectors of a named type on both sides: the forms that take a scalar, and vectors
            // whose type is inferred, compile to a loop over the lanes.
            let below = chunk .< Bytes16(repeating: 0x20)
            let allowed = (chunk .== Bytes16(repeating: 0x09)) .| (chunk .== Bytes16(repeating: 0x0A)) .| (chunk .== Bytes16(repeating: 0x0D))
            let control = (below .& .!allowed) .| (chunk .== Bytes16(repeating: 0x7F))
            // Read as two words: `any(_:)` is a generic reduction the compiler calls.
            let lanes = unsafeBitCast(control, to: SIMD2<UInt64>.self)
            if lanes[0] | lanes[1] != 0 { return true }
            index += 16
        }
        while index < bytes.count {
            let byte = bytes[index]
            if (byte < 0x20 && byte != 0x09 && byte != 0x0A && byte != 0x0D) || byte == 0x7F { return true }
            index += 1
        }
        return false
    }

    /// Whether `found` holds at some offset of `byte` in `bytes`.
    private static func each(_ byte: UInt8, in bytes: UnsafeBufferPointer<UInt8>, _ found: (Int) -> Bool) -> Bool {
        guard let base = bytes.baseAddress else { return false }
        var start = 0
        while start < bytes.count, let hit = memchr(base + start, Int32(byte), bytes.count - start) {
            let index = UnsafeRawPointer(hit) - UnsafeRawPointer(base)
            if found(index) { return true }
            start = index + 1
        }
        return false
    }
}
