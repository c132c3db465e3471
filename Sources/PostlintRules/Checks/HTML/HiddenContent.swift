import PostlintModel

/// PL412: content hidden from readers (`display:none`, `visibility:hidden`, the `hidden`
/// attribute); it still reaches feeds, search engines and converters.
struct HiddenContent: SwiftRuleCheck {
    static let ruleID = "hidden-content"

    /// A start tag, and the `hidden` attribute or a `:` (see `HTMLSemantics.hiding`: a hiding
    /// `style` is read with blanks, and Liquid blanked, ignored, so only its colon is sure to be
    /// there as it is), or a character reference that may spell one.
    func mayFind(in bytes: UnsafeBufferPointer<UInt8>, language: MarkupLanguage, _ rule: ConfiguredRule) -> Bool {
        ByteClues.containsStartTag(in: bytes, language: language)
            && (ByteClues.contains(ignoringCase: "hidden", in: bytes) || ByteClues.contains(UInt8(ascii: ":"), in: bytes)
                || ByteClues.contains(UInt8(ascii: "&"), in: bytes))
    }

    func check(_ post: Post, _ context: RuleContext, report: (Finding) -> Void) {
        guard let html = post.body?.html else { return }
        for element in html.elements {
            guard let tag = element.startTag, let reason = HTMLSemantics.hiding(element) else { continue }
            let whole = tag.lowerBound..<(element.endTag?.upperBound ?? max(tag.upperBound, element.contentEnd))
            report(Finding(
                range: tag, message: "`<\(element.name)>` is hidden by \(reason); remove hidden content from the post",
                fix: context.deletion(whole)))
        }
    }
}
