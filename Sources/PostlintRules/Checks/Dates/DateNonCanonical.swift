import PostlintModel

/// PL207: one date format across a site keeps diffs, sorting and tools simple; Jekyll's own is
/// `YYYY-MM-DD HH:MM:SS +HHMM`.
struct DateNonCanonical: RuleCheck {
    func check(_ post: Post, _ context: RuleContext) -> [Finding] {
        guard let date = context.facts.date, let parsed = date.parsed, parsed.impossibility == nil,
              !parsed.isCanonical, let text = date.text else { return [] }
        if parsed.time == nil, context.option("allow-date-only").bool ?? true { return [] }
        // A date without an offset is the missing-time-zone rule's to report.
        guard let canonical = parsed.canonical else { return [] }
        return [Finding(
            range: date.range,
            message: "`date` \(text) is not in the canonical form; expected `\(canonical)`",
            fix: context.fix([TextEdit(range: date.textRange, replacement: canonical)]))]
    }
}
