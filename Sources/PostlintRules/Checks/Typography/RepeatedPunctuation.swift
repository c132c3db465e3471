import PostlintModel

/// PL505: the same full-width punctuation twice or more (`，，`, `；；`); with
/// `include-emphatic`, also `！！`, `？？` and `。。`, which writers type on purpose (the last as
/// an informal ellipsis). `……` and `——` are single marks and allowed.
struct RepeatedPunctuation: SwiftRuleCheck {
    static let ruleID = "repeated-punctuation"

    func mayFind(in bytes: UnsafeBufferPointer<UInt8>, language: MarkupLanguage, _ rule: ConfiguredRule) -> Bool {
        ByteClues.containsCJK(in: bytes)
    }

    func check(_ post: Post, _ context: RuleContext, report: (Finding) -> Void) {
        // No CJK text in the file, nothing to find (`PostFacts.holdsCJK`).
        guard context.facts.holdsCJK else { return }
        let emphatic = context.option("include-emphatic").bool == true
        for run in context.facts.prose.runsBeyondASCII {
            run.withUnsafeBufferPointer { run in
                var index = 0
                while index < run.count {
                    let value = run[index].value
                    // A scalar unlike the next one repeats nothing: the usual case, decided at once.
                    guard index + 1 < run.count, run[index + 1].value == value else {
                        index += 1
                        continue
                    }
                    var end = index + 2
                    while end < run.count, run[end].value == value { end += 1 }
                    if Self.isMark(value, emphatic: emphatic) {
                        let mark = String(Character(Unicode.Scalar(value)!))
                        report(Finding(
                            range: run[index].offset..<run[end - 1].end,
                            message: "`\(mark)` repeated \(end - index) times; one is enough"))
                    }
                    index = end
                }
            }
        }
    }

    /// ，、；： and, with `emphatic`, ！？。.
    static func isMark(_ value: UInt32, emphatic: Bool) -> Bool {
        switch value {
        case 0xFF0C, 0x3001, 0xFF1B, 0xFF1A: true
        case 0xFF01, 0xFF1F, 0x3002: emphatic
        default: false
        }
    }
}
