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
    /// Every run decoded, when the text is decoded once for all rules (`PostFacts.prose`).
    private var decoded: [[Scalar]]?
    /// Whether each run holds a byte beyond ASCII, worked out with `decoded`.
    private var beyond: [Bool]?

    /// Prose larger than this is decoded run by run each time, so memory stays proportional to
    /// a line; below it, once (a scalar takes 24 bytes).
    static let decodedOnceLimit = 1 << 20

    /// With `decodingOnce`, the runs are decoded here, for every rule that reads them.
    init(_ post: Post, within limits: Range<Int>? = nil, decodingOnce: Bool) {
        self.init(post, within: limits)
        if decodingOnce, ranges.reduce(0, { $0 + $1.count }) <= Self.decodedOnceLimit {
            let bytes = bytes
            decoded = ranges.map { Self.decode(bytes, $0) }
            beyond = ranges.indices.map(scanBeyondASCII)
        }
    }

    init(_ post: Post, within limits: Range<Int>? = nil) {
        bytes = post.source.bytes
        decoded = nil
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

    /// The decoded runs, in order.
    var runs: Runs { Runs(text: self, beyondASCIIOnly: false) }

    /// The runs that hold a character beyond ASCII, in order: all that rules about CJK
    /// characters need to read (an English post has almost none).
    var runsBeyondASCII: Runs { Runs(text: self, beyondASCIIOnly: true) }

    struct Runs: Sequence {
        let text: ProseText
        let beyondASCIIOnly: Bool

        struct Iterator: IteratorProtocol {
            let text: ProseText
            let beyondASCIIOnly: Bool
            var index = 0

            mutating func next() -> [Scalar]? {
                while index < text.ranges.count {
                    defer { index += 1 }
                    if beyondASCIIOnly, !text.isBeyondASCII(index) { continue }
                    return text.decoded?[index] ?? ProseText.decode(text.bytes, text.ranges[index])
                }
                return nil
            }
        }

        func makeIterator() -> Iterator { Iterator(text: text, beyondASCIIOnly: beyondASCIIOnly) }
    }

    /// Whether run `index` has a byte beyond ASCII.
    private func isBeyondASCII(_ index: Int) -> Bool {
        beyond?[index] ?? scanBeyondASCII(index)
    }

    private func scanBeyondASCII(_ index: Int) -> Bool {
        bytes.withUnsafeBufferPointer { all in UnsafeBufferPointer(rebasing: all[ranges[index]]).contains { $0 >= 0x80 } }
    }

    /// The prose scalars inside `range`, in order: from the runs decoded once when there are,
    /// otherwise decoded afresh.
    func scalars(within range: Range<Int>, of post: Post) -> [Scalar] {
        guard let decoded else { return Array(ProseText(post, within: range).runs.joined()) }
        var low = 0, high = ranges.count
        while low < high {
            let middle = (low + high) / 2
            if ranges[middle].upperBound <= range.lowerBound { low = middle + 1 } else { high = middle }
        }
        var scalars: [Scalar] = []
        for index in low..<ranges.count {
            guard ranges[index].lowerBound < range.upperBound else { break }
            if range.contains(ranges[index].lowerBound), ranges[index].upperBound <= range.upperBound {
                scalars += decoded[index]
            } else {
                scalars += decoded[index].filter { range.contains($0.offset) }
            }
        }
        return scalars
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
        // Every rule reads these, so the loop runs on raw buffers: a scalar is at most one per byte.
        bytes.withUnsafeBufferPointer { bytes in
            [Scalar](unsafeUninitializedCapacity: range.count) { scalars, count in
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
                    scalars.initializeElement(at: count, to: Scalar(offset: index, length: length, value: value))
                    count += 1
                    index += length
                }
            }
        }
    }
}

extension UInt32 {
    var isASCIIAlphanumeric: Bool {
        (48...57).contains(self) || (65...90).contains(self) || (97...122).contains(self)
    }
}
