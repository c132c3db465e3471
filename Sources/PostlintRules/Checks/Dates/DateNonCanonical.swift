import PostlintModel

/// PL207: one date format across a site keeps diffs, sorting and tools simple; Jekyll's own is
/// `YYYY-MM-DD HH:MM:SS +HHMM`. A date without an offset (the missing-time-zone rule's to
/// report) or without a time is still held to zero-padded parts: `2014-10-1` is `2014-10-01`.
struct DateNonCanonical: SwiftRuleCheck {
    static let ruleID = "date-non-canonical"

    func check(_ post: Post, _ context: RuleContext) -> [Finding] {
        guard let date = context.facts.date, let parsed = date.parsed, parsed.impossibility == nil,
              !parsed.isCanonical, let text = date.text else { return [] }
        if parsed.time == nil, !(context.option("allow-date-only").bool ?? true) {
            return [Finding(range: date.range, message: "`date` \(text) has no time; this site expects `YYYY-MM-DD HH:MM:SS +HHMM`")]
        }
        // Without an offset (or a time) only padding and layout are held to the form; nothing is added.
        let expected = parsed.canonical ?? parsed.padded
        guard expected != text else { return [] }
        return [Finding(
            range: date.range,
            message: "`date` \(text) is not in the canonical form; expected `\(expected)`",
            fix: context.fix([TextEdit(range: date.textRange, replacement: expected)]))]
    }
}
