/// A rule's logic written in Swift: what a rule file with `check: swift` runs. The type says
/// which rule it checks; the build makes the registry of these from the sources (the EmbedRules
/// plugin), and fails when a rule file with `check: swift` and a Swift check do not pair up.
protocol SwiftRuleCheck: RuleCheck {
    /// The `id` of the rule file this check implements.
    static var ruleID: String { get }
    init()
}
