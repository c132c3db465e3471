import PostlintModel

/// PL422: an `http:` image in a post whose other links use `https:`; browsers block or warn
/// about such mixed content.
struct InsecureImage: RuleCheck {
    func check(_ post: Post, _ context: RuleContext) -> [Finding] {
        guard let body = post.body else { return [] }
        guard !body.html.elements.isEmpty, post.source.contains("https://", in: body.range) else { return [] }
        return body.html.elements.compactMap { element in
            guard element.name == "img", let src = element.attribute("src")?.value, src.lowercased().hasPrefix("http:"),
                  let tag = element.startTag else { return nil }
            return Finding(range: post.attributeRange("src", in: element) ?? tag, message: "image loaded over `http:` in an `https:` post; use `https:`")
        }
    }
}
