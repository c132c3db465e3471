import PostlintModel

/// PL302: markup inside the attribution line (`上海<span…>证券</span>报`): tracking spans
/// split the source's name, and converters and feeds may drop part of it.
struct AttributionMarkup: SwiftRuleCheck {
    static let ruleID = "attribution-markup"

    /// Markup inside the attribution is an element with a start tag.
    func mayFind(in bytes: UnsafeBufferPointer<UInt8>, language: MarkupLanguage, _ rule: ConfiguredRule) -> Bool {
        ByteClues.containsStartTag(in: bytes, language: language)
    }

    func prepare(_ option: (String) -> RuleValue) -> (AnyObject & Sendable)? {
        OptionPatterns.attribution(option)
    }

    func check(_ post: Post, _ context: RuleContext) -> [Finding] {
        guard let body = post.body else { return [] }
        let conventions = context.facts.conventions
        guard let (block, _, _) = conventions.attribution(.of(context, OptionPatterns.attribution)) else { return [] }
        let inner = body.html.elements.compactMap(\.startTag).filter { block.range.contains($0.lowerBound) }
        guard let first = inner.first else { return [] }
        let last = body.html.elements.compactMap(\.endTag).filter { block.range.contains($0.lowerBound) }.map(\.upperBound).max() ?? first.upperBound
        let tags = body.html.elements.flatMap { [$0.startTag, $0.endTag].compactMap { $0 } }.filter { block.range.contains($0.lowerBound) }
        return [Finding(
            range: first.lowerBound..<max(last, first.upperBound),
            message: "markup inside the attribution `\(block.text)`; write the source's name as plain text",
            fix: context.fix(tags.map { TextEdit(range: $0, replacement: "") }))]
    }
}
