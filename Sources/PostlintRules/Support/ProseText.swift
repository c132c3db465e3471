#if canImport(Glibc)
import Glibc
#endif
import PostlintModel

/// The prose of a post as decoded scalars with byte offsets, in runs that no code, URL, tag or
/// Liquid interrupts. Text rules read this instead of the raw bytes so they never fire in code.
/// A class, so that each rule that asks `PostFacts` for it gets a reference, not a copy.
final class ProseText {
    /// A scalar and where it is: 16 bytes, as every scalar of a post's prose is kept.
    struct Scalar {
        let offset: Int
        let value: UInt32
        private let width: UInt8

        init(offset: Int, length: Int, value: UInt32) {
            self.offset = offset
            self.value = value
            width = UInt8(truncatingIfNeeded: length)
        }

        var length: Int { Int(width) }
        var end: Int { offset + Int(width) }
    }

    /// Byte ranges of prose, split at line breaks so that a run is never longer than a line.
    let ranges: [Range<Int>]
    private let bytes: [UInt8]
    /// Every run beyond ASCII decoded, when the text is decoded once for all rules
    /// (`PostFacts.prose`); a pure ASCII run is empty here and decoded when read (`run(at:)`):
    /// rules about CJK text never read one.
    private var decoded: [[Scalar]]?
    /// Whether each run holds a byte beyond ASCII, worked out with `decoded`.
    private var beyond: [Bool]?

    /// Prose larger than this is decoded run by run each time, so memory stays proportional to
    /// a line; below it, once (a scalar takes 24 bytes).
    static let decodedOnceLimit = 1 << 20

    /// With `decodingOnce`, the runs are decoded here, for every rule that reads them.
    convenience init(_ post: Post, within limits: Range<Int>? = nil, decodingOnce: Bool) {
        self.init(post, within: limits)
        if decodingOnce, ranges.reduce(0, { $0 + $1.count }) <= Self.decodedOnceLimit {
            let bytes = bytes
            let beyond = ranges.indices.map(scanBeyondASCII)
            decoded = ranges.indices.map { beyond[$0] ? Self.decode(bytes, ranges[$0]) : [] }
            self.beyond = beyond
        }
    }

    init(_ post: Post, within limits: Range<Int>? = nil) {
        bytes = post.source.bytes
        decoded = nil
        guard let body = post.body else { ranges = []; return }
        let range = limits?.clamped(to: body.range) ?? body.range
        let segments = body.verbatim.gaps(in: range)
        var lines: [Range<Int>] = []
        let bytes = bytes
        for raw in segments {
            // Positions from the parsers can land inside a character; runs hold whole characters.
            let segment = Self.snap(raw, in: bytes)
            guard !segment.isEmpty else { continue }
            var lineStart = segment.lowerBound
            while let newline = bytes.withUnsafeBufferPointer({ all in
                memchr(all.baseAddress! + lineStart, 0x0A, segment.upperBound - lineStart).map { UnsafeRawPointer($0) - UnsafeRawPointer(all.baseAddress!) }
            }) {
                if newline > lineStart { lines.append(lineStart..<newline) }
                lineStart = newline + 1
            }
            if lineStart < segment.upperBound { lines.append(lineStart..<segment.upperBound) }
        }
        // A post's title and subtitle are text readers see first: the text rules read them too.
        ranges = (limits == nil ? Self.titleRanges(post) : []) + lines
    }

    /// The text of `title` and `subtitle` in the front matter, inside any quotes, when it sits
    /// on one line and holds no escape (so that a fix's offsets are the text's).
    static func titleRanges(_ post: Post) -> [Range<Int>] {
        guard let frontMatter = post.frontMatter, frontMatter.error == nil else { return [] }
        return ["title", "subtitle"].compactMap { key in
            guard let entry = frontMatter.entry(key), entry.scalar != nil else { return nil }
            var range = entry.valueRange
            switch entry.value.style {
            case .doubleQuoted, .singleQuoted:
                guard range.count >= 2 else { return nil }
                range = (range.lowerBound + 1)..<(range.upperBound - 1)
            case .plain: break
            default: return nil
            }
            let bytes = post.source.bytes[range]
            guard !range.isEmpty, !bytes.contains(0x0A), !bytes.contains(UInt8(ascii: "\\")) else { return nil }
            return range
        }
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
                    return text.run(at: index)
                }
                return nil
            }
        }

        func makeIterator() -> Iterator { Iterator(text: text, beyondASCIIOnly: beyondASCIIOnly) }
    }

    /// Run `index`, decoded.
    func run(at index: Int) -> [Scalar] {
        if let decoded, isBeyondASCII(index) { return decoded[index] }
        return Self.decode(bytes, ranges[index])
    }

    /// Whether run `index` has a byte beyond ASCII.
    func isBeyondASCII(_ index: Int) -> Bool {
        beyond?[index] ?? scanBeyondASCII(index)
    }

    /// Whether run `index` has a byte that `test` accepts.
    func holds(_ index: Int, where test: (UInt8) -> Bool) -> Bool {
        bytes.withUnsafeBufferPointer { all in UnsafeBufferPointer(rebasing: all[ranges[index]]).contains(where: test) }
    }

    private func scanBeyondASCII(_ index: Int) -> Bool {
        bytes.withUnsafeBufferPointer { all in ByteSearch.holdsNonASCII(UnsafeBufferPointer(rebasing: all[ranges[index]])) }
    }

    /// The prose scalars inside `range`, as runs in order: the runs decoded once when there
    /// are (cut where `range` cuts them), otherwise decoded afresh.
    func runs(within range: Range<Int>, of post: Post) -> [[Scalar]] {
        guard decoded != nil else { return Array(ProseText(post, within: range).runs) }
        var low = 0, high = ranges.count
        while low < high {
            let middle = (low + high) / 2
            if ranges[middle].upperBound <= range.lowerBound { low = middle + 1 } else { high = middle }
        }
        var runs: [[Scalar]] = []
        for index in low..<ranges.count {
            guard ranges[index].lowerBound < range.upperBound else { break }
            if range.contains(ranges[index].lowerBound), ranges[index].upperBound <= range.upperBound {
                runs.append(run(at: index))
            } else {
                // A run cut by `range` (one long line holding many blocks): only the part inside
                // is read, found by binary search in a decoded run, decoded alone otherwise.
                if let decoded, isBeyondASCII(index) {
                    let run = decoded[index]
                    runs.append(Array(run[Self.first(in: run, atOrAfter: range.lowerBound)..<Self.first(in: run, atOrAfter: range.upperBound)]))
                } else {
                    runs.append(Self.decode(bytes, Self.snap(ranges[index].clamped(to: range), in: bytes)))
                }
            }
        }
        return runs
    }

    /// The index of the first scalar of `run` at or after `offset`.
    private static func first(in run: [Scalar], atOrAfter offset: Int) -> Int {
        var low = 0, high = run.count
        while low < high {
            let middle = (low + high) / 2
            if run[middle].offset < offset { low = middle + 1 } else { high = middle }
        }
        return low
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
                    // Most prose here is ASCII or three-byte CJK; both are read without the loop.
                    if lead < 0x80 {
                        scalars.initializeElement(at: count, to: Scalar(offset: index, length: 1, value: UInt32(lead)))
                        count += 1
                        index += 1
                        continue
                    }
                    if lead >= 0xE0, lead < 0xF0, index + 3 <= range.upperBound {
                        let value = (UInt32(lead) & 0x0F) << 12 | (UInt32(bytes[index + 1]) & 0x3F) << 6 | (UInt32(bytes[index + 2]) & 0x3F)
                        scalars.initializeElement(at: count, to: Scalar(offset: index, length: 3, value: value))
                        count += 1
                        index += 3
                        continue
                    }
                    let (value, length) = UTF8Scalar.decode(bytes, at: index, end: range.upperBound)
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
