import PostlintModel

/// PL411: attributes an element does not take in HTML5 (`align`, `bgcolor`, `href` or `web` on
/// `span`), judged by the allow-list in the rule's options: global attributes, `data-*`,
/// `aria-*` and `on*` everywhere, plus each element's own.
struct InvalidAttribute: SwiftRuleCheck {
    static let ruleID = "invalid-attribute"

    func check(_ post: Post, _ context: RuleContext, report: (Finding) -> Void) {
        guard let html = post.body?.html, html.elements.contains(where: { !$0.attributes.isEmpty }) else { return }
        // Options are looked up only for elements with attributes, not turned into sets per post.
        let global = context.strings("global")
        let elements = context.option("elements")
        for element in html.elements where !element.attributes.isEmpty {
            guard let tag = element.startTag, let allowed = elements[element.name]?.strings else { continue }
            for attribute in element.attributes {
                let name = attribute.name.lowercased()
                if name.hasPrefix("data-") || name.hasPrefix("aria-") || name.hasPrefix("on") || global.contains(name) || allowed.contains(name) { continue }
                report(Finding(
                    range: post.attributeRange(name, in: element) ?? tag,
                    message: "`<\(element.name)>` takes no `\(name)` attribute in HTML5; remove it (use CSS for presentation)"))
            }
        }
    }
}
