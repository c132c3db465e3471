import PostlintModel

/// PL609: more blank lines in a row than `maximum`; they render as nothing and hide structure.
struct ConsecutiveBlankLines: RuleCheck {
    func check(_ post: Post, _ context: RuleContext) -> [Finding] {
        guard let body = post.body, !body.range.isEmpty else { return [] }
        let maximum = context.option("maximum").int ?? 2
        let source = post.source
        var findings: [Finding] = []
        var runStart: Int?
        var count = 0
        let first = source.line(containing: body.range.lowerBound)
        for line in first...source.lineCount {
            let range = source.lineRange(line)
            let blank = source.bytes[range].allSatisfy { $0 == 0x20 || $0 == 0x09 } && line < source.lineCount
            if blank, !body.codeRanges.contains(range.lowerBound) {
                if runStart == nil { runStart = line }
                count += 1
                continue
            }
            if let start = runStart, count > maximum {
                let from = source.lineStarts[start + maximum - 1]
                findings.append(Finding(
                    range: from..<source.lineStarts[line - 1],
                    message: "\(count) blank lines in a row; at most \(maximum) expected"))
            }
            runStart = nil
            count = 0
        }
        return findings
    }
}
