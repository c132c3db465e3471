import PostlintModel

/// PL501: an ASCII space next to a full-width quotation mark or bracket in CJK text
/// (`推行 “一网通办”`, `办” “一`, `’、 ‘一`). Full-width marks carry their own spacing.
/// `“”‘’` are English quotation marks too (`said “hi” “there”`): next to them, the space is
/// only wrong when CJK text touches it, or stands just inside the marks around it.
struct SpaceAroundFullwidthQuote: SwiftRuleCheck {
    static let ruleID = "space-around-fullwidth-quote"

    /// The space reported always touches the mark it names.
    func mayFind(in bytes: UnsafeBufferPointer<UInt8>, language: MarkupLanguage, _ rule: ConfiguredRule) -> Bool {
        ByteClues.containsSpace(besideScalar: CJK.isQuoteOrBracket, in: bytes)
    }

    func check(_ post: Post, _ context: RuleContext, report: (Finding) -> Void) {
        // No CJK text in the file, nothing to find (`PostFacts.holdsCJK`).
        guard context.facts.holdsCJK else { return }
        for run in context.facts.prose.runsBeyondASCII {
            SpaceRuns.each(in: run) { beforeIndex, spaces, afterIndex in
                let before = run[beforeIndex], after = run[afterIndex]
                // A full-width bracket around Chinese carries its own spacing next to a Latin word
                // too (`Decentralized （去中心化）`). Only there: a space inside the marks
                // (`『 Spark 』`), after a Markdown marker (`### （2）`, `* （O）`) or before a table
                // delimiter is not between a word and the bracket.
                let inside = { (index: Int) in run.indices.contains(index) && CJK.isLetter(run[index].value) }
                let quoteAfter = CJK.isQuoteOrBracket(after.value) && (CJK.isCJK(before.value)
                    || (CJK.closer(for: after.value) != nil && !Self.isShared(after.value) && before.value.isASCIIAlphanumeric && inside(afterIndex + 1)))
                let quoteBefore = CJK.isQuoteOrBracket(before.value) && (CJK.isCJK(after.value)
                    || (CJK.opener(for: before.value) != nil && !Self.isShared(before.value) && after.value.isASCIIAlphanumeric && inside(beforeIndex - 1)))
                guard quoteAfter || quoteBefore else { return }
                // Two or more spaces set entries apart on purpose (in a table cell, say).
                guard spaces.count < 2 else { return }
                if Self.isShared(before.value) || Self.isShared(after.value) {
                    let near = max(0, beforeIndex - 1)...min(run.count - 1, afterIndex + 1)
                    guard near.contains(where: { CJK.isLetter(run[$0].value) || CJK.isCJKOnlyPunctuation(run[$0].value) }) else { return }
                }
                let mark = quoteAfter ? after : before
                let side = quoteAfter ? "before" : "after"
                report(Finding(
                    range: spaces,
                    message: "space \(side) the full-width `\(Character(Unicode.Scalar(mark.value)!))`; full-width marks need no space, remove it",
                    // In a heading the space is part of the anchor links point at: no fix.
                    fix: context.facts.headings.contains(spaces.lowerBound) ? nil : context.deletion(spaces)))
            }
        }
    }
}

extension SpaceAroundFullwidthQuote {
    /// The quotation marks CJK and English text share.
    static func isShared(_ value: UInt32) -> Bool {
        value == 0x201C || value == 0x201D || value == 0x2018 || value == 0x2019
    }
}

/// Runs of ASCII spaces inside a prose run: the byte range of the spaces, and the indices in
/// the run of the scalars on either side.
enum SpaceRuns {
    static func each(in run: [ProseText.Scalar], _ body: (Int, Range<Int>, Int) -> Void) {
        // Spaces are few in CJK text: the scan for them reads the run in place.
        run.withUnsafeBufferPointer { scalars in
            var index = 1
            while index < scalars.count {
                guard scalars[index].value == 0x20 else { index += 1; continue }
                var end = index
                while end < scalars.count, scalars[end].value == 0x20 { end += 1 }
                if end < scalars.count {
                    body(index - 1, scalars[index].offset..<scalars[end].offset, end)
                }
                index = end + 1
            }
        }
    }
}
