import PostlintModel

/// PL421: images without a meaningful `alt`: missing, empty, or a placeholder such as `Image`.
/// Screen readers read the alt; EPUB readers and converters show it when the image is missing.
struct ImageAlt: SwiftRuleCheck {
    static let ruleID = "image-alt"

    func check(_ post: Post, _ context: RuleContext, report: (Finding) -> Void) {
        guard let body = post.body else { return }
        let placeholders = context.stringSet("placeholders", lowercased: true)
        for element in body.html.elements where element.name == "img" {
            guard let tag = element.startTag else { continue }
            guard let alt = element.attribute("alt")?.value else {
                report(Finding(range: tag, message: "image has no `alt`; describe what it shows"))
                continue
            }
            let range = post.attributeRange("alt", in: element) ?? tag
            let trimmed = alt.trimmingWhitespace
            if trimmed.isEmpty {
                report(Finding(range: range, message: "image has an empty `alt`; describe what it shows"))
            } else if placeholders.contains(trimmed.lowercased()) {
                report(Finding(range: range, message: "image `alt` is the placeholder `\(trimmed)`; describe what it shows"))
            }
        }
        for (index, node) in body.markdown.nodes.enumerated() where node.kind == .image {
            let hasText = body.markdown.nodes.indices.contains(index + 1) && body.markdown.nodes[index + 1].parent == index
            if !hasText {
                report(Finding(range: body.markdownRanges[index], message: "image has an empty alt text `![]`; describe what it shows"))
            }
        }
    }
}
