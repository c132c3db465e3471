import PostlintAdapters

/// Turns the YAML composer's start marks into byte ranges for every top-level key and value.
/// The composer reports where nodes start; where a value ends is read off the source here.
struct EntryLocator {
    let source: SourceText
    let yamlRange: Range<Int>
    let firstLine: Int

    func offset(_ mark: YAMLMark) -> Int {
        source.offset(line: firstLine + mark.line - 1, scalarColumn: mark.column)
    }

    func entries(_ pairs: [YAMLPair]) -> [FrontMatterEntry] {
        let keyStarts = pairs.map { offset($0.key.mark) }
        return pairs.enumerated().map { index, pair in
            // An entry runs until the next key's line, or the end of the YAML.
            var limit = yamlRange.upperBound
            if index + 1 < pairs.count {
                limit = source.lineStarts[source.line(containing: keyStarts[index + 1]) - 1]
            }
            let keyStart = keyStarts[index]
            let keyEnd = scalarEnd(pair.key, from: keyStart, limit: limit, isKey: true)
            var valueStart = offset(pair.value.mark)
            let valueEnd: Int
            if case .scalar(let text, _) = pair.value.content, text.isEmpty, pair.value.style == .plain {
                // An empty value has no text of its own; it sits at the end of its key's line.
                valueStart = source.lineRange(source.line(containing: keyEnd)).upperBound
                valueEnd = valueStart
            } else if case .scalar = pair.value.content {
                valueEnd = scalarEnd(pair.value, from: valueStart, limit: limit)
            } else {
                valueEnd = trimmedEnd(from: valueStart, limit: limit)
            }
            let key: String
            if case .scalar(let text, _) = pair.key.content { key = text } else { key = source.string(keyStart..<keyEnd) }
            return FrontMatterEntry(
                key: key, keyRange: keyStart..<keyEnd, value: pair.value,
                valueRange: valueStart..<max(valueStart, valueEnd))
        }
    }

    /// The end of a scalar that starts at `start`: past its closing quote, or the end of its
    /// line before any comment for a plain scalar, or the end of a block scalar.
    private func scalarEnd(_ node: YAMLNode, from start: Int, limit: Int, isKey: Bool = false) -> Int {
        let bytes = source.bytes
        switch node.style {
        case .doubleQuoted:
            var index = start + 1
            while index < limit {
                if bytes[index] == UInt8(ascii: "\\") { index += 2; continue }
                if bytes[index] == UInt8(ascii: "\"") { return index + 1 }
                index += 1
            }
            return trimmedEnd(from: start, limit: limit)
        case .singleQuoted:
            var index = start + 1
            while index < limit {
                if bytes[index] == UInt8(ascii: "'") {
                    if index + 1 < limit, bytes[index + 1] == UInt8(ascii: "'") { index += 2; continue }
                    return index + 1
                }
                index += 1
            }
            return trimmedEnd(from: start, limit: limit)
        case .literal, .folded:
            return trimmedEnd(from: start, limit: limit)
        case .plain:
            // A plain key is written exactly as its text.
            if isKey, case .scalar(let text, _) = node.content { return min(start + text.utf8.count, limit) }
            let lineEnd = source.lineRange(source.line(containing: start)).upperBound
            var end = min(lineEnd, limit)
            var index = start + 1
            while index < end {
                if bytes[index] == UInt8(ascii: "#"), bytes[index - 1] == 0x20 || bytes[index - 1] == 0x09 {
                    end = index
                    break
                }
                index += 1
            }
            while end > start, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 { end -= 1 }
            return end
        }
    }

    /// `limit` with trailing blanks, line breaks and comment-only lines removed.
    private func trimmedEnd(from start: Int, limit: Int) -> Int {
        var end = max(start, limit)
        while end > start {
            let byte = source.bytes[end - 1]
            if byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D { end -= 1 } else { break }
        }
        return end
    }
}

extension YAMLNode {
    /// The scalar style, or `.plain` for collections.
    public var style: YAMLScalarStyle {
        if case .scalar(_, let style) = content { return style }
        return .plain
    }
}
