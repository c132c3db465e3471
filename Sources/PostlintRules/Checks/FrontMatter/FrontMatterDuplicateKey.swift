import PostlintModel

/// PL105: with a key given twice, YAML loaders silently keep one value and drop the other.
struct FrontMatterDuplicateKey: SwiftRuleCheck {
    static let ruleID = "front-matter-duplicate-key"

    func check(_ post: Post, _ context: RuleContext) -> [Finding] {
        guard let frontMatter = post.frontMatter else { return [] }
        let entries = frontMatter.entries
        var first: [String: Range<Int>] = [:]
        // A few keys are compared with the ones before them; hashing cost more. Many keys go
        // through the dictionary, so that a huge front matter stays linear.
        let few = entries.count <= 32
        if !few { first.reserveCapacity(entries.count) }
        var findings: [Finding] = []
        for (index, entry) in entries.enumerated() {
            let earlier = few ? entries[..<index].first { $0.key == entry.key }?.keyRange : first[entry.key]
            if let earlier {
                let line = post.source.line(containing: earlier.lowerBound)
                findings.append(Finding(
                    range: entry.keyRange,
                    message: "`\(entry.key)` is given again (first on line \(line)); Jekyll keeps only this last value",
                    related: [RelatedRange(range: earlier, message: "`\(entry.key)` is first given here; this value is dropped")]))
            } else if !few {
                first[entry.key] = entry.keyRange
            }
        }
        return findings
    }
}
