import PostlintModel

/// A rule's `patterns` option compiled once per configuration (`RuleCheck.prepare`): looking
/// each pattern up for every post cost more than matching it.
final class AttributionPatterns: Sendable {
    let sources: [String]
    let compiled: [Pattern]

    init(_ option: (String) -> RuleValue) {
        sources = option("patterns").strings
        compiled = sources.compactMap(RegexCache.shared.pattern)
    }

    /// The context's prepared patterns, or the options compiled now.
    static func of(_ context: RuleContext) -> AttributionPatterns {
        context.derived.prepared as? AttributionPatterns ?? AttributionPatterns(context.option)
    }
}
