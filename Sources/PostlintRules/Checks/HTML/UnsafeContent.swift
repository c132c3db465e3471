import PostlintModel

/// PL420: what runs code or submits data: the elements the site names (by default those that no
/// writer embeds on purpose today: `object`, `embed`, `applet`, frames, `base`, `form`; a
/// republishing site adds `script` and `iframe`), `on*` handlers, and `javascript:`/`vbscript:`
/// URLs, or `data:` URLs anywhere but an image's source.
struct UnsafeContent: SwiftRuleCheck {
    static let ruleID = "unsafe-content"

    func check(_ post: Post, _ context: RuleContext, report: (Finding) -> Void) {
        guard let html = post.body?.html else { return }
        let reported = context.stringSet("elements")
        for element in html.elements {
            guard let tag = element.startTag else { continue }
            if reported.contains(element.name) {
                report(Finding(range: tag, message: "`<\(element.name)>` can run code or load other pages; remove it"))
            }
            for attribute in element.attributes {
                let name = attribute.name.lowercased()
                // Found in the tag only for a finding: reading every tag's attributes again cost
                // more than the rule.
                if name.hasPrefix("on") {
                    report(Finding(range: post.attributeRange(name, in: element) ?? tag, message: "event handler `\(name)` runs script; remove it"))
                } else if ["href", "src", "action", "formaction", "xlink:href"].contains(name), let value = attribute.value,
                          let scheme = HTMLSemantics.dangerousScheme(value),
                          // An inline image is a picture, not a program.
                          !(scheme == "data" && name == "src" && element.name == "img") {
                    report(Finding(range: post.attributeRange(name, in: element) ?? tag, message: "`\(scheme):` URL in `\(name)`; remove the link"))
                }
            }
        }
    }
}
