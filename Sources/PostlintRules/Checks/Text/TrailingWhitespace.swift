import PostlintModel

/// PL603: spaces or tabs at the end of a body line. Two spaces that make a Markdown hard line
/// break are allowed unless `allow-hard-break` is false; more than two are trimmed to two, so
/// that the break stays.
struct TrailingWhitespace: RuleCheck {
    func check(_ post: Post, _ context: RuleContext) -> [Finding] {
        guard let body = post.body else { return [] }
        let allowBreak = context.option("allow-hard-break").bool ?? true
        let source = post.source
        var findings: [Finding] = []
        let firstLine = source.line(containing: body.range.lowerBound)
        guard body.range.lowerBound < source.count || body.range.isEmpty == false else { return [] }
        for line in firstLine...source.lineCount {
            let range = source.lineRange(line)
            var start = range.upperBound
            while start > range.lowerBound, source.bytes[start - 1] == 0x20 || source.bytes[start - 1] == 0x09 { start -= 1 }
            guard start < range.upperBound, !body.codeRanges.contains(start) else { continue }
            let blankLine = start == range.lowerBound
            // Two or more spaces before a line that goes on are a Markdown hard line break.
            let breaks = post.language == .markdown && !blankLine && range.upperBound - start >= 2
                && source.bytes[start..<range.upperBound].allSatisfy { $0 == 0x20 }
                && line < source.lineCount && !source.lineRange(line + 1).isEmpty
            if breaks, allowBreak {
                if range.upperBound - start == 2 { continue }
                // Keep the break the reader sees; only the spaces beyond two go.
                findings.append(Finding(
                    range: (start + 2)..<range.upperBound,
                    message: "\(range.upperBound - start) spaces make a hard line break; two are enough",
                    fix: context.deletion((start + 2)..<range.upperBound)))
                continue
            }
            findings.append(Finding(
                range: start..<range.upperBound,
                message: blankLine ? "blank line holds spaces or tabs; remove them" : "trailing whitespace; remove it",
                fix: context.deletion(start..<range.upperBound)))
        }
        return findings
    }
}
