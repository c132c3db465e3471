import PostlintModel

/// PL422: an `http:` image, in HTML (`<img src>`) or Markdown (`![](…)`), in a post whose other
/// links use `https:`; browsers upgrade or block such mixed content, and the image breaks when
/// its host does not serve `https:`.
struct InsecureImage: SwiftRuleCheck {
    static let ruleID = "insecure-image"

    func check(_ post: Post, _ context: RuleContext, report: (Finding) -> Void) {
        guard let body = post.body, post.source.contains("https://", in: body.range) else { return }
        let message = "image loaded over `http:` in an `https:` post; use `https:`"
        for element in body.html.elements {
            guard element.name == "img", let src = element.attribute("src")?.value, src.lowercased().hasPrefix("http:"),
                  let tag = element.startTag else { continue }
            report(Finding(range: post.attributeRange("src", in: element) ?? tag, message: message))
        }
        LinkTargets.each(body) { destination, range, isImage in
            // `![参考](http://stackoverflow.com/questions/…)` is a link written as an image by
            // mistake, not an image to load: only addresses that name a picture count.
            guard isImage else { return }
            let lower = destination.lowercased()
            guard lower.hasPrefix("http:"), ["png", "jpg", "jpeg", "gif", "svg", "webp", "bmp"].contains(where: lower.contains) else { return }
            report(Finding(range: range, message: message))
        }
    }
}
