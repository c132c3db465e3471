import PostlintModel

/// PL603: spaces or tabs at the end of a body line. Two spaces that make a Markdown hard line
/// break are allowed unless `allow-hard-break` is false; more than two are trimmed to two, so
/// that the break stays.
struct TrailingWhitespace: SwiftRuleCheck {
    static let ruleID = "trailing-whitespace"

    func mayFind(in bytes: UnsafeBufferPointer<UInt8>, language: MarkupLanguage, _ rule: ConfiguredRule) -> Bool {
        ByteClues.containsBlankAtLineEnd(in: bytes)
    }

    func check(_ post: Post, _ context: RuleContext, report: (Finding) -> Void) {
        guard let body = post.body else { return }
        // Most posts have no blank ending a line: told by memchr, their lines are not read.
        guard post.source.bytes.withUnsafeBufferPointer(ByteClues.containsBlankAtLineEnd) else { return }
        let allowBreak = context.option("allow-hard-break").bool ?? true
        let source = post.source
        let firstLine = source.line(containing: body.range.lowerBound)
        guard body.range.lowerBound < source.count || body.range.isEmpty == false else { return }
        // Where a paragraph goes on past a line's end, cmark's paragraph holds the line break.
        // Made at the first line that ends in two spaces: most posts have none.
        lazy var paragraphs = RangeSet(body.markdown.nodes.indices.filter { body.markdown.nodes[$0].kind == .paragraph }.map { body.markdownRanges[$0] })
        for line in firstLine...source.lineCount {
            let range = source.lineRange(line)
            var start = range.upperBound
            while start > range.lowerBound, source.bytes[start - 1] == 0x20 || source.bytes[start - 1] == 0x09 { start -= 1 }
            guard start < range.upperBound, !body.codeRanges.contains(start) else { continue }
            let blankLine = start == range.lowerBound
            // After a lone marker (`* `, `- [ ] `, `: `) the space makes the item: it is syntax.
            if LineEndBlanks.isMarker(source.bytes[range.lowerBound..<start]) { continue }
            // Two or more spaces ending the line are a Markdown hard line break where the
            // paragraph goes on on the next line, whatever blanks come before them.
            var spaces = range.upperBound
            while spaces > start, source.bytes[spaces - 1] == 0x20 { spaces -= 1 }
            let breaks = post.language == .markdown && !blankLine && range.upperBound - spaces >= 2
                && paragraphs.contains(range.upperBound)
            if breaks, allowBreak {
                if range.upperBound - start == 2 { continue }
                // Keep the break the reader sees; only the blanks beyond its two spaces go.
                let removed = spaces == start ? (start + 2)..<range.upperBound : start..<(range.upperBound - 2)
                report(Finding(
                    range: removed,
                    message: spaces == start
                        ? "\(range.upperBound - start) spaces make a hard line break; two are enough"
                        : "blanks before the two spaces of a hard line break; two spaces are enough",
                    fix: context.deletion(removed)))
                continue
            }
            // Without them a backslash ending the line would be a hard line break.
            if post.language == .markdown, !blankLine, source.bytes[start - 1] == UInt8(ascii: "\\"), paragraphs.contains(range.upperBound) {
                report(Finding(range: start..<range.upperBound,
                               message: "trailing whitespace after a backslash; not removed, as the backslash would then make a hard line break: end the line with the text you mean"))
                continue
            }
            report(Finding(
                range: start..<range.upperBound,
                message: blankLine ? "blank line holds spaces or tabs; remove them" : "trailing whitespace; remove it",
                fix: context.deletion(start..<range.upperBound)))
        }
    }
}
