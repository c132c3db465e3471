import PostlintModel

/// PL508 (off by default): no space between CJK text and Latin letters or digits
/// (`用Markdown写`), the style autocorrect enforces.
struct CJKLatinSpacing: RuleCheck {
    func check(_ post: Post, _ context: RuleContext) -> [Finding] {
        var findings: [Finding] = []
        for run in context.facts.prose.runsBeyondASCII where run.count > 1 {
            for index in 1..<run.count {
                let before = run[index - 1].value, after = run[index].value
                let cjkThenLatin = CJK.isLetter(before) && after.isASCIIAlphanumeric
                let latinThenCJK = before.isASCIIAlphanumeric && CJK.isLetter(after)
                guard cjkThenLatin || latinThenCJK else { continue }
                findings.append(Finding(
                    range: run[index].offset..<run[index].offset,
                    message: "no space between Chinese and \(cjkThenLatin ? "the following" : "the preceding") Latin text; insert one"))
            }
        }
        return findings
    }
}
