import PostlintModel

/// PL505: the same full-width punctuation twice or more (`。。`, `，，`); with
/// `include-emphatic`, also `！！` and `？？`. `……` and `——` are single marks and allowed.
struct RepeatedPunctuation: RuleCheck {
    func check(_ post: Post, _ context: RuleContext) -> [Finding] {
        var marks: Set<UInt32> = [0x3002, 0xFF0C, 0x3001, 0xFF1B, 0xFF1A]
        if context.option("include-emphatic").bool == true { marks.formUnion([0xFF01, 0xFF1F]) }
        var findings: [Finding] = []
        for run in context.facts.prose.runs {
            var index = 0
            while index < run.count {
                let value = run[index].value
                var end = index + 1
                while end < run.count, run[end].value == value { end += 1 }
                if end - index >= 2, marks.contains(value) {
                    let mark = String(Character(Unicode.Scalar(value)!))
                    findings.append(Finding(
                        range: run[index].offset..<run[end - 1].end,
                        message: "`\(mark)` repeated \(end - index) times; one is enough"))
                }
                index = end
            }
        }
        return findings
    }
}
