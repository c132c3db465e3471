import PostlintModel

/// PL605: lines end with LF. CRLF (or lone CR) endings, and above all a mix of them, make
/// diffs noisy and break tools that split on `\n`.
struct LineEndings: SwiftRuleCheck {
    static let ruleID = "line-endings"

    func mayFind(in bytes: UnsafeBufferPointer<UInt8>, language: MarkupLanguage, _ rule: ConfiguredRule) -> Bool {
        ByteClues.contains(0x0D, in: bytes)
    }

    func check(_ post: Post, _ context: RuleContext) -> [Finding] {
        let bytes = post.source.bytes
        // Almost every file has no CR at all.
        guard post.source.hasCarriageReturn else { return [] }
        var crlf = 0, cr = 0, lf = 0
        var first: Int?
        var edits: [TextEdit] = []
        var index = 0
        while index < bytes.count {
            if bytes[index] == 0x0D {
                if first == nil { first = index }
                if index + 1 < bytes.count, bytes[index + 1] == 0x0A {
                    crlf += 1
                    edits.append(TextEdit(range: index..<(index + 1), replacement: ""))
                    index += 1
                } else {
                    cr += 1
                    edits.append(TextEdit(range: index..<(index + 1), replacement: "\n"))
                }
            } else if bytes[index] == 0x0A {
                lf += 1
            }
            index += 1
        }
        guard let first else { return [] }
        let other = crlf + cr
        let kind = crlf > 0 && cr > 0 ? "CRLF and CR" : crlf > 0 ? "CRLF" : "CR"
        let message = lf > 0
            ? "mixed line endings: \(other) \(kind) and \(lf) LF; use LF throughout"
            : "\(kind) line endings on \(other) line\(other == 1 ? "" : "s"); expected LF"
        return [Finding(
            range: first..<(first + (bytes.count > first + 1 && bytes[first + 1] == 0x0A ? 2 : 1)), message: message,
            fix: context.fix(edits))]
    }
}
