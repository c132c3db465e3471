import PostlintModel

/// PL410: elements HTML5 made obsolete (`center`, `font`, `big`, `strike`, `tt`, `marquee`, …).
struct ObsoleteElement: SwiftRuleCheck {
    static let ruleID = "obsolete-element"

    func check(_ post: Post, _ context: RuleContext, report: (Finding) -> Void) {
        guard let html = post.body?.html else { return }
        let obsolete = context.option("elements").entries
        for element in html.elements {
            guard let tag = element.startTag, let advice = obsolete.first(where: { $0.key == element.name })?.value.string else { continue }
            report(Finding(range: tag, message: "`<\(element.name)>` is obsolete in HTML5; \(advice)"))
        }
    }
}
