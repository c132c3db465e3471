import PostlintModel

/// PL202: a date with a time and no offset. What Jekyll shows depends on how it is written:
/// YAML reads a plain `2021-12-08 23:30:00` (with seconds) as UTC, and Jekyll shows it in the
/// site's `timezone` (or the build machine's), so the shown day moves; a quoted one, or one
/// without seconds, stays a string that Jekyll reads in that zone, so it means what it says
/// once the site names its zone.
struct DateMissingTimezone: SwiftRuleCheck {
    static let ruleID = "date-missing-timezone"

    func check(_ post: Post, _ context: RuleContext) -> [Finding] {
        guard let date = context.facts.date, let parsed = date.parsed, parsed.time != nil,
              parsed.offsetSeconds == nil, parsed.impossibility == nil, let text = date.text else { return [] }
        let zone = context.environment.zone
        let quoted = !date.yamlReadsAsUTC
        // A string, in a site that names its zone: Jekyll reads it in that zone, as written.
        if quoted, zone != nil { return [] }
        let offset = zone?.offset(for: parsed)
        // Which offset is right is the site's to say: only a known zone makes this fixable.
        let fix = offset.flatMap { offset in
            context.fix([TextEdit(range: date.textRange.upperBound..<date.textRange.upperBound, replacement: " " + PostDate.offsetText(offset))])
        }
        let suggestion = "`\(text) \(offset.map(PostDate.offsetText) ?? "+0800")`"
        guard let zone, let offset else {
            let how = quoted ? "Jekyll reads it in the zone of the machine that builds the site"
                : "YAML reads it as UTC and Jekyll shows it in the zone of the machine that builds the site"
            return [Finding(
                range: date.range,
                message: "`date` \(text) has no offset and the site sets no `timezone`: \(how), so its time (and near midnight its day) depends on that machine; add an offset, e.g. \(suggestion)",
                fix: fix, severityCap: .info)]
        }
        guard offset != 0 else { return [] }
        // Unquoted: read as UTC, shown `offset` later.
        let shown = PostDate.civil(parsed.epochSeconds(defaultOffset: 0) + offset)
        let written = dayText(parsed.year, parsed.month, parsed.day)
        let reading = "YAML reads an unquoted date with seconds and no offset as UTC, so with `timezone: \(zone)`"
        if shown.day != written {
            return [Finding(
                range: date.range,
                message: "\(reading) Jekyll shows this post on \(shown.day) at \(shown.time), not on \(written); add the offset: \(suggestion)",
                fix: fix)]
        }
        return [Finding(
            range: date.range,
            message: "\(reading) Jekyll shows this post at \(shown.time), not at \(pad2(parsed.time!.hour)):\(pad2(parsed.time!.minute)) (the day stays); add the offset: \(suggestion)",
            fix: fix, severityCap: .info)]
    }
}
