import Foundation
import PostlintModel

/// PL304–PL307: the generated "back to" links (`[返回东财滚动新闻](…)｜[返回首页](…)`): present
/// when the site requires them, not relative, not to a retired domain, and pointing at the
/// post's own category and tag.
struct BackLinkMissing: SwiftRuleCheck {
    static let ruleID = "back-link-missing"

    func prepare(_ option: (String) -> RuleValue) -> (AnyObject & Sendable)? {
        OptionPatterns.backLinkText(option)
    }

    func check(_ post: Post, _ context: RuleContext) -> [Finding] {
        guard let body = post.body, post.frontMatter != nil, context.option("required").bool ?? false else { return [] }
        guard context.facts.conventions.backLinks(.of(context, OptionPatterns.backLinkText)).isEmpty else { return [] }
        let end = body.range.upperBound
        return [Finding(range: end..<end, message: "no back-links; end the post with links back to its category and the home page")]
    }
}

struct BackLinkRelative: SwiftRuleCheck {
    static let ruleID = "back-link-relative"

    func prepare(_ option: (String) -> RuleValue) -> (AnyObject & Sendable)? {
        OptionPatterns.backLinkText(option)
    }

    func check(_ post: Post, _ context: RuleContext) -> [Finding] {
        context.facts.conventions.backLinks(.of(context, OptionPatterns.backLinkText)).compactMap { link in
            let url = link.destination
            guard !url.containsBytes(of: "://"), !url.hasPrefix("/") else { return nil }
            return Finding(range: link.range, message: "back-link `\(url)` is relative, so it breaks under Jekyll permalinks; link from the site root (`/…`) or in full")
        }
    }
}

struct BackLinkRetiredDomain: SwiftRuleCheck {
    static let ruleID = "back-link-retired-domain"

    func prepare(_ option: (String) -> RuleValue) -> (AnyObject & Sendable)? {
        OptionPatterns.backLinkText(option)
    }

    func check(_ post: Post, _ context: RuleContext) -> [Finding] {
        let retired = context.strings("domains")
        return context.facts.conventions.backLinks(.of(context, OptionPatterns.backLinkText)).compactMap { link in
            guard let host = Self.host(link.destination), let domain = retired.first(where: { host == $0 || host.hasSuffix("." + $0) }) else { return nil }
            return Finding(range: link.range, message: "back-link to `\(domain)`, a retired domain; link to the current site")
        }
    }

    static func host(_ url: String) -> String? {
        let bytes = Array(url.utf8)
        guard let slashes = bytes.indices.dropLast().first(where: { bytes[$0] == UInt8(ascii: "/") && bytes[$0 + 1] == UInt8(ascii: "/") }) else {
            return nil
        }
        return bytes[(slashes + 2)...].split(separator: UInt8(ascii: "/")).first.map { String(decoding: $0, as: UTF8.self).lowercased() }
    }
}

struct BackLinkCategory: SwiftRuleCheck {
    static let ruleID = "back-link-category"

    func prepare(_ option: (String) -> RuleValue) -> (AnyObject & Sendable)? {
        OptionPatterns.backLinkPrefix(option)
    }

    func check(_ post: Post, _ context: RuleContext) -> [Finding] {
        let conventions = context.facts.conventions
        guard !conventions.categories.isEmpty || !conventions.tags.isEmpty else { return [] }
        var findings: [Finding] = []
        let prefix = context.option("text-prefix").string ?? "返回"
        let home = context.stringSet("home-texts")
        for link in conventions.backLinks(.of(context, OptionPatterns.backLinkPrefix)) {
            guard !home.contains(link.text) else { continue }
            let path = Self.withoutFragment(link.destination)
            if let category = Self.category(path), !conventions.categories.contains(category) {
                findings.append(Finding(range: link.range, message: "back-link goes to category `\(category)`, but the post is in \(conventions.categories.map { "`\($0)`" }.joined(separator: ", ")); link to its own category"))
            }
            let named = String(link.text.dropFirst(prefix.count))
            if !named.isEmpty, !conventions.tags.isEmpty, !conventions.tags.contains(named) {
                findings.append(Finding(range: link.range, message: "back-link text names `\(named)`, but the post's tags are \(conventions.tags.map { "`\($0)`" }.joined(separator: ", "))"))
            }
        }
        return findings
    }

    /// `…/category/NAME.html`, or the last folder of the path (`/emnews/`); nil for the home page.
    /// The first piece of `url` between `#` signs, as `split(separator: "#").first` gives it,
    /// found by bytes; `url` itself when there is none.
    static func withoutFragment(_ url: String) -> String {
        let bytes = url.utf8
        guard let start = bytes.firstIndex(where: { $0 != UInt8(ascii: "#") }) else { return url }
        return String(Substring(bytes[start..<(bytes[start...].firstIndex(of: UInt8(ascii: "#")) ?? bytes.endIndex)]))
    }

    static func category(_ url: String) -> String? {
        // Split by bytes: splitting by characters cost more than the rest of the rule.
        var parts = url.utf8.split(separator: UInt8(ascii: "/")).map { String(Substring($0)) }
        if url.containsBytes(of: "://") || url.hasPrefix("//") { parts = Array(parts.drop { $0.hasSuffix(":") }.dropFirst()) }
        parts.removeAll { $0 == "." || $0 == ".." }
        if let index = parts.firstIndex(of: "category"), index + 1 < parts.count {
            return parts[index + 1].split(separator: ".").first.map(String.init)
        }
        guard let last = parts.last, !last.utf8.contains(UInt8(ascii: ".")) else { return nil }
        return last
    }
}

/// PL308: the attribution's source agrees with the category the preset maps it to.
struct AttributionCategory: SwiftRuleCheck {
    static let ruleID = "attribution-category"

    func prepare(_ option: (String) -> RuleValue) -> (AnyObject & Sendable)? {
        OptionPatterns.attribution(option)
    }

    func check(_ post: Post, _ context: RuleContext) -> [Finding] {
        let conventions = context.facts.conventions
        let mapping = context.option("media-categories").entries
        guard !mapping.isEmpty, let (block, match, text) = conventions.attribution(.of(context, OptionPatterns.attribution)),
              match.numberOfRanges > 1, match.range(at: 1).location != NSNotFound else { return [] }
        let media = text.substring(with: match.range(at: 1))
        guard let expected = mapping.first(where: { $0.key == media })?.value.string, !conventions.categories.contains(expected) else { return [] }
        return [Finding(range: block.range, message: "the source `\(media)` belongs in category `\(expected)`, but the post is in \(conventions.categories.map { "`\($0)`" }.joined(separator: ", "))")]
    }
}
