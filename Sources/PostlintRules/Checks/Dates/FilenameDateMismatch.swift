import PostlintModel

/// PL205: the file name and the front matter disagree about the day; Jekyll uses the front
/// matter, so the file sorts under one day and is published under another.
struct FilenameDateMismatch: RuleCheck {
    func check(_ post: Post, _ context: RuleContext) -> [Finding] {
        guard let named = FileNameDate(post.fileName), let date = context.facts.date, let parsed = date.parsed,
              parsed.impossibility == nil else { return [] }
        // The day as written is the day in the date's own offset.
        guard (parsed.year, parsed.month, parsed.day) != (named.year, named.month, named.day) else { return [] }
        let written = "\(pad4(parsed.year))-\(pad2(parsed.month))-\(pad2(parsed.day))"
        return [Finding(
            range: date.range,
            message: "`date` is on \(written) but the file name says \(named.text); make them the same day")]
    }
}
