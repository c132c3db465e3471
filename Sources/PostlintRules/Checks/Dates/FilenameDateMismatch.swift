import PostlintModel

/// PL205: the file name and the front matter disagree about the day. Jekyll publishes the post
/// under the front matter's day, shown in the site's zone, so the file sorts under one day and
/// the post appears under another.
struct FilenameDateMismatch: SwiftRuleCheck {
    static let ruleID = "filename-date-mismatch"

    func check(_ post: Post, _ context: RuleContext) -> [Finding] {
        guard let named = FileNameDate(post.fileName), let date = context.facts.date, let parsed = date.parsed,
              parsed.impossibility == nil, let day = date.shownDate(in: context.environment.zone) else { return [] }
        // Numbers first: the text is made only for the rare post that disagrees.
        guard day != (named.year, named.month, named.day) else { return [] }
        let shown = dayText(day.year, day.month, day.day)
        let written = date.writtenDay ?? shown
        let zone = context.environment.zone.map { " in the site's zone (\($0))" }
            ?? " in UTC (the site sets no `timezone`, so Jekyll uses the build machine's zone; GitHub Pages builds in UTC)"
        let why = shown == written ? "`date` is on \(written)" : "`date` \(date.text ?? written) falls on \(shown)\(zone)"
        return [Finding(
            range: date.range,
            message: "\(why) but the file name says \(named.text); Jekyll publishes the post under \(shown), so make them the same day")]
    }
}
