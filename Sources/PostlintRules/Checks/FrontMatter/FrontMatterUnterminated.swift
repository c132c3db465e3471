import PostlintModel

/// PL103: front matter that is opened and never closed swallows the whole file.
struct FrontMatterUnterminated: SwiftRuleCheck {
    static let ruleID = "front-matter-unterminated"

    func check(_ post: Post, _ context: RuleContext) -> [Finding] {
        guard let frontMatter = post.frontMatter, frontMatter.closing == nil else { return [] }
        return [Finding(
            range: frontMatter.opening,
            message: "front matter opened here is never closed; expected a `---` line after the YAML")]
    }
}
