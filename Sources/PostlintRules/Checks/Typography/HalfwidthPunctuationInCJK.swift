import PostlintModel

/// PL503: half-width punctuation inside CJK text (`你好,世界`, `(央视新闻)`), where the
/// full-width form (`，`, `（央视新闻）`) is expected.
struct HalfwidthPunctuationInCJK: SwiftRuleCheck {
    static let ruleID = "halfwidth-punctuation-in-cjk"

    /// The full-width form of a half-width sentence mark, or nil.
    static func fullwidth(_ value: UInt32) -> String? {
        switch value {
        case 0x2C: "，"
        case 0x3B: "；"
        case 0x3A: "："
        case 0x3F: "？"
        case 0x21: "！"
        default: nil
        }
    }

    func mayFind(in bytes: UnsafeBufferPointer<UInt8>, language: MarkupLanguage, _ rule: ConfiguredRule) -> Bool {
        ByteClues.containsCJK(in: bytes)
    }

    func check(_ post: Post, _ context: RuleContext, report: (Finding) -> Void) {
        // No CJK text in the file, nothing to find (`PostFacts.holdsCJK`).
        guard context.facts.holdsCJK else { return }
        for run in context.facts.prose.runsBeyondASCII {
            // Only half-width `,;:?!(` can start a finding; most scalars here are ideographs,
            // passed over in place.
            let candidates = run.withUnsafeBufferPointer { scalars in
                scalars.indices.filter { scalars[$0].value < 0x80 && (scalars[$0].value == 0x28 || Self.fullwidth(scalars[$0].value) != nil) }
            }
            for index in candidates {
                let scalar = run[index]
                let before = index > 0 ? run[index - 1].value : nil
                let after = index + 1 < run.count ? run[index + 1].value : nil
                if let replacement = Self.fullwidth(scalar.value), let before, CJK.isLetter(before),
                   after.map({ CJK.isLetter($0) || $0 == 0x0A || $0 == 0x0D || CJK.isQuoteOrBracket($0) }) ?? true {
                    report(Finding(
                        range: scalar.offset..<scalar.end,
                        message: "half-width `\(Character(Unicode.Scalar(scalar.value)!))` in Chinese text; expected `\(replacement)`",
                        fix: context.fix([TextEdit(range: scalar.offset..<scalar.end, replacement: replacement)])))
                }
                // `Bell Labs (贝尔实验室), initially`: a Chinese gloss in an English sentence keeps
                // the English sentence's parentheses.
                if scalar.value == 0x28, !Self.followsLatin(run, index),
                   let close = closing(run, from: index), run[(index + 1)..<close].contains(where: { CJK.isLetter($0.value) }),
                   run[(index + 1)..<close].allSatisfy({ !$0.value.isASCIIAlphanumeric || CJK.isLetter($0.value) }) {
                    report(Finding(
                        range: scalar.offset..<run[close].end,
                        message: "half-width parentheses around Chinese text; expected `（…）`",
                        fix: context.fix([
                            TextEdit(range: scalar.offset..<scalar.end, replacement: "（"),
                            TextEdit(range: run[close].offset..<run[close].end, replacement: "）"),
                        ])))
                }
            }
        }
    }

    /// Whether the nearest scalar before `index`, spaces skipped, is a Latin letter or digit.
    static func followsLatin(_ run: [ProseText.Scalar], _ index: Int) -> Bool {
        var cursor = index - 1
        while cursor >= 0, run[cursor].value == 0x20 { cursor -= 1 }
        return cursor >= 0 && run[cursor].value.isASCIIAlphanumeric
    }

    private func closing(_ run: [ProseText.Scalar], from index: Int) -> Int? {
        var cursor = index + 1
        while cursor < run.count, cursor - index < 64 {
            if run[cursor].value == 0x29 { return cursor }
            if run[cursor].value == 0x28 || run[cursor].value == 0x0A { return nil }
            cursor += 1
        }
        return nil
    }
}
