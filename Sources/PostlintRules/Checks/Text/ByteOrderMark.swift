import PostlintModel

/// PL607: a UTF-8 byte-order mark at the start of a file. UTF-8 needs none; Jekyll strips it,
/// but shells, diffs and many parsers read it as content.
struct ByteOrderMark: SwiftRuleCheck {
    static let ruleID = "byte-order-mark"

    func mayFind(in bytes: UnsafeBufferPointer<UInt8>, language: MarkupLanguage, _ rule: ConfiguredRule) -> Bool {
        bytes.starts(with: [0xEF, 0xBB, 0xBF])
    }

    func check(_ post: Post, _ context: RuleContext) -> [Finding] {
        guard post.source.bytes.starts(with: [0xEF, 0xBB, 0xBF]) else { return [] }
        return [Finding(
            range: 0..<3, message: "the file starts with a byte-order mark (U+FEFF); save it as UTF-8 without one",
            fix: context.deletion(0..<3))]
    }
}
