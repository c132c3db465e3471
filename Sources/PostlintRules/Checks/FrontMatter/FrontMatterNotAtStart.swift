import PostlintModel

/// PL102: Jekyll looks for `---` at byte 0 only; a BOM or blank line before it hides the front matter.
struct FrontMatterNotAtStart: RuleCheck {
    func check(_ post: Post, _ context: RuleContext) -> [Finding] {
        guard let frontMatter = post.frontMatter, !frontMatter.leading.isEmpty else { return [] }
        let bom = post.source.bytes.starts(with: [0xEF, 0xBB, 0xBF])
        let blankLines = post.source.line(containing: frontMatter.opening.lowerBound) - 1
        var what: [String] = []
        if bom { what.append("a byte-order mark") }
        if blankLines > 0 { what.append(blankLines == 1 ? "a blank line" : "\(blankLines) blank lines") }
        return [Finding(
            range: frontMatter.leading,
            message: "\(what.joined(separator: " and ")) before the opening `---`; Jekyll reads front matter only at the first byte, so it sees none",
            fix: context.deletion(frontMatter.leading))]
    }
}
