import PostlintAdapters

/// Turns the YAML composer's marks into byte ranges for every top-level key and value: libyaml
/// marks where each node starts and ends, so nothing is read again here but a block scalar's
/// trailing line breaks.
struct EntryLocator {
    let source: SourceText
    let firstLine: Int

    func offset(_ mark: YAMLMark) -> Int {
        source.offset(line: firstLine + mark.line - 1, scalarColumn: mark.column)
    }

    func entries(_ pairs: [YAMLPair]) -> [FrontMatterEntry] {
        pairs.map { pair in
            let keyRange = offset(pair.key.mark)..<offset(pair.key.end)
            var valueStart = offset(pair.value.mark)
            var valueEnd = offset(pair.value.end)
            switch pair.value.content {
            case .scalar(let text, .plain) where text.isEmpty:
                // An empty value has no text of its own; it sits at the end of its key's line.
                valueStart = source.lineRange(source.line(containing: keyRange.upperBound)).upperBound
                valueEnd = valueStart
            case .scalar(_, .literal), .scalar(_, .folded):
                // A block scalar ends past its last line break; the value is its text.
                valueEnd = trimmedEnd(from: valueStart, limit: valueEnd)
            default:
                break
            }
            let key: String
            if case .scalar(let text, _) = pair.key.content { key = text } else { key = source.string(keyRange) }
            return FrontMatterEntry(key: key, keyRange: keyRange, value: pair.value, valueRange: valueStart..<max(valueStart, valueEnd))
        }
    }

    /// `limit` with trailing blanks and line breaks removed.
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
