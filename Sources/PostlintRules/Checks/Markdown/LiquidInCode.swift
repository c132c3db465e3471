import PostlintModel

/// PL612: Liquid inside code. Jekyll runs Liquid before Markdown, so `{{ page.title }}` in a
/// code sample shows the site's value (often nothing) and `{% if %}` in one may stop the build;
/// code that shows Liquid belongs inside `{% raw %}…{% endraw %}`.
struct LiquidInCode: SwiftRuleCheck {
    static let ruleID = "liquid-in-code"

    func check(_ post: Post, _ context: RuleContext, report: (Finding) -> Void) {
        guard let body = post.body, !body.liquidRanges.ranges.isEmpty,
              // `render_with_liquid: false` turns Liquid off for the page (Jekyll 4).
              post.frontMatter?.entry("render_with_liquid")?.scalar != "false" else { return }
        // Made at the first Liquid in code: most posts' Liquid is outside code.
        lazy var raw = Self.rawRanges(post, body)
        for liquid in body.liquidRanges.ranges where body.codeRanges.overlaps(liquid) {
            if raw.overlaps(liquid) { continue }
            let text = post.source.string(liquid)
            if text.hasPrefix("{%"), Self.isRawTag(text) { continue }
            report(Finding(
                range: liquid,
                message: "Liquid `\(text.count > 40 ? String(text.prefix(40)) + "…" : text)` in code runs before Markdown: readers see its result, not the code; wrap the code in `{% raw %}…{% endraw %}`"))
        }
    }

    static func isRawTag(_ tag: String) -> Bool {
        let word = tagName(tag)
        return word == "raw" || word == "endraw"
    }

    /// The first word of a `{% … %}` tag, whitespace-control dashes aside.
    static func tagName(_ tag: String) -> Substring? {
        // The first word only: splitting the whole tag made a piece of every word of a long one.
        let word = String(tag.dropFirst(2).dropLast(2)).trimmingWhitespace.drop { $0 == "-" }.drop { $0 == " " }.prefix { $0 != " " }
        return word.isEmpty ? nil : word
    }

    /// The spans between `{% raw %}` and `{% endraw %}`, tags included.
    static func rawRanges(_ post: Post, _ body: Body) -> RangeSet {
        var ranges: [Range<Int>] = []
        var open: Int?
        for liquid in body.liquidRanges.ranges {
            let text = post.source.string(liquid)
            guard text.hasPrefix("{%") else { continue }
            let word = tagName(text)
            if word == "raw", open == nil { open = liquid.lowerBound }
            if word == "endraw", let start = open {
                ranges.append(start..<liquid.upperBound)
                open = nil
            }
        }
        if let start = open { ranges.append(start..<body.range.upperBound) }
        return RangeSet(ranges)
    }
}
