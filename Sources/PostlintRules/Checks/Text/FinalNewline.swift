import PostlintModel

/// PL604: a text file ends with a line break; without one, tools that append or concatenate
/// files glue the next text onto the last line, and diffs show "\ No newline at end of file".
struct FinalNewline: SwiftRuleCheck {
    static let ruleID = "final-newline"

    func check(_ post: Post, _ context: RuleContext) -> [Finding] {
        guard let last = post.source.bytes.last, last != 0x0A, last != 0x0D else { return [] }
        let end = post.source.count
        // Keep to the file's own line endings; line-endings is the rule that changes them.
        let crlf = post.source.hasCarriageReturn && !post.source.bytes.contains(0x0A)
        return [Finding(
            range: end..<end, message: "the file does not end with a line break; add one",
            fix: context.fix([TextEdit(range: end..<end, replacement: crlf ? "\r\n" : "\n")]))]
    }
}
