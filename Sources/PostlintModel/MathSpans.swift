/// TeX math as MathJax and KaTeX find it in a page: `$$…$$` and `\[…\]` for display, `\(…\)` and
/// `$…$` inline, each also with the doubled backslash Markdown needs (`\\(`, `\\[`). Math is not
/// prose: text rules skip it and fixes never edit it.
///
/// `$…$` follows pandoc's rule, so that prices are not math: the opening `$` has a non-space
/// after it, the closing one a non-space before it and no digit after it, on the same line.
public enum MathSpans {
    /// The byte ranges of math in `bytes[range]`, in order. Linear: every search resumes where
    /// the last one stopped, and a bracketed span is looked for over at most `reach` bytes.
    public static func find(in bytes: [UInt8], range: Range<Int>) -> [Range<Int>] {
        let end = range.upperBound
        let reach = 4096
        var found: [Range<Int>] = []
        var index = range.lowerBound
        // For each closer, how far the text is known to hold none: a later search starts there,
        // so that many openers without a closer cost one pass, not one pass each.
        var clearUpTo: [[UInt8]: Int] = [:]
        func close(_ needle: [UInt8], from: Int, to: Int) -> Int? {
            let start = max(from, clearUpTo[needle] ?? from)
            if let found = search(needle, in: bytes, from: start, to: to) { return found }
            clearUpTo[needle] = max(start, to - needle.count + 1)
            return nil
        }
        // The next `$` and `\` at or after where each was last looked for (`end` when there is
        // none): most bytes are neither, and memchr skips them faster than a loop reads them.
        var nextDollar = -1, nextBackslash = -1
        func isBlank(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }
        func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
        while index < end {
            let byte = bytes[index]
            if byte == UInt8(ascii: "$") {
                if index + 1 < end, bytes[index + 1] == UInt8(ascii: "$") {
                    guard let closed = close([0x24, 0x24], from: index + 2, to: end) else { index += 2; continue }
                    found.append(index..<closed)
                    index = closed
                    continue
                }
                guard index + 1 < end, !isBlank(bytes[index + 1]) else { index += 1; continue }
                // The next `$` on the line closes the span if it may; if not, it may open one.
                var next = index + 1
                while next < end, bytes[next] != UInt8(ascii: "$"), bytes[next] != 0x0A { next += 1 }
                guard next < end, bytes[next] == UInt8(ascii: "$") else { index = next; continue }
                if !isBlank(bytes[next - 1]), bytes[next - 1] != UInt8(ascii: "\\"), !(next + 1 < end && isDigit(bytes[next + 1])),
                   !(next + 1 < end && bytes[next + 1] == UInt8(ascii: "$")) {
                    found.append(index..<(next + 1))
                    index = next + 1
                } else {
                    index = next
                }
                continue
            }
            if byte == UInt8(ascii: "\\") {
                var marker = index + 1
                if marker < end, bytes[marker] == UInt8(ascii: "\\") { marker += 1 }
                guard marker < end, bytes[marker] == UInt8(ascii: "(") || bytes[marker] == UInt8(ascii: "[") else {
                    // `\$` and `\\` are escapes, not openers.
                    index = min(end, index + 2)
                    continue
                }
                var closer = Array(bytes[index..<marker])
                closer.append(bytes[marker] == UInt8(ascii: "(") ? UInt8(ascii: ")") : UInt8(ascii: "]"))
                if let closed = close(closer, from: marker + 1, to: min(end, marker + 1 + reach)) {
                    found.append(index..<closed)
                    index = closed
                } else {
                    index = marker + 1
                }
                continue
            }
            let from = index + 1
            if nextDollar < from { nextDollar = ByteSearch.firstOffset(of: UInt8(ascii: "$"), in: bytes, within: from..<end) ?? end }
            if nextBackslash < from { nextBackslash = ByteSearch.firstOffset(of: UInt8(ascii: "\\"), in: bytes, within: from..<end) ?? end }
            index = min(nextDollar, nextBackslash)
        }
        return found
    }

    /// The end of the first `needle` in `bytes[from..<to]`.
    private static func search(_ needle: [UInt8], in bytes: [UInt8], from: Int, to: Int) -> Int? {
        guard needle.count <= to - from else { return nil }
        var index = from
        while index + needle.count <= to {
            if bytes[index] == needle[0], bytes[index..<(index + needle.count)].elementsEqual(needle) { return index + needle.count }
            index += 1
        }
        return nil
    }
}
