import PostlintModel

/// PL403: attributes written so that parsers disagree: given twice, unquoted, or broken.
struct AttributeSyntax: SwiftRuleCheck {
    static let ruleID = "attribute-syntax"

    func check(_ post: Post, _ context: RuleContext, report: (Finding) -> Void) {
        guard let body = post.body else { return }
        let allowUnquoted = context.option("allow-unquoted").bool ?? false
        for element in body.html.elements {
            var seen = Set<String>()
            for attribute in post.attributeRanges(in: element) {
                if !seen.insert(attribute.name).inserted {
                    report(Finding(range: attribute.range, message: "`\(attribute.name)` is given twice on `<\(element.name)>`; browsers keep the first"))
                } else if !attribute.quoted, !allowUnquoted {
                    report(Finding(range: attribute.range, message: "the value of `\(attribute.name)` on `<\(element.name)>` is not quoted; write `\(attribute.name)=\"…\"`"))
                }
            }
        }
        for issue in body.html.issues where HTMLParseError.isAttributeIssue(issue.message) && !issue.message.hasSuffix("redefined") {
            report(Finding(
                range: issue.offset..<min(issue.offset + 1, post.source.count),
                message: "broken attribute: \(issue.message)"))
        }
    }
}
