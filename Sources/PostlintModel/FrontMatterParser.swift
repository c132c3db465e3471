import PostlintAdapters

/// Finds and parses front matter the way Jekyll does: a `---` line at the very start of the file,
/// up to the next `---` or `...` line.
enum FrontMatterParser {
    /// The front matter of `source`, or nil when the file has none (even after blank lines).
    static func parse(_ source: SourceText) -> FrontMatter? {
        let bytes = source.bytes
        var line = 1
        var leadingEnd = 0
        // A BOM or blank lines before `---` hide the front matter from Jekyll; find it anyway.
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { leadingEnd = 3 }
        while line <= source.lineCount {
            let range = source.lineRange(line)
            let start = max(range.lowerBound, line == 1 ? leadingEnd : range.lowerBound)
            if isBlank(bytes[start..<range.upperBound]) {
                guard line < source.lineCount else { return nil }
                line += 1
                leadingEnd = source.lineStarts[line - 1]
                continue
            }
            guard isDelimiter(bytes[start..<range.upperBound], allowDots: false) else { return nil }
            leadingEnd = start
            break
        }
        guard line <= source.lineCount else { return nil }
        let opening = leadingEnd..<source.lineRange(line).upperBound
        let yamlStart = line < source.lineCount ? source.lineStarts[line] : source.count
        var closing: Range<Int>?
        var yamlEnd = source.count
        var closingLine = line + 1
        while closingLine <= source.lineCount {
            let range = source.lineRange(closingLine)
            if isDelimiter(bytes[range], allowDots: true) {
                closing = range
                yamlEnd = range.lowerBound
                break
            }
            closingLine += 1
        }
        if closing == nil, yamlStart >= source.count { yamlEnd = yamlStart }
        let yamlRange = yamlStart..<max(yamlStart, yamlEnd)
        let yamlFirstLine = line + 1
        let text = source.string(yamlRange)
        var root: YAMLNode?
        var error: FrontMatterError?
        do throws(YAMLComposeError) {
            root = try YAMLComposer.compose(text)
        } catch let failure {
            let offset = failure.mark.map {
                source.offset(line: yamlFirstLine + $0.line - 1, scalarColumn: $0.column)
            } ?? yamlRange.lowerBound
            error = FrontMatterError(message: failure.problem, offset: min(offset, max(yamlRange.upperBound, yamlRange.lowerBound)))
        }
        var entries: [FrontMatterEntry] = []
        if let node = root {
            if case .mapping(let pairs) = node.content {
                entries = EntryLocator(source: source, firstLine: yamlFirstLine).entries(pairs)
            } else {
                error = FrontMatterError(
                    message: "front matter is a YAML \(node.kindName), not a mapping of keys to values",
                    offset: source.offset(line: yamlFirstLine + node.mark.line - 1, scalarColumn: node.mark.column))
                root = nil
            }
        }
        return FrontMatter(
            leading: 0..<opening.lowerBound, opening: opening, closing: closing, yamlRange: yamlRange,
            yamlFirstLine: yamlFirstLine, root: root, error: error, entries: entries)
    }

    private static func isBlank(_ bytes: ArraySlice<UInt8>) -> Bool {
        bytes.allSatisfy { $0 == 0x20 || $0 == 0x09 }
    }

    /// `---` (or `...` to close) followed only by blanks.
    private static func isDelimiter(_ bytes: ArraySlice<UInt8>, allowDots: Bool) -> Bool {
        guard bytes.count >= 3 else { return false }
        let first = bytes[bytes.startIndex]
        guard first == UInt8(ascii: "-") || (allowDots && first == UInt8(ascii: ".")) else { return false }
        let head = bytes.prefix(3)
        guard head.allSatisfy({ $0 == first }) else { return false }
        return isBlank(bytes.dropFirst(3))
    }
}

extension YAMLNode {
    /// `scalar`, `mapping` or `sequence`.
    public var kindName: String {
        switch content {
        case .scalar: return "scalar"
        case .mapping: return "mapping"
        case .sequence: return "sequence"
        }
    }
}
