import PostlintModel

/// The pattern a back-link rule finds its links with, compiled once per configuration
/// (`RuleCheck.prepare`): looking it up for every post, in a cache shared by the threads, cost
/// more than filtering the links.
final class BackLinkPattern: Sendable {
    let source: String
    let compiled: Pattern?

    init(_ source: String) {
        self.source = source
        compiled = RegexCache.shared.pattern(source)
    }

    /// `text-pattern`, `^返回` by default.
    convenience init(textPattern option: (String) -> RuleValue) {
        self.init(option("text-pattern").string ?? "^返回")
    }

    /// `^` and `text-prefix`, `返回` by default.
    convenience init(textPrefix option: (String) -> RuleValue) {
        self.init("^" + (option("text-prefix").string ?? "返回"))
    }

    /// The context's prepared pattern, or one made now.
    static func of(_ context: RuleContext, _ make: ((String) -> RuleValue) -> BackLinkPattern) -> BackLinkPattern {
        context.derived.prepared as? BackLinkPattern ?? make(context.option)
    }
}
