import PostlintModel

/// PL422: an `http:` image, in HTML (`<img src>`) or Markdown (`![](…)`), in a post whose other
/// links use `https:`; browsers upgrade or block such mixed content, and the image breaks when
/// its host does not serve `https:`.
struct InsecureImage: RuleCheck {
    func check(_ post: Post, _ context: RuleContext) -> [Finding] {
        guard let body = post.body, post.source.contains("https://", in: body.range) else { return [] }
        let message = "image loaded over `http:` in an `https:` post; use `https:`"
        var findings: [Finding] = body.html.elements.compactMap { element in
            guard element.name == "img", let src = element.attribute("src")?.value, src.lowercased().hasPrefix("http:"),
                  let tag = element.startTag else { return nil }
            return Finding(range: post.attributeRange("src", in: element) ?? tag, message: message)
        }
        LinkTargets.each(body) { destination, range, isImage in
            // `![参考](http://stackoverflow.com/questions/…)` is a link written as an image by
            // mistake, not an image to load: only addresses that name a picture count.
            let lower = destination.lowercased()
            guard isImage, lower.hasPrefix("http:"), ["png", "jpg", "jpeg", "gif", "svg", "webp", "bmp"].contains(where: lower.contains) else { return }
            findings.append(Finding(range: range, message: message))
        }
        return findings.sorted { $0.range.lowerBound < $1.range.lowerBound }
    }
}
