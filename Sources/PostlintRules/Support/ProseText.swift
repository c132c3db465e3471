import PostlintModel

/// The prose of a post as decoded scalars with byte offsets, in runs that no code, URL, tag or
/// Liquid interrupts. Text rules read this instead of the raw bytes so they never fire in code.
struct ProseText {
    struct Scalar {
        let offset: Int
        let length: Int
        let value: UInt32

        var end: Int { offset + length }
    }

    /// Byte ranges of prose, split at line breaks so that a run is never longer than a line.
    let ranges: [Range<Int>]
    private let bytes: [UInt8]

    init(_ post: Post, within limits: Range<Int>? = nil) {
        bytes = post.source.bytes
        guard let body = post.body else { ranges = []; return }
        let range = limits?.clamped(to: body.range) ?? body.range
        var segments: [Range<Int>] = []
        var start = range.lowerBound
        let verbatim = body.verbatim.ranges
        // Start at the first verbatim range that can reach into `range`.
        var low = 0, high = verbatim.count
        while low < high {
            let mid = (low + high) / 2
            if verbatim[mid].upperBound <= range.lowerBound { low = mid + 1 } else { high = mid }
        }
        for skipped in verbatim[low...] {
            if skipped.lowerBound >= range.upperBound { break }
            if skipped.lowerBound > start { segments.append(start..<skipped.lowerBound) }
            start = max(start, skipped.upperBound)
        }
        if start < range.upperBound { segments.append(start..<range.upperBound) }
        var lines: [Range<Int>] = []
        for raw in segments {
            // Positions from the parsers can land inside a character; runs hold whole characters.
            let segment = Self.snap(raw, in: bytes)
            guard !segment.isEmpty else { continue }
            var lineStart = segment.lowerBound
            for index in segment where bytes[index] == 0x0A {
                if index > lineStart { lines.append(lineStart..<index) }
                lineStart = index + 1
            }
            if lineStart < segment.upperBound { lines.append(lineStart..<segment.upperBound) }
        }
        ranges = lines
    }

    /// The decoded runs, one at a time, so memory stays proportional to a line.
    var runs: LazyMapSequence<[Range<Int>], [Scalar]> {
        let bytes = bytes
        return ranges.lazy.map { Self.decode(bytes, $0) }
    }

    /// `range` widened or narrowed to whole UTF-8 sequences: its start moves past continuation
    /// bytes, its end past the rest of a sequence it cuts.
    static func snap(_ range: Range<Int>, in bytes: [UInt8]) -> Range<Int> {
        var start = range.lowerBound, end = range.upperBound
        while start < end, start < bytes.count, bytes[start] & 0xC0 == 0x80 { start += 1 }
        while end < bytes.count, end > start, bytes[end] & 0xC0 == 0x80 { end += 1 }
        return start..<max(start, end)
    }

    static func decode(_ bytes: [UInt8], _ range: Range<Int>) -> [Scalar] {
        var scalars: [Scalar] = []
        scalars.reserveCapacity(range.count)
        var index = range.lowerBound
        while index < range.upperBound {
            let lead = bytes[index]
            var length = 1
            var value = UInt32(lead)
            if lead >= 0xF0 { length = 4; value &= 0x07 } else if lead >= 0xE0 { length = 3; value &= 0x0F } else if lead >= 0xC0 { length = 2; value &= 0x1F }
            // A broken sequence reads as U+FFFD, never as the control character its byte resembles.
            if lead >= 0x80 && lead < 0xC0 || index + length > range.upperBound { length = 1; value = 0xFFFD }
            if length > 1 {
                for next in 1..<length { value = value << 6 | UInt32(bytes[index + next] & 0x3F) }
            }
            scalars.append(Scalar(offset: index, length: length, value: value))
            index += length
        }
        return scalars
    }
}

extension UInt32 {
    var isASCIIAlphanumeric: Bool {
        (48...57).contains(self) || (65...90).contains(self) || (97...122).contains(self)
    }
}
