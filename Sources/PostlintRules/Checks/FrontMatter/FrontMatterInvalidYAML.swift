import PostlintModel

/// PL104: YAML that does not parse stops Jekyll's build.
struct FrontMatterInvalidYAML: RuleCheck {
    func check(_ post: Post, _ context: RuleContext) -> [Finding] {
        guard let frontMatter = post.frontMatter, frontMatter.closing != nil, let error = frontMatter.error else { return [] }
        let end = error.offset < post.source.count ? error.offset + post.source.scalarLength(at: error.offset) : error.offset
        return [Finding(range: error.offset..<end, message: "front matter is not valid YAML: \(error.message)")]
    }
}
