import PostlintModel

/// PL504: full-width letters and digits (`２０２２`, `ＡＩ`); Chinese typography uses ASCII ones.
/// Japanese text writes single numbers full-width (`２つ`), so a run next to kana is left alone.
struct FullwidthAlphanumeric: SwiftRuleCheck {
    static let ruleID = "fullwidth-alphanumeric"

    func mayFind(in bytes: UnsafeBufferPointer<UInt8>, language: MarkupLanguage, _ rule: ConfiguredRule) -> Bool {
        ByteClues.containsScalar(leading: 0xEF, in: bytes, where: CJK.isFullwidthAlphanumeric)
    }

    func check(_ post: Post, _ context: RuleContext, report: (Finding) -> Void) {
        // No CJK text in the file, nothing to find (`PostFacts.holdsCJK`).
        guard context.facts.holdsCJK else { return }
        for run in context.facts.prose.runsBeyondASCII {
            // Full-width letters are rare: the scan for the first reads the run in place.
            var index = run.withUnsafeBufferPointer { scalars in scalars.firstIndex { CJK.isFullwidthAlphanumeric($0.value) } } ?? run.count
            while index < run.count {
                guard CJK.isFullwidthAlphanumeric(run[index].value) else { index += 1; continue }
                var end = index
                var ascii = ""
                while end < run.count, CJK.isFullwidthAlphanumeric(run[end].value) {
                    ascii.unicodeScalars.append(Unicode.Scalar(run[end].value - 0xFEE0)!)
                    end += 1
                }
                let isKana = { (position: Int) in run.indices.contains(position) && (0x3040...0x30FF).contains(run[position].value) }
                if isKana(index - 1) || isKana(end) {
                    index = end
                    continue
                }
                report(Finding(
                    range: run[index].offset..<run[end - 1].end,
                    message: "full-width letters or digits; expected `\(ascii)`",
                    fix: context.fix([TextEdit(range: run[index].offset..<run[end - 1].end, replacement: ascii)])))
                index = end
            }
        }
    }
}
