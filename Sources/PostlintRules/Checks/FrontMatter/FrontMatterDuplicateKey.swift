import PostlintModel

/// PL105: with a key given twice, YAML loaders silently keep one value and drop the other.
struct FrontMatterDuplicateKey: RuleCheck {
    func check(_ post: Post, _ context: RuleContext) -> [Finding] {
        guard let frontMatter = post.frontMatter else { return [] }
        var first: [String: Int] = [:]
        var findings: [Finding] = []
        for entry in frontMatter.entries {
            if let earlier = first[entry.key] {
                let line = post.source.line(containing: earlier)
                findings.append(Finding(
                    range: entry.keyRange,
                    message: "`\(entry.key)` is given again (first on line \(line)); Jekyll keeps only this last value"))
            } else {
                first[entry.key] = entry.keyRange.lowerBound
            }
        }
        return findings
    }
}
