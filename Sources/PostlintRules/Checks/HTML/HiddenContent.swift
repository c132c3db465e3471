import PostlintModel

/// PL412: content hidden from readers (`display:none`, `visibility:hidden`, the `hidden`
/// attribute); it still reaches feeds, search engines and converters.
struct HiddenContent: SwiftRuleCheck {
    static let ruleID = "hidden-content"

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
