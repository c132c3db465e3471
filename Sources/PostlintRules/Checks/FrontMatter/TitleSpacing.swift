import PostlintModel

/// PL111 (off by default): a quoted `title` or `subtitle` that starts or ends with white space,
/// which Liquid passes on into feeds, social cards and JSON-LD.
struct TitleSpacing: SwiftRuleCheck {
    static let ruleID = "title-spacing"

    func check(_ post: Post, _ context: RuleContext) -> [Finding] {
        guard let frontMatter = post.frontMatter, frontMatter.error == nil else { return [] }
        var findings: [Finding] = []
        for key in ["title", "subtitle"] {
            guard let entry = frontMatter.entry(key), let text = entry.scalar, !text.isEmpty,
                  entry.value.style == .doubleQuoted || entry.value.style == .singleQuoted else { continue }
            let inner = (entry.valueRange.lowerBound + 1)..<(entry.valueRange.upperBound - 1)
            let bytes = post.source.bytes
            var start = inner.lowerBound, end = inner.upperBound
            while start < end, Self.isBlank(bytes, start) { start += Self.width(bytes, start) }
            while end > start, Self.isBlank(bytes, Self.previous(bytes, end)) { end = Self.previous(bytes, end) }
            guard start > inner.lowerBound || end < inner.upperBound, start < end else { continue }
            var edits: [TextEdit] = []
            if end < inner.upperBound { edits.append(TextEdit(range: end..<inner.upperBound, replacement: "")) }
            if start > inner.lowerBound { edits.append(TextEdit(range: inner.lowerBound..<start, replacement: "")) }
            findings.append(Finding(
                range: entry.valueRange,
                message: "`\(key)` \(start > inner.lowerBound ? "starts" : "ends") with a space, which feeds, social cards and JSON-LD carry; remove it",
                fix: context.fix(edits)))
        }
        return findings
    }

    /// An ASCII space or tab, or the ideographic space U+3000 (E3 80 80).
    static func isBlank(_ bytes: [UInt8], _ at: Int) -> Bool {
        bytes[at] == 0x20 || bytes[at] == 0x09 || (at + 2 < bytes.count && bytes[at] == 0xE3 && bytes[at + 1] == 0x80 && bytes[at + 2] == 0x80)
    }

    static func width(_ bytes: [UInt8], _ at: Int) -> Int { bytes[at] == 0xE3 ? 3 : 1 }

    static func previous(_ bytes: [UInt8], _ end: Int) -> Int {
        var index = end - 1
        while index > 0, bytes[index] & 0xC0 == 0x80 { index -= 1 }
        return index
    }
}
