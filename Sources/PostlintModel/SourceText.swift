#if canImport(Glibc)
import Glibc
#endif

/// A 1-based line and a 1-based column counted in UTF-16 code units, as editors and SARIF count.
public struct SourceLocation: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let line: Int
    public let column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    public static func < (lhs: SourceLocation, rhs: SourceLocation) -> Bool {
        (lhs.line, lhs.column) < (rhs.line, rhs.column)
    }

    public var description: String { "\(line):\(column)" }
}

/// The exact bytes of a file with a line index. Offsets are UTF-8 byte offsets; a line ends at
/// LF, CRLF or a lone CR, so CR-only files have lines too.
public struct SourceText: Sendable {
    public let bytes: [UInt8]
    /// Offset of the first byte of every line; the first is 0.
    public let lineStarts: [Int]
    /// Whether the bytes are UTF-8 text, found once for the post and its columns.
    public let encoding: TextEncoding
    /// Whether any line ends in a carriage return: found with the line index, and almost never.
    public let hasCarriageReturn: Bool

    public init(bytes: [UInt8]) {
        self.bytes = bytes
        encoding = TextEncoding(validating: bytes)
        var starts = [0]
        starts.reserveCapacity(bytes.count / 40 + 1)
        var index = 0
        let count = bytes.count
        hasCarriageReturn = bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress.map { memchr($0, 0x0D, count) != nil } ?? false
        }
        bytes.withUnsafeBufferPointer { [hasCarriageReturn] buffer in
            // Without a carriage return, every line ends at a line feed, which memchr finds.
            if let base = buffer.baseAddress, !hasCarriageReturn {
                while index < count, let found = memchr(base + index, 0x0A, count - index) {
                    index = UnsafeRawPointer(found) - UnsafeRawPointer(base) + 1
                    starts.append(index)
                }
                return
            }
            while index < count {
                let byte = buffer[index]
                if byte == 0x0A {
                    starts.append(index + 1)
                } else if byte == 0x0D {
                    if index + 1 < count, buffer[index + 1] == 0x0A { index += 1 }
                    starts.append(index + 1)
                }
                index += 1
            }
        }
        lineStarts = starts
    }

    public var count: Int { bytes.count }
    public var lineCount: Int { lineStarts.count }

    /// The 1-based line holding `offset`.
    public func line(containing offset: Int) -> Int {
        var low = 0, high = lineStarts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if lineStarts[mid] <= offset { low = mid } else { high = mid - 1 }
        }
        return low + 1
    }

    /// The bytes of a 1-based line without its terminator.
    public func lineRange(_ line: Int) -> Range<Int> {
        let start = lineStarts[line - 1]
        var end = line < lineStarts.count ? lineStarts[line] : bytes.count
        if end > start, bytes[end - 1] == 0x0A { end -= 1 }
        if end > start, bytes[end - 1] == 0x0D { end -= 1 }
        return start..<end
    }

    /// The bytes of a 1-based line including its terminator.
    public func fullLineRange(_ line: Int) -> Range<Int> {
        let start = lineStarts[line - 1]
        return start..<(line < lineStarts.count ? lineStarts[line] : bytes.count)
    }

    public func location(of offset: Int) -> SourceLocation {
        let clamped = max(0, min(offset, bytes.count))
        let line = line(containing: clamped)
        return SourceLocation(line: line, column: 1 + utf16Count(lineStarts[line - 1]..<clamped))
    }

    /// `location(of: offset)` when `start` is already known to be at `startOffset`, in valid
    /// UTF-8: on the same line only the bytes between the two are counted, not the line from its
    /// beginning again.
    public func location(of offset: Int, after start: SourceLocation, at startOffset: Int) -> SourceLocation {
        let clamped = max(0, min(offset, bytes.count))
        guard startOffset >= 0, startOffset <= clamped, startOffset == bytes.count || bytes[startOffset] & 0xC0 != 0x80,
              start.line == lineStarts.count || clamped < lineStarts[start.line] else {
            return location(of: offset)
        }
        return SourceLocation(line: start.line, column: start.column + utf16Count(startOffset..<clamped))
    }

    /// UTF-16 code units in a byte range; a stray byte of invalid UTF-8 counts as one.
    public func utf16Count(_ range: Range<Int>) -> Int {
        bytes.withUnsafeBufferPointer { buffer in
            var units = 0
            var index = max(0, range.lowerBound)
            let end = min(range.upperBound, buffer.count)
            if encoding == .utf8, let base = buffer.baseAddress {
                // Valid UTF-8 has a unit for every byte that does not continue a scalar, and a
                // second for every four-byte lead: counted eight bytes at a time, as CJK text
                // has no ASCII run to skip.
                // A range may start inside a scalar; its stray continuation bytes count one each.
                while index < end, buffer[index] & 0xC0 == 0x80 {
                    units += 1
                    index += 1
                }
                // Per-byte tallies in the lanes of a word (no popcount on baseline x86-64),
                // summed across the lanes before any lane can reach 256.
                let high: UInt64 = 0x8080_8080_8080_8080
                while end - index >= 8 {
                    var continuing: UInt64 = 0, fourByteLeads: UInt64 = 0, words = 0
                    while end - index >= 8, words < 255 {
                        let word = UInt64(littleEndian: UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self))
                        continuing &+= (word & ~(word << 1) & high) >> 7
                        fourByteLeads &+= (word & (word << 1) & (word << 2) & (word << 3) & high) >> 7
                        index += 8
                        words += 1
                    }
                    units += 8 * words - Self.laneSum(continuing) + Self.laneSum(fourByteLeads)
                }
                while index < end {
                    let byte = buffer[index]
                    if byte & 0xC0 != 0x80 { units += byte >= 0xF0 ? 2 : 1 }
                    index += 1
                }
                return units
            }
            while index < end {
                let byte = buffer[index]
                if byte < 0xC0 {
                    index += 1
                } else {
                    index += byte < 0xE0 ? 2 : byte < 0xF0 ? 3 : 4
                    if byte >= 0xF0 { units += 1 }
                }
                units += 1
            }
            return units
        }
    }

    /// The sum of a word's eight byte lanes, each below 256.
    private static func laneSum(_ word: UInt64) -> Int {
        let pairs = (word & 0x00FF_00FF_00FF_00FF) &+ ((word >> 8) & 0x00FF_00FF_00FF_00FF)
        return Int((pairs &* 0x0001_0001_0001_0001) >> 48)
    }

    /// The offset of a 1-based line and a 1-based column counted in Unicode scalars.
    public func offset(line: Int, scalarColumn: Int) -> Int {
        guard line >= 1 else { return 0 }
        guard line <= lineStarts.count else { return bytes.count }
        let limit = lineRange(line).upperBound
        var index = lineStarts[line - 1]
        var column = 1
        while column < scalarColumn, index < limit {
            index += scalarLength(at: index)
            column += 1
        }
        return min(index, limit)
    }

    /// The length of the UTF-8 sequence that starts at `offset` (1 for a stray byte).
    public func scalarLength(at offset: Int) -> Int {
        let byte = bytes[offset]
        let length = byte < 0xC0 ? 1 : byte < 0xE0 ? 2 : byte < 0xF0 ? 3 : 4
        return min(length, bytes.count - offset)
    }

    public func string(_ range: Range<Int>) -> String {
        String(decoding: bytes[range], as: UTF8.self)
    }

    /// The first occurrence of `needle` within `range` (see `ByteSearch`).
    public func firstRange(of needle: some Collection<UInt8>, in range: Range<Int>) -> Range<Int>? {
        ByteSearch.firstRange(of: needle, in: bytes, within: range)
    }

    /// Whether `needle` occurs within `range`.
    public func contains(_ needle: String, in range: Range<Int>) -> Bool {
        firstRange(of: needle.utf8, in: range) != nil
    }
}
