import PostlintModel

/// PL206: Jekyll leaves out posts dated after the build unless the site sets `future: true`.
struct DateInFuture: RuleCheck {
    func check(_ post: Post, _ context: RuleContext) -> [Finding] {
        guard let date = context.facts.date, let parsed = date.parsed, parsed.impossibility == nil,
              let text = date.text else { return [] }
        let instant = parsed.epochSeconds(defaultOffset: context.environment.siteOffset ?? 0)
        guard instant > context.environment.now else { return [] }
        return [Finding(
            range: date.range,
            message: "`date` \(text) is in the future (now is \(PostDate.utcText(context.environment.now)) UTC); Jekyll does not publish it until then unless `future: true`")]
    }
}
