import PostlintModel

/// PL101: Jekyll renders a file without front matter as a static file, not as a post.
struct FrontMatterMissing: SwiftRuleCheck {
    static let ruleID = "front-matter-missing"

    func check(_ post: Post, _ context: RuleContext) -> [Finding] {
        guard post.frontMatter == nil else { return [] }
        let firstLine = post.source.lineCount > 0 ? post.source.lineRange(1) : 0..<0
        return [Finding(
            range: firstLine,
            message: "no front matter; a post starts with a `---` line, its YAML, and another `---` line")]
    }
}
