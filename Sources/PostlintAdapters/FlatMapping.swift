/// The front matter most posts have, read without libyaml: one `key: value` per line, keys made
/// of ASCII letters, digits, `_` and `-`, values plain or quoted on the line they start, or a
/// flow list of plain words (`categories: [release]`). This is
/// the node libyaml's events would make (`FlatMappingTests` holds the two to the same tree);
/// anything else (an indented line, a comment, a list, an escape, a character libyaml treats
/// specially) answers nil and goes to libyaml. libyaml costs more than the rest of parsing
/// such a post.
enum FlatMapping {
    static func read(_ text: String) -> YAMLNode? {
        var text = text
        return text.withUTF8 { bytes -> YAMLNode? in
            guard !bytes.isEmpty, isPlainText(bytes) else { return nil }
            var pairs: [YAMLPair] = []
            pairs.reserveCapacity(16)
            var nodes = 1
            var line = 1
            var start = 0
            while start < bytes.count {
                var end = start
                while end < bytes.count, bytes[end] != 0x0A { end += 1 }
                if end > start {
                    guard let (pair, count) = pair(UnsafeBufferPointer(rebasing: bytes[start..<end]), line: line) else { return nil }
                    pairs.append(pair)
                    nodes += count
                }
                line += 1
                start = end + 1
            }
            // libyaml's composer refuses a tree of more nodes (see `maximumNodes`); so does this.
            guard let first = pairs.first, nodes <= YAMLComposer.maximumNodes else { return nil }
            return YAMLNode(content: .mapping(pairs), mark: first.key.mark)
        }
    }

    /// `key: value` on one line and its number of nodes, or nil.
    private static func pair(_ line: UnsafeBufferPointer<UInt8>, line number: Int) -> (YAMLPair, nodes: Int)? {
        guard let first = line.first, isKeyStart(first) else { return nil }
        var colon = 1
        while colon < line.count, isKeyByte(line[colon]) { colon += 1 }
        // `key: ` and a value of at least one character.
        guard colon + 2 < line.count, line[colon] == UInt8(ascii: ":"), line[colon + 1] == UInt8(ascii: " ") else { return nil }
        let valueStart = colon + 2
        let key = YAMLNode(content: .scalar(String(decoding: UnsafeBufferPointer(rebasing: line[..<colon]), as: UTF8.self), .plain), mark: YAMLMark(line: number, column: 1))
        // Every byte before the value is ASCII, so its scalar column is its byte column.
        let mark = YAMLMark(line: number, column: valueStart + 1)
        if line[valueStart] == UInt8(ascii: "[") {
            guard let items = sequence(UnsafeBufferPointer(rebasing: line[valueStart...]), line: number, column: valueStart + 1) else { return nil }
            return (YAMLPair(key: key, value: YAMLNode(content: .sequence(items), mark: mark)), 2 + items.count)
        }
        guard let value = scalar(UnsafeBufferPointer(rebasing: line[valueStart...])) else { return nil }
        return (YAMLPair(key: key, value: YAMLNode(content: .scalar(value.text, value.style), mark: mark)), 2)
    }

    /// `[a, b]` (`categories: [release]`): words of letters, digits, `-`, `_`, `.` and
    /// characters beyond ASCII, each starting with a letter, a digit or such a character,
    /// separated by a comma and any spaces; nil for anything else. Columns are counted in
    /// scalars, as libyaml counts them.
    private static func sequence(_ value: UnsafeBufferPointer<UInt8>, line: Int, column: Int) -> [YAMLNode]? {
        guard value.count >= 2, value.last == UInt8(ascii: "]") else { return nil }
        var items: [YAMLNode] = []
        var index = 1, scalarColumn = column + 1
        if value[index] == UInt8(ascii: "]") { return value.count == 2 ? [] : nil }
        while true {
            let start = index, startColumn = scalarColumn
            guard isWordStart(value[index]) else { return nil }
            while index < value.count, isWordByte(value[index]) {
                if value[index] & 0xC0 != 0x80 { scalarColumn += 1 }
                index += 1
            }
            guard index < value.count else { return nil }
            items.append(YAMLNode(
                content: .scalar(String(decoding: UnsafeBufferPointer(rebasing: value[start..<index]), as: UTF8.self), .plain),
                mark: YAMLMark(line: line, column: startColumn)))
            if value[index] == UInt8(ascii: "]") { return index == value.count - 1 ? items : nil }
            guard value[index] == UInt8(ascii: ",") else { return nil }
            index += 1
            scalarColumn += 1
            while index < value.count, value[index] == UInt8(ascii: " ") {
                index += 1
                scalarColumn += 1
            }
            guard index < value.count - 1 else { return nil }
        }
    }

    private static func isWordStart(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte >= 0xC0
    }

    private static func isWordByte(_ byte: UInt8) -> Bool {
        isWordStart(byte) || byte >= 0x80 || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ".")
    }

    /// A value that ends its line: `"…"` without a backslash, `'…'` without a quote inside, or a
    /// plain scalar that starts with no indicator, holds no `: ` or ` #`, and ends in neither
    /// `:` nor a space.
    private static func scalar(_ value: UnsafeBufferPointer<UInt8>) -> (text: String, style: YAMLScalarStyle)? {
        guard let first = value.first, let last = value.last else { return nil }
        let inner = { String(decoding: UnsafeBufferPointer(rebasing: value[1..<(value.count - 1)]), as: UTF8.self) }
        switch first {
        case UInt8(ascii: "\""):
            guard value.count >= 2, last == first, !value[1..<(value.count - 1)].contains(where: { $0 == first || $0 == UInt8(ascii: "\\") }) else { return nil }
            return (inner(), .doubleQuoted)
        case UInt8(ascii: "'"):
            guard value.count >= 2, last == first, !value[1..<(value.count - 1)].contains(first) else { return nil }
            return (inner(), .singleQuoted)
        default:
            guard !isIndicator(first), last != UInt8(ascii: " "), last != UInt8(ascii: ":") else { return nil }
            for index in value.indices.dropLast() {
                let next = value[index + 1]
                if value[index] == UInt8(ascii: ":"), next == UInt8(ascii: " ") { return nil }
                if value[index] == UInt8(ascii: " "), next == UInt8(ascii: "#") || next == UInt8(ascii: " ") { return nil }
            }
            return (String(decoding: value, as: UTF8.self), .plain)
        }
    }

    private static func isKeyStart(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) || byte == UInt8(ascii: "_")
    }

    private static func isKeyByte(_ byte: UInt8) -> Bool {
        isKeyStart(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "-")
    }

    /// Characters that start something other than a plain scalar.
    private static func isIndicator(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "-"), UInt8(ascii: "?"), UInt8(ascii: ":"), UInt8(ascii: ","), UInt8(ascii: "["), UInt8(ascii: "]"),
             UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: "#"), UInt8(ascii: "&"), UInt8(ascii: "*"), UInt8(ascii: "!"),
             UInt8(ascii: "|"), UInt8(ascii: ">"), UInt8(ascii: "'"), UInt8(ascii: "\""), UInt8(ascii: "%"), UInt8(ascii: "@"),
             UInt8(ascii: "`"), UInt8(ascii: "~"), UInt8(ascii: " "):
            return true
        default:
            return false
        }
    }

    /// Whether every character is only ever text to libyaml: printable ASCII, line feeds, and
    /// two- and three-byte characters from U+00C0 on, except the surrogate block and U+2028,
    /// U+2029 (line breaks to YAML 1.1), U+FEFF, U+FFFE and U+FFFF. Control characters, tabs,
    /// carriage returns, NEL, U+00A0 to U+00BF and four-byte characters go to libyaml, which
    /// reports or reads them its own way.
    private static func isPlainText(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let count = bytes.count
        for index in 0..<count {
            let byte = bytes[index]
            if byte >= 0x20 && byte <= 0x7E || byte == 0x0A { continue }
            switch byte {
            case 0x80...0xBF, 0xC3...0xE1, 0xE3...0xEC, 0xEE:
                continue
            case 0xE2:
                if index + 2 < count, bytes[index + 1] == 0x80, bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9 { return false }
            case 0xEF:
                if index + 2 < count, bytes[index + 1] == 0xBB && bytes[index + 2] == 0xBF || bytes[index + 1] == 0xBF && bytes[index + 2] >= 0xBE { return false }
            default:
                return false
            }
        }
        return true
    }
}
