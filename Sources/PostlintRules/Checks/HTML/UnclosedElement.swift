import PostlintModel

/// PL401: an element opened and never closed (`<span>` without `</span>`), so the rest of the
/// paragraph, or the post, inherits it. Void elements and those whose end tag HTML lets you omit
/// (`p`, `li`, `td`, …) are fine.
struct UnclosedElement: SwiftRuleCheck {
    static let ruleID = "unclosed-element"

    func check(_ post: Post, _ context: RuleContext, report: (Finding) -> Void) {
        guard let html = post.body?.html else { return }
        for element in html.elements {
            guard let tag = element.startTag, element.endTag == nil, !element.selfClosing,
                  !HTMLVocabulary.voidElements.contains(element.name),
                  !HTMLVocabulary.optionalEnd.contains(element.name) else { continue }
            // `<n>` or `<database>` in prose is a placeholder the page hides, not an element.
            if !HTMLVocabulary.html5Elements.contains(element.name) {
                let escaped = post.language == .html ? "`&lt;\(element.name)&gt;`" : "`\\<\(element.name)\\>` or put it in backticks"
                report(Finding(range: tag, message: "`<\(element.name)>` is no HTML element and is never closed, so readers see nothing of it (a placeholder?); write \(escaped)"))
                continue
            }
            report(Finding(range: tag, message: "`<\(element.name)>` is never closed; add `</\(element.name)>` where it should end"))
        }
    }
}
