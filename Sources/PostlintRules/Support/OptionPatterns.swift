import PostlintModel

/// Regular expressions from a rule's options, compiled once per configuration
/// (`RuleCheck.prepare`): looking them up for every post, in a cache the threads share, cost
/// more than matching them.
final class OptionPatterns: Sendable {
    let sources: [String]
    let compiled: [Pattern]

    init(_ sources: [String]) {
        self.sources = sources
        compiled = sources.compactMap(RegexCache.shared.pattern)
    }

    /// The attribution rules' `patterns`.
    static func attribution(_ option: (String) -> RuleValue) -> OptionPatterns {
        OptionPatterns(option("patterns").strings)
    }

    /// A back-link rule's `text-pattern`, `^返回` by default.
    static func backLinkText(_ option: (String) -> RuleValue) -> OptionPatterns {
        OptionPatterns([option("text-pattern").string ?? "^返回"])
    }

    /// `^` and a back-link rule's `text-prefix`, `返回` by default.
    static func backLinkPrefix(_ option: (String) -> RuleValue) -> OptionPatterns {
        OptionPatterns(["^" + (option("text-prefix").string ?? "返回")])
    }

    /// The context's prepared patterns, or the options compiled now by `make`.
    static func of(_ context: RuleContext, _ make: ((String) -> RuleValue) -> OptionPatterns) -> OptionPatterns {
        context.derived.prepared as? OptionPatterns ?? make(context.option)
    }
}
