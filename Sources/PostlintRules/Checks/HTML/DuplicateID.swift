import PostlintModel

/// PL404: the same `id` twice in one post; links to it and scripts find only the first.
struct DuplicateID: SwiftRuleCheck {
    static let ruleID = "duplicate-id"

    func check(_ post: Post, _ context: RuleContext, report: (Finding) -> Void) {
        guard let html = post.body?.html else { return }
        var first: [String: Int] = [:]
        for element in html.elements {
            guard let id = element.attribute("id")?.value, !id.isEmpty, let tag = element.startTag else { continue }
            if let earlier = first[id] {
                report(Finding(
                    range: post.attributeRange("id", in: element) ?? tag,
                    message: "id `\(id)` is already used on line \(post.source.line(containing: earlier)); ids must be unique"))
            } else {
                first[id] = tag.lowerBound
            }
        }
    }
}
