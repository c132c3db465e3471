import PostlintModel

/// PL202: without an offset Jekyll reads the time in the build machine's zone, so the post's
/// day and URL change with where the site is built.
struct DateMissingTimezone: RuleCheck {
    func check(_ post: Post, _ context: RuleContext) -> [Finding] {
        guard let date = context.facts.date, let parsed = date.parsed, parsed.time != nil,
              parsed.offsetSeconds == nil, let text = date.text else { return [] }
        // Which offset is right is the site's to say: only a configured `timezone` makes this fixable.
        let fix = context.environment.siteOffset.flatMap { offset in
            context.fix([TextEdit(range: date.textRange.upperBound..<date.textRange.upperBound, replacement: " " + PostDate.offsetText(offset))])
        }
        let example = context.environment.siteOffset.map(PostDate.offsetText) ?? "+0800"
        return [Finding(
            range: date.range,
            message: "`date` \(text) has no time-zone offset, so its day depends on where the site is built; add one, e.g. `\(text) \(example)`",
            fix: fix)]
    }
}
