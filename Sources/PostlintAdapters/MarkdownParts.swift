/// Where a long Markdown text can be cut into parts that cmark parses as it parses the whole, so
/// that cmark's tree of a whole big post (about six times its size) is never in memory: the
/// parser, the converter and the verifier take a big post a part at a time.
///
/// A cut goes before a line that starts at the margin after a blank line and is no list item (nor
/// an HTML tag): there a new top-level block begins whatever came before. Never inside a fenced code block or an HTML block that runs
/// across blank lines (`<pre>`, `<script>`, `<style>`, `<textarea>`, comments, `<?…?>`,
/// `<!…>`, CDATA). Link reference definitions hold for the whole text, so the definitions are
/// put before every part (`preamble`); a text whose definitions do not read as definitions on
/// their own is not cut. Texts up to `partSize` are one part.
public struct MarkdownParts {
    /// Bytes per part, about.
    public static let partSize = 1 << 20

    /// The parts of the text, in order, covering it.
    public let ranges: [Range<Int>]
    /// The text's link reference definitions, each paragraph of them followed by a blank line,
    /// to be parsed before each part; empty when there are none or the text is one part.
    public let preamble: [UInt8]
    /// The lines of `preamble`, which a part's lines are counted after.
    public let preambleLines: Int

    /// `text` cut into parts; one part for a text up to `partSize` bytes.
    public init(_ text: UnsafeBufferPointer<UInt8>, partSize: Int = partSize) {
        let (ranges, preamble) = Self.split(text, partSize: partSize)
        self.ranges = ranges
        self.preamble = preamble
        preambleLines = preamble.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
    }

    /// Part `index` as cmark is to read it: the preamble, then the part.
    public func text(_ index: Int, of text: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        preamble + text[ranges[index]]
    }

    /// The parts of `text` and the definitions every part needs.
    static func split(_ text: UnsafeBufferPointer<UInt8>, partSize: Int) -> ([Range<Int>], [UInt8]) {
        // A carriage return ends a line for cmark too; such rare texts are not cut.
        guard text.count > partSize, !text.contains(0x0D) else { return ([0..<text.count], []) }
        var parts: [Range<Int>] = []
        var definitions: [UInt8] = []
        var inDefinitions = false
        var partStart = 0
        var lineStart = 0
        var previousBlank = false
        var fence: (character: UInt8, length: Int)?
        var htmlEnd: [UInt8]?
        while lineStart < text.count {
            var lineEnd = lineStart
            while lineEnd < text.count, text[lineEnd] != 0x0A { lineEnd += 1 }
            let line = UnsafeBufferPointer(rebasing: text[lineStart..<lineEnd])
            let indent = line.prefix { $0 == 0x20 }.count
            // A tab is indentation too: a line that starts with one goes on an indented code block.
            let atMargin = line.first != 0x20 && line.first != 0x09
            // cmark gives an HTML block that ends on the first line of a text no end position
            // (line 0), which it would have had in the whole: no part starts with one.
            let startsHTML = line.first == UInt8(ascii: "<")
            let content = line.dropFirst(indent)
            let blank = line.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }
            if fence == nil, htmlEnd == nil, previousBlank, atMargin, !startsHTML, !blank, !startsListItem(line), lineStart - partStart >= partSize {
                parts.append(partStart..<lineStart)
                partStart = lineStart
            }
            // A paragraph that starts with a definition, outside code and HTML blocks, goes to
            // the preamble whole: if any of it is no definition, the check below finds out.
            if fence == nil, htmlEnd == nil, blank {
                if inDefinitions { definitions += [0x0A] }
                inDefinitions = false
            } else if fence == nil, htmlEnd == nil, inDefinitions || (previousBlank || lineStart == 0) && Self.startsDefinition(line) {
                inDefinitions = true
                definitions += line + [0x0A]
            }
            if let open = fence {
                let run = content.prefix { $0 == open.character }.count
                if indent < 4, run >= open.length, content.dropFirst(run).allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { fence = nil }
            } else if let end = htmlEnd {
                if contains(line, end) { htmlEnd = nil }
            } else if indent < 4, let first = content.first {
                let run = content.prefix { $0 == first }.count
                if (first == UInt8(ascii: "`") || first == UInt8(ascii: "~")), run >= 3 {
                    fence = (first, run)
                } else if first == UInt8(ascii: "<"), let end = htmlBlockEnd(content), !contains(UnsafeBufferPointer(rebasing: line[(indent + 1)...]), end) {
                    htmlEnd = end
                }
            }
            previousBlank = blank
            lineStart = lineEnd + 1
        }
        parts.append(partStart..<text.count)
        if inDefinitions { definitions += [0x0A] }
        guard parts.count > 1 else { return (parts, []) }
        // The preamble must be definitions and nothing else: on its own it gives no node.
        if !definitions.isEmpty, definitions.withUnsafeBufferPointer({ MarkdownParser.parse(utf8: $0, partSize: .max).nodes.count }) > 1 {
            return ([0..<text.count], [])
        }
        return (parts, definitions)
    }

    /// The end marker of an HTML block of CommonMark's kinds 1 to 5 that `line` starts, which
    /// runs on across blank lines until the marker.
    private static func htmlBlockEnd(_ line: Slice<UnsafeBufferPointer<UInt8>>) -> [UInt8]? {
        let lower = String(decoding: line.prefix(12), as: UTF8.self).lowercased()
        for name in ["pre", "script", "style", "textarea"] where lower.hasPrefix("<" + name) {
            let after = lower.dropFirst(name.count + 1).first
            if after == nil || after == " " || after == ">" || after == "\t" || after == "\r" { return Array("</\(name)>".utf8) }
        }
        if lower.hasPrefix("<!--") { return Array("-->".utf8) }
        if lower.hasPrefix("<?") { return Array("?>".utf8) }
        if lower.hasPrefix("<![cdata[") { return Array("]]>".utf8) }
        if lower.hasPrefix("<!"), let letter = lower.dropFirst(2).first, letter.isLetter { return Array(">".utf8) }
        return nil
    }

    /// Whether `line` starts with a list marker (`-`, `*`, `+`, or digits and `.` or `)`), which
    /// after a blank line may go on the list above.
    private static func startsListItem(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = line.first else { return false }
        if first == UInt8(ascii: "-") || first == UInt8(ascii: "*") || first == UInt8(ascii: "+") { return true }
        let digits = line.prefix { $0 >= 0x30 && $0 <= 0x39 }.count
        return digits > 0 && digits < line.count && (line[digits] == UInt8(ascii: ".") || line[digits] == UInt8(ascii: ")"))
    }

    /// Whether `line` holds `marker`, ASCII letters compared without case.
    private static func contains(_ line: UnsafeBufferPointer<UInt8>, _ marker: [UInt8]) -> Bool {
        guard line.count >= marker.count else { return false }
        func lower(_ byte: UInt8) -> UInt8 { byte >= 0x41 && byte <= 0x5A ? byte + 0x20 : byte }
        for start in 0...(line.count - marker.count) where marker.indices.allSatisfy({ lower(line[start + $0]) == marker[$0] }) {
            return true
        }
        return false
    }

    /// Whether a line starts, after up to three spaces, with `[label]:`.
    private static func startsDefinition(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0
        while index < line.count, index < 3, line[index] == 0x20 { index += 1 }
        guard index < line.count, line[index] == UInt8(ascii: "[") else { return false }
        var close = index + 1
        while close < line.count, line[close] != UInt8(ascii: "]") { close += 1 }
        return close + 1 < line.count && line[close + 1] == UInt8(ascii: ":")
    }
}
