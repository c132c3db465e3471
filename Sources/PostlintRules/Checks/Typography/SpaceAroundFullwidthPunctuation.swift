import PostlintModel

/// PL502: an ASCII space between CJK text and full-width punctuation (`。 吉利德`, `， 涉及`).
struct SpaceAroundFullwidthPunctuation: SwiftRuleCheck {
    static let ruleID = "space-around-fullwidth-punctuation"

    /// The space reported always touches the full-width mark it names.
    func mayFind(in bytes: UnsafeBufferPointer<UInt8>, language: MarkupLanguage, _ rule: ConfiguredRule) -> Bool {
        ByteClues.containsSpace(besideScalar: CJK.isPunctuation, in: bytes)
    }

    func check(_ post: Post, _ context: RuleContext, report: (Finding) -> Void) {
        // No CJK text in the file, nothing to find (`PostFacts.holdsCJK`).
        guard context.facts.holdsCJK else { return }
        for run in context.facts.prose.runsBeyondASCII {
            SpaceRuns.each(in: run) { beforeIndex, spaces, afterIndex in
                let before = run[beforeIndex], after = run[afterIndex]
                // Quotes and brackets are space-around-fullwidth-quote's.
                guard !CJK.isQuoteOrBracket(before.value), !CJK.isQuoteOrBracket(after.value) else { return }
                // `…`, `—` and `·` serve English too: there, only CJK on both sides makes it Chinese text.
                let punctuationBefore = CJK.isPunctuation(before.value)
                    && (CJK.isLetter(after.value) || (after.value.isASCIIAlphanumeric && CJK.isCJKOnlyPunctuation(before.value)))
                let punctuationAfter = CJK.isPunctuation(after.value) && CJK.isLetter(before.value)
                guard punctuationBefore || punctuationAfter else { return }
                let mark = punctuationBefore ? before : after
                // A dash set off by spaces (`中国 —— 世界`) is common Chinese usage, and a middle
                // dot is not full-width: spaces around either are the writer's choice.
                guard !Self.spacingAllowed(mark.value) else { return }
                report(Finding(
                    range: spaces,
                    message: "space \(punctuationBefore ? "after" : "before") the full-width `\(Character(Unicode.Scalar(mark.value)!))`; remove it",
                    // In a heading the space is part of the anchor links point at: no fix.
                    fix: context.facts.headings.contains(spaces.lowerBound) ? nil : context.deletion(spaces)))
            }
        }
    }

    /// `—` (and so `——`), `·` and `・`.
    static func spacingAllowed(_ value: UInt32) -> Bool {
        value == 0x2014 || value == 0x00B7 || value == 0x30FB
    }
}
