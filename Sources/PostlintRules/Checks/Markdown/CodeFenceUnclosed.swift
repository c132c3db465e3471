import PostlintModel

/// PL611: a fenced code block that nothing closes. The fence it opened with must come back with
/// the same character, at least as long; a ``` `` ``` or a `~~~` that was meant to close a
/// ```` ``` ```` block does not, and the rest of the post renders as code.
struct CodeFenceUnclosed: SwiftRuleCheck {
    static let ruleID = "code-fence-unclosed"

    func check(_ post: Post, _ context: RuleContext, report: (Finding) -> Void) {
        guard let body = post.body, post.language == .markdown else { return }
        let nodes = body.markdown.nodes
        for index in nodes.indices where nodes[index].kind == .codeBlock && nodes[index].fenced {
            let range = body.markdownRanges[index]
            let source = post.source
            let firstLine = source.line(containing: range.lowerBound)
            let lastLine = source.line(containing: max(range.lowerBound, range.upperBound - 1))
            guard let opening = Self.fence(source.bytes[source.lineRange(firstLine)]) else { continue }
            // Closed when the block's last line is a fence of the same character, as long.
            if lastLine > firstLine, let closing = Self.fence(source.bytes[source.lineRange(lastLine)]),
               closing.character == opening.character, closing.length >= opening.length, closing.info.isEmpty { continue }
            // Only a block that runs to the end of the post swallows what follows it.
            guard source.line(containing: max(body.range.lowerBound, body.range.upperBound - 1)) <= lastLine else { continue }
            let fenceText = String(repeating: Character(Unicode.Scalar(opening.character)), count: opening.length)
            var message = "the code block opened by `\(fenceText)` is never closed, so the rest of the post renders as code"
            // A line inside that looks like the closing fence but is not.
            for line in stride(from: firstLine + 1, through: lastLine, by: 1) {
                if let candidate = Self.fence(source.bytes[source.lineRange(line)]), candidate.info.isEmpty {
                    let written = String(repeating: Character(Unicode.Scalar(candidate.character)), count: candidate.length)
                    message += "; line \(line) closes it with `\(written)`, which must be `\(fenceText)`"
                    break
                }
            }
            report(Finding(range: source.lineRange(firstLine), message: message))
        }
    }

    /// A fence line: up to three spaces, then three or more backticks or tildes (two backticks
    /// count too, as the slip they usually are), and what follows.
    static func fence(_ line: ArraySlice<UInt8>) -> (character: UInt8, length: Int, info: String)? {
        var index = line.startIndex
        while index < line.endIndex, line[index] == 0x20, index - line.startIndex < 3 { index += 1 }
        guard index < line.endIndex, line[index] == UInt8(ascii: "`") || line[index] == UInt8(ascii: "~") else { return nil }
        let character = line[index]
        var end = index
        while end < line.endIndex, line[end] == character { end += 1 }
        guard end - index >= 2 else { return nil }
        let info = String(decoding: line[end...], as: UTF8.self).trimmingWhitespace
        // Two backticks with text after them is an inline code span, not a fence.
        if end - index == 2, !info.isEmpty { return nil }
        return (character, end - index, String(info))
    }
}
