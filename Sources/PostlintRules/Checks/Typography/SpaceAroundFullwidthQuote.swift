import PostlintModel

/// PL501: an ASCII space next to a full-width quotation mark or bracket in CJK text
/// (`推行 “一网通办”`, `办” “一`, `’、 ‘一`). Full-width marks carry their own spacing.
struct SpaceAroundFullwidthQuote: RuleCheck {
    func check(_ post: Post, _ context: RuleContext) -> [Finding] {
        var findings: [Finding] = []
        for run in context.facts.prose.runs {
            SpaceRuns.each(in: run) { before, spaces, after in
                let quoteAfter = CJK.isQuoteOrBracket(after.value) && CJK.isCJK(before.value)
                let quoteBefore = CJK.isQuoteOrBracket(before.value) && CJK.isCJK(after.value)
                guard quoteAfter || quoteBefore else { return }
                let mark = quoteAfter ? after : before
                let side = quoteAfter ? "before" : "after"
                findings.append(Finding(
                    range: spaces,
                    message: "space \(side) the full-width `\(Character(Unicode.Scalar(mark.value)!))`; full-width marks need no space, remove it",
                    fix: context.deletion(spaces)))
            }
        }
        return findings
    }
}

/// Runs of ASCII spaces inside a prose run, with the scalars on either side.
enum SpaceRuns {
    static func each(in run: [ProseText.Scalar], _ body: (ProseText.Scalar, Range<Int>, ProseText.Scalar) -> Void) {
        var index = 1
        while index < run.count {
            guard run[index].value == 0x20 else { index += 1; continue }
            var end = index
            while end < run.count, run[end].value == 0x20 { end += 1 }
            if end < run.count {
                body(run[index - 1], run[index].offset..<run[end].offset, run[end])
            }
            index = end + 1
        }
    }
}
