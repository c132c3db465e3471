import PostlintModel

/// PL203: a well-formed date that names no real moment (2022-02-30, 25:00).
struct DateImpossible: RuleCheck {
    func check(_ post: Post, _ context: RuleContext) -> [Finding] {
        guard let date = context.facts.date, let parsed = date.parsed, let reason = parsed.impossibility,
              let text = date.text else { return [] }
        return [Finding(range: date.range, message: "`date` \(text) is impossible: \(reason)")]
    }
}
