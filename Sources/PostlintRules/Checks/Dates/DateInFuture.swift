import PostlintModel

/// PL206: Jekyll leaves out posts dated after the build unless the site sets `future: true`.
/// The date is the front matter's, else the file name's (midnight in the site's zone).
struct DateInFuture: SwiftRuleCheck {
    static let ruleID = "date-in-future"

    func check(_ post: Post, _ context: RuleContext) -> [Finding] {
        let environment = context.environment
        guard !environment.publishesFuture else { return [] }
        let instant: Int, text: String, range: Range<Int>
        if let date = context.facts.date {
            guard let parsed = date.parsed, parsed.impossibility == nil, let written = date.text else { return [] }
            // YAML reads a plain timestamp without an offset as UTC; Jekyll reads other dates in the site's zone.
            instant = parsed.epochSeconds(defaultOffset: date.yamlReadsAsUTC ? 0 : environment.zone?.offset(for: parsed) ?? 0)
            (text, range) = ("`date` \(written)", date.range)
        } else if let named = FileNameDate(post.fileName), let parsed = PostDate.parse(named.text), parsed.impossibility == nil {
            instant = parsed.epochSeconds(defaultOffset: environment.zone?.offset(for: parsed) ?? 0)
            (text, range) = ("the file name's date \(named.text)", 0..<0)
        } else {
            return []
        }
        guard instant > environment.now else { return [] }
        return [Finding(
            range: range,
            message: "\(text) is in the future (now is \(PostDate.utcText(environment.now)) UTC); Jekyll skips the post until then unless `_config.yml` sets `future: true`")]
    }
}
