import PostlintModel

/// PL420: what runs code or submits data: `script`, `iframe`, `object`, `embed`, `form`,
/// `on*` handlers, and `javascript:`/`data:` URLs in links. A republished post must not carry them.
struct UnsafeContent: RuleCheck {
    static let elements: Set<String> = ["script", "iframe", "object", "embed", "form", "frame", "frameset", "applet", "base"]

    func check(_ post: Post, _ context: RuleContext) -> [Finding] {
        guard let html = post.body?.html else { return [] }
        var findings: [Finding] = []
        for element in html.elements {
            guard let tag = element.startTag else { continue }
            if Self.elements.contains(element.name) {
                findings.append(Finding(range: tag, message: "`<\(element.name)>` can run code or load other pages; remove it"))
            }
            for attribute in element.attributes {
                let name = attribute.name.lowercased()
                // Found in the tag only for a finding: reading every tag's attributes again cost
                // more than the rule.
                if name.hasPrefix("on") {
                    findings.append(Finding(range: post.attributeRange(name, in: element) ?? tag, message: "event handler `\(name)` runs script; remove it"))
                } else if ["href", "src", "action", "formaction", "xlink:href"].contains(name), let value = attribute.value,
                          let scheme = HTMLSemantics.dangerousScheme(value) {
                    findings.append(Finding(range: post.attributeRange(name, in: element) ?? tag, message: "`\(scheme):` URL in `\(name)`; remove the link"))
                }
            }
        }
        return findings
    }
}
