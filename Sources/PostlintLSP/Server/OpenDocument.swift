import PostlintModel

/// A document the editor has open: its text as UTF-8 bytes, its version, and where its lines
/// start, to turn protocol positions into byte offsets and back.
struct OpenDocument: Sendable {
    let uri: String
    /// The file's path, or a made-up one under the working folder for an unsaved document.
    let path: String
    private(set) var version: Int
    private(set) var bytes: [UInt8]
    private(set) var lineStarts: [Int]

    init(uri: String, path: String, version: Int, text: String) {
        self.uri = uri
        self.path = path
        self.version = version
        bytes = Array(text.utf8)
        lineStarts = Self.lineStarts(bytes)
    }

    var text: String { String(decoding: bytes, as: UTF8.self) }

    /// Applies the changes of one `didChange` in order; a change without a range replaces all.
    /// Throws when a range lies outside the text, which means the client and server disagree.
    mutating func apply(_ changes: [(range: LSPRange?, text: String)], version: Int, encoding: PositionEncoding) throws(OutOfRange) {
        for change in changes {
            if let range = change.range {
                let start = try offset(of: range.start, encoding: encoding)
                let end = try offset(of: range.end, encoding: encoding)
                guard start <= end else { throw OutOfRange(position: range.end) }
                bytes.replaceSubrange(start..<end, with: Array(change.text.utf8))
            } else {
                bytes = Array(change.text.utf8)
            }
            lineStarts = Self.lineStarts(bytes)
        }
        self.version = version
    }

    struct OutOfRange: Error {
        let position: Position
    }

    /// The byte offset of a position. A character past the end of its line means the line's
    /// end, as the protocol says; a line past the last is an error.
    func offset(of position: Position, encoding: PositionEncoding) throws(OutOfRange) -> Int {
        guard position.line >= 0, position.character >= 0 else { throw OutOfRange(position: position) }
        if position.line >= lineStarts.count {
            // The position just past the last line break is the end of the text.
            if position.line == lineStarts.count, position.character == 0, bytes.last == 0x0A { return bytes.count }
            throw OutOfRange(position: position)
        }
        let start = lineStarts[position.line]
        let end = lineEnd(position.line)
        var index = start
        var units = 0
        while index < end, units < position.character {
            let (value, length) = UTF8Scalar.decode(bytes, at: index, end: end)
            units += encoding == .utf8 ? length : (value > 0xFFFF ? 2 : 1)
            index += length
        }
        return index
    }

    /// The position of a byte offset.
    func position(of offset: Int, encoding: PositionEncoding) -> Position {
        let offset = max(0, min(offset, bytes.count))
        var low = 0, high = lineStarts.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if lineStarts[middle] <= offset { low = middle } else { high = middle - 1 }
        }
        let start = lineStarts[low]
        if encoding == .utf8 { return Position(line: low, character: offset - start) }
        var units = 0
        var index = start
        while index < offset {
            let (value, length) = UTF8Scalar.decode(bytes, at: index, end: bytes.count)
            units += value > 0xFFFF ? 2 : 1
            index += length
        }
        return Position(line: low, character: units)
    }

    func range(of bytes: Range<Int>, encoding: PositionEncoding) -> LSPRange {
        LSPRange(start: position(of: bytes.lowerBound, encoding: encoding), end: position(of: bytes.upperBound, encoding: encoding))
    }

    /// Where line `line` (zero-based) ends, before its line break.
    func lineEnd(_ line: Int) -> Int {
        var end = line + 1 < lineStarts.count ? lineStarts[line + 1] : bytes.count
        if end > lineStarts[line], bytes[end - 1] == 0x0A { end -= 1 }
        if end > lineStarts[line], bytes[end - 1] == 0x0D { end -= 1 }
        return end
    }

    /// Lines start at 0 and after every LF, CR LF or lone CR, as the protocol counts them.
    private static func lineStarts(_ bytes: [UInt8]) -> [Int] {
        var starts = [0]
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            if byte == 0x0A {
                starts.append(index)
            } else if byte == 0x0D {
                if index < bytes.count, bytes[index] == 0x0A { index += 1 }
                starts.append(index)
            }
        }
        return starts
    }
}
