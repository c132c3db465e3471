import PostlintModel

/// PL102: Jekyll looks for `---` at the first byte only (after a byte-order mark, which it
/// strips); a blank line or indentation before it hides the front matter.
struct FrontMatterNotAtStart: SwiftRuleCheck {
    static let ruleID = "front-matter-not-at-start"

    /// Front matter at the first byte (after a byte-order mark) has nothing before it.
    func mayFind(in bytes: UnsafeBufferPointer<UInt8>, language: MarkupLanguage, _ rule: ConfiguredRule) -> Bool {
        !bytes.starts(with: Array("---".utf8)) && !bytes.starts(with: [0xEF, 0xBB, 0xBF] + Array("---".utf8))
    }

    func check(_ post: Post, _ context: RuleContext) -> [Finding] {
        guard let frontMatter = post.frontMatter, !frontMatter.leading.isEmpty else { return [] }
        let bom = post.source.bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        let hiding = min(frontMatter.leading.lowerBound + bom, frontMatter.leading.upperBound)..<frontMatter.leading.upperBound
        guard !hiding.isEmpty else { return [] }
        let blankLines = post.source.line(containing: frontMatter.opening.lowerBound) - 1
        let what = blankLines == 0 ? "white space" : blankLines == 1 ? "a blank line" : "\(blankLines) blank lines"
        return [Finding(
            range: hiding,
            message: "\(what) before the opening `---`; Jekyll reads front matter only at the first byte, so it sees none and shows the YAML as text",
            fix: context.deletion(hiding))]
    }
}
