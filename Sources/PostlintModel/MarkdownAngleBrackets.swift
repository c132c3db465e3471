/// Where a `<` in Markdown starts no tag: after an odd number of backslashes, or at the start of
/// a CommonMark autolink (`<https://…>`, `<name@example.com>`). The HTML reading of a Markdown
/// body blanks these (`BodyParser`), and the fixer's clue for a tag passes over them
/// (`ByteClues`): the two must agree, or a post holding only autolinks is parsed for nothing.
public enum MarkdownAngleBrackets {
    /// The end of what the `<` at `start` begins when it is no tag: the `<` alone when it is
    /// escaped, the whole autolink when it starts one; nil when it may start a tag. `lowerBound`
    /// is where the text starts (backslashes before it do not count), `limit` where it ends.
    public static func notTag(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int, from lowerBound: Int, limit: Int) -> Int? {
        var backslashes = 0
        while start - backslashes - 1 >= lowerBound, bytes[start - backslashes - 1] == UInt8(ascii: "\\") { backslashes += 1 }
        if backslashes % 2 == 1 { return start + 1 }
        return autolinkEnd(bytes, from: start, limit: limit)
    }

    /// The end of a CommonMark autolink starting at `<`: a scheme of 2–32 letters, digits, `+`,
    /// `.` or `-` and a colon, or an e-mail address; then `>` with no space or `<` before it.
    private static func autolinkEnd(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, limit: Int) -> Int? {
        func isLetter(_ byte: UInt8) -> Bool { (0x61...0x7A).contains(byte | 0x20) }
        func isDigit(_ byte: UInt8) -> Bool { (0x30...0x39).contains(byte) }
        var end = start + 1
        while end < limit, bytes[end] != UInt8(ascii: ">"), bytes[end] > 0x20, bytes[end] != UInt8(ascii: "<") { end += 1 }
        guard end < limit, bytes[end] == UInt8(ascii: ">"), end > start + 1 else { return nil }
        let inner = bytes[(start + 1)..<end]
        if let colon = inner.firstIndex(of: UInt8(ascii: ":")), isLetter(inner[inner.startIndex]),
           (2...32).contains(colon - inner.startIndex),
           inner[inner.startIndex..<colon].allSatisfy({ isLetter($0) || isDigit($0) || $0 == 0x2B || $0 == 0x2E || $0 == 0x2D }) {
            return end + 1
        }
        if let at = inner.firstIndex(of: UInt8(ascii: "@")), at > inner.startIndex, at + 1 < inner.endIndex,
           inner[at...].contains(UInt8(ascii: ".")), !inner.contains(UInt8(ascii: "\\")) {
            return end + 1
        }
        return nil
    }
}
