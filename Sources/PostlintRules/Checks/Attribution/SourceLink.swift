import Foundation
import PostlintModel

/// PL303: the `<https://…>` line that links the original article: present when the site
/// requires it, absolute `http(s)`, and a URL that parses.
struct SourceLink: SwiftRuleCheck {
    static let ruleID = "source-link"

    func check(_ post: Post, _ context: RuleContext) -> [Finding] {
        guard let body = post.body, post.frontMatter != nil else { return [] }
        let conventions = context.facts.conventions
        var findings: [Finding] = []
        for link in conventions.sourceLinks {
            let url = link.destination
            // The text up to the first `:` after any leading ones, found on the bytes.
            let rest = url.drop { $0 == ":" }
            let scheme = rest.utf8.firstIndex(of: UInt8(ascii: ":")).map { rest[..<$0].lowercased() } ?? rest.lowercased()
            if scheme != "http" && scheme != "https" {
                findings.append(Finding(range: link.range, message: "source link `\(url)` is not an http(s) URL"))
            } else if URL(string: url)?.host == nil {
                findings.append(Finding(range: link.range, message: "source link `\(url)` is not a valid URL"))
            }
        }
        let emptyAutolink = post.source.contains("<>", in: body.range)
        if conventions.sourceLinks.isEmpty, !emptyAutolink, context.option("required").bool ?? false {
            let end = body.range.upperBound
            findings.append(Finding(range: end..<end, message: "no source link; add the original article's URL as a `<https://…>` line"))
        }
        return findings
    }
}
