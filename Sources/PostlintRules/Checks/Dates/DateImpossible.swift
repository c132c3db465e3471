import PostlintModel

/// PL203: a well-formed date that names no real moment (2022-02-30, 25:00). Jekyll stops the
/// build on a month that does not exist or a day past 31, and rolls anything else over (a day
/// past the month's end into the next month, an hour past 23 into the next day).
struct DateImpossible: SwiftRuleCheck {
    static let ruleID = "date-impossible"

    func check(_ post: Post, _ context: RuleContext) -> [Finding] {
        guard let date = context.facts.date, let parsed = date.parsed, let reason = parsed.impossibility,
              let text = date.text else { return [] }
        let outcome: String
        if !(1...12).contains(parsed.month) || !(1...31).contains(parsed.day) {
            outcome = "Jekyll stops the build (\"Invalid date\")"
        } else if let shown = date.shownDay(in: context.environment.zone) {
            outcome = "Jekyll rolls it over and publishes the post on \(shown)"
        } else {
            return []
        }
        return [Finding(range: date.range, message: "`date` \(text) is impossible: \(reason); \(outcome)")]
    }
}
