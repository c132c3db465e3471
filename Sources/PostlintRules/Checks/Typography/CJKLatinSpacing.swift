import PostlintModel

/// PL508 (off by default; on in the `zh` preset): a space between CJK text and Latin letters or
/// digits (`用 Markdown 写`), the style autocorrect enforces. The space goes next to the CJK
/// character, outside any emphasis or link around the Latin text (`用 **Markdown** 写`), so
/// that the markup still parses.
struct CJKLatinSpacing: SwiftRuleCheck {
    static let ruleID = "cjk-latin-spacing"

    func mayFind(in bytes: UnsafeBufferPointer<UInt8>, language: MarkupLanguage, _ rule: ConfiguredRule) -> Bool {
        ByteClues.containsCJK(in: bytes)
    }

    func check(_ post: Post, _ context: RuleContext, report: (Finding) -> Void) {
        // No CJK text in the file, nothing to find (`PostFacts.holdsCJK`).
        guard context.facts.holdsCJK else { return }
        for run in context.facts.prose.runsBeyondASCII where run.count > 1 {
            for index in 1..<run.count {
                // Emphasis and strikethrough markers between the two do not separate them.
                let before = run[index - 1].value
                guard !Self.isInlineMarker(before) else { continue }
                var next = index
                while next < run.count, Self.isInlineMarker(run[next].value) { next += 1 }
                guard next < run.count else { continue }
                let after = run[next].value
                let cjkThenLatin = CJK.isLetter(before) && after.isASCIIAlphanumeric
                let latinThenCJK = before.isASCIIAlphanumeric && CJK.isLetter(after)
                guard cjkThenLatin || latinThenCJK else { continue }
                // Next to the Chinese character, so that markers stay against their text.
                let at = cjkThenLatin ? run[index - 1].end : run[next].offset
                report(Finding(
                    range: at..<at,
                    message: "no space between Chinese and \(cjkThenLatin ? "the following" : "the preceding") Latin text; insert one",
                    fix: context.fix([TextEdit(range: at..<at, replacement: " ")])))
            }
        }
    }

    /// `*`, `_` and `~`, which open and close emphasis and strikethrough.
    static func isInlineMarker(_ value: UInt32) -> Bool {
        value == 0x2A || value == 0x5F || value == 0x7E
    }
}
