import PostlintModel

/// PL603: spaces or tabs at the end of a body line. Two spaces that make a Markdown hard line
/// break are allowed unless `allow-hard-break` is false.
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
            let hardBreak = allowBreak && !blankLine && range.upperBound - start == 2
                && source.bytes[start] == 0x20 && source.bytes[start + 1] == 0x20
                && line < source.lineCount && !source.lineRange(line + 1).isEmpty
            if hardBreak { continue }
            findings.append(Finding(
                range: start..<range.upperBound,
                message: blankLine ? "blank line holds spaces or tabs; remove them" : "trailing whitespace; remove it",
                fix: context.deletion(start..<range.upperBound)))
        }
        return findings
    }
}
