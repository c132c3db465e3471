import PostlintModel

/// PL301: a republished article names its source (`（文章来源：中国工业报）`); patterns come from
/// the rule's options, which presets set per site.
struct AttributionMissing: SwiftRuleCheck {
    static let ruleID = "attribution-missing"

    func prepare(_ option: (String) -> RuleValue) -> (AnyObject & Sendable)? {
        OptionPatterns.attribution(option)
    }

    func check(_ post: Post, _ context: RuleContext) -> [Finding] {
        guard let body = post.body, post.frontMatter != nil else { return [] }
        if context.option("only-html-bodies").bool ?? true, body.html.elements.isEmpty { return [] }
        let conventions = context.facts.conventions
        guard conventions.attribution(.of(context, OptionPatterns.attribution)) == nil else { return [] }
        let line = post.source.lineRange(post.source.line(containing: body.range.lowerBound))
        return [Finding(range: line, message: "the article names no source; end it with an attribution line such as `（文章来源：…）`")]
    }
}
