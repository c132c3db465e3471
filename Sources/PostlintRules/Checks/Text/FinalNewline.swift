import PostlintModel

/// PL604: a text file ends with a line break; without one, tools that append or concatenate
/// files glue the next text onto the last line, and diffs show "\ No newline at end of file".
struct FinalNewline: RuleCheck {
    func check(_ post: Post, _ context: RuleContext) -> [Finding] {
        guard let last = post.source.bytes.last, last != 0x0A, last != 0x0D else { return [] }
        let end = post.source.count
        return [Finding(range: end..<end, message: "the file does not end with a line break; add one")]
    }
}
