import PostlintModel

/// PL001: a suppression comment names no rule. The linter reports it, as it reads the
/// suppression comments; this check only stands for the rule.
public struct UnknownRuleInComment: SwiftRuleCheck {
    static let ruleID = "unknown-rule-in-comment"

    public func check(_ post: Post, _ context: RuleContext) -> [Finding] { [] }
}

/// PL002: a line suppression that silences nothing. The linter reports it, as only it knows
/// which suppressions were used; this check only stands for the rule.
public struct UnusedSuppression: SwiftRuleCheck {
    static let ruleID = "unused-suppression"

    public func check(_ post: Post, _ context: RuleContext) -> [Finding] { [] }
}
