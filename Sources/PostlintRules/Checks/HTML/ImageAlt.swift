import PostlintModel

/// PL421: images without a meaningful `alt`: missing, empty, or a placeholder such as `Image`.
/// Screen readers read the alt; EPUB readers and converters show it when the image is missing.
struct ImageAlt: RuleCheck {
    func check(_ post: Post, _ context: RuleContext) -> [Finding] {
        guard let body = post.body else { return [] }
        let placeholders = context.stringSet("placeholders", lowercased: true)
        var findings: [Finding] = []
        for element in body.html.elements where element.name == "img" {
            guard let tag = element.startTag else { continue }
            guard let alt = element.attribute("alt")?.value else {
                findings.append(Finding(range: tag, message: "image has no `alt`; describe what it shows"))
                continue
            }
            let range = post.attributeRange("alt", in: element) ?? tag
            let trimmed = alt.trimmingWhitespace
            if trimmed.isEmpty {
                findings.append(Finding(range: range, message: "image has an empty `alt`; describe what it shows"))
            } else if placeholders.contains(trimmed.lowercased()) {
                findings.append(Finding(range: range, message: "image `alt` is the placeholder `\(trimmed)`; describe what it shows"))
            }
        }
        for (index, node) in body.markdown.nodes.enumerated() where node.kind == .image {
            let hasText = body.markdown.nodes.indices.contains(index + 1) && body.markdown.nodes[index + 1].parent == index
            if !hasText {
                findings.append(Finding(range: body.markdownRanges[index], message: "image has an empty alt text `![]`; describe what it shows"))
            }
        }
        return findings.sorted { $0.range.lowerBound < $1.range.lowerBound }
    }
}
