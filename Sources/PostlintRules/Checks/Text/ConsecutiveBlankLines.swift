import PostlintModel

/// PL609: more blank lines in a row than `maximum`; they render as one and, in the source, look
/// like missing content. At the end of the file, two or more are left-over space.
struct ConsecutiveBlankLines: SwiftRuleCheck {
    static let ruleID = "consecutive-blank-lines"

    /// A finding needs more than `maximum` blank lines in a row, or two at the end of the file.
    func mayFind(in bytes: UnsafeBufferPointer<UInt8>, language: MarkupLanguage, _ rule: ConfiguredRule) -> Bool {
        Self.mayFind(in: bytes, maximum: rule.option("maximum").int ?? 3)
    }

    static func mayFind(in bytes: UnsafeBufferPointer<UInt8>, maximum: Int) -> Bool {
        // Not `maximum + 1`: a configured maximum may be as big as an Int goes.
        ByteClues.containsBlankLines(maximum >= 1 ? 2 : 1, in: bytes)
    }

    func check(_ post: Post, _ context: RuleContext, report: (Finding) -> Void) {
        guard let body = post.body, !body.range.isEmpty else { return }
        let maximum = context.option("maximum").int ?? 3
        // Most posts have no two blank lines in a row: told by memchr, their lines are not read.
        guard post.source.bytes.withUnsafeBufferPointer({ Self.mayFind(in: $0, maximum: maximum) }) else { return }
        let source = post.source
        var runStart: Int?
        var count = 0
        let first = source.line(containing: body.range.lowerBound)
        for line in first...source.lineCount {
            let range = source.lineRange(line)
            let last = line == source.lineCount
            let blank = source.bytes[range].allSatisfy { $0 == 0x20 || $0 == 0x09 } && !last
            if blank, !body.codeRanges.contains(range.lowerBound) {
                if runStart == nil { runStart = line }
                count += 1
                continue
            }
            // The last line is empty when the file ends with a line break: the run before it
            // ends the file.
            let atEnd = last && range.isEmpty
            if let start = runStart, atEnd ? count >= 2 : count > maximum {
                let from = source.lineStarts[start + (atEnd ? 0 : maximum) - 1]
                report(Finding(
                    range: from..<source.lineStarts[line - 1],
                    message: atEnd ? "\(count) blank lines at the end of the file; remove them"
                        : "\(count) blank lines in a row render as one; at most \(maximum) expected"))
            }
            runStart = nil
            count = 0
        }
    }
}
