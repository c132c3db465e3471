import PostlintModel

/// PL601: postlint reads only UTF-8; what is not cannot be checked, fixed or converted.
struct InvalidUTF8: SwiftRuleCheck {
    static let ruleID = "invalid-utf8"

    var readsUndecodableFiles: Bool { true }

    func check(_ post: Post, _ context: RuleContext) -> [Finding] {
        if case .otherUnicode(let name, let mark) = post.encoding {
            let family = name.hasPrefix("UTF-16") ? "UTF-16" : "UTF-32"
            return [Finding(
                range: 0..<min(post.source.count, mark ? (family == "UTF-16" ? 2 : 4) : 1),
                message: "the file is \(name) (\(mark ? "it starts with a \(family) byte order mark" : "NUL bytes between ASCII characters")), not UTF-8, which Jekyll and postlint read; convert it, e.g. `iconv -f \(mark ? family : name) -t UTF-8` (nothing else was checked)")]
        }
        guard case .invalidUTF8(let offset, let byte) = post.encoding else { return [] }
        let hex = String(byte, radix: 16, uppercase: true)
        return [Finding(
            range: offset..<(offset + 1),
            message: "not valid UTF-8: byte 0x\(hex.count == 1 ? "0" + hex : hex) at byte offset \(offset) does not form a character; save the file as UTF-8 (nothing else was checked)")]
    }
}
