import PostlintModel

/// PL411: attributes an element does not take in HTML5 (`align`, `bgcolor`, `href` or `web` on
/// `span`), judged by the allow-list in the rule's options: global attributes, `data-*`,
/// `aria-*` and `on*` everywhere, plus each element's own.
struct InvalidAttribute: RuleCheck {
    func check(_ post: Post, _ context: RuleContext) -> [Finding] {
        guard let html = post.body?.html else { return [] }
        let global = Set(context.option("global").strings)
        var perElement: [String: Set<String>] = [:]
        for (name, list) in context.option("elements").entries { perElement[name] = Set(list.strings) }
        var findings: [Finding] = []
        for element in html.elements {
            guard let tag = element.startTag, let allowed = perElement[element.name] else { continue }
            for attribute in element.attributes {
                let name = attribute.name.lowercased()
                if global.contains(name) || allowed.contains(name) || name.hasPrefix("data-") || name.hasPrefix("aria-") || name.hasPrefix("on") { continue }
                findings.append(Finding(
                    range: post.attributeRange(name, in: element) ?? tag,
                    message: "`<\(element.name)>` takes no `\(name)` attribute in HTML5; remove it (use CSS for presentation)"))
            }
        }
        return findings
    }
}
