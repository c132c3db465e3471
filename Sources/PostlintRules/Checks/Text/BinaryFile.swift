import PostlintModel

/// PL602: a NUL byte means the file is not text (an image or archive under a post's name).
struct BinaryFile: SwiftRuleCheck {
    static let ruleID = "binary-file"

    var readsUndecodableFiles: Bool { true }

    func check(_ post: Post, _ context: RuleContext) -> [Finding] {
        guard case .binary(let offset) = post.encoding else { return [] }
        return [Finding(
            range: offset..<(offset + 1),
            message: "a NUL byte at byte offset \(offset): this looks like a binary file, not a post (nothing else was checked)")]
    }
}
