import PostlintModel

/// PL423: spaces or tabs before a block tag at the start of a line (the seed post's ` <p>`).
/// Four or more turn the line into a Markdown code block; fewer are noise that diffs and
/// converters carry along.
struct IndentedBlockTag: RuleCheck {
    func check(_ post: Post, _ context: RuleContext) -> [Finding] {
        guard let body = post.body else { return [] }
        var findings: [Finding] = []
        for element in body.html.elements where BodyParser.blockElementNames.contains(element.name) {
            guard let tag = element.startTag else { continue }
            let line = post.source.line(containing: tag.lowerBound)
            let start = post.source.lineStarts[line - 1]
            guard start < tag.lowerBound, post.source.bytes[start..<tag.lowerBound].allSatisfy({ $0 == 0x20 || $0 == 0x09 }) else { continue }
            findings.append(Finding(
                range: start..<tag.lowerBound, message: "`<\(element.name)>` is indented; start block tags at the beginning of the line",
                fix: context.deletion(start..<tag.lowerBound)))
        }
        return findings
    }
}
