import PostlintModel

/// PL507: paragraphs indented with ideographic spaces (U+3000); layout belongs to the theme.
struct IdeographicSpaceIndent: SwiftRuleCheck {
    static let ruleID = "ideographic-space-indent"

    func mayFind(in bytes: UnsafeBufferPointer<UInt8>, language: MarkupLanguage, _ rule: ConfiguredRule) -> Bool {
        ByteClues.containsCJK(in: bytes)
    }

    func check(_ post: Post, _ context: RuleContext, report: (Finding) -> Void) {
        // No CJK text in the file, nothing to find (`PostFacts.holdsCJK`).
        guard context.facts.holdsCJK else { return }
        guard let body = post.body else { return }
        var reported = Set<Int>()
        let lineStarts = post.source.lineStarts.filter { body.range.contains($0) }
        for start in body.blocks.map(\.lowerBound) + lineStarts {
            var index = start
            let bytes = post.source.bytes
            while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x09 { index += 1 }
            var end = index
            while end + 2 < bytes.count, bytes[end] == 0xE3, bytes[end + 1] == 0x80, bytes[end + 2] == 0x80 { end += 3 }
            guard end > index, !body.verbatim.contains(index), reported.insert(index).inserted else { continue }
            report(Finding(
                range: index..<end,
                message: "paragraph indented with \((end - index) / 3) ideographic space\(end - index > 3 ? "s" : ""); remove them and let the theme indent"))
        }
    }
}
