import PostlintModel

/// PL608: control characters and invisible format characters (zero-width spaces and joiners,
/// word joiners, a BOM inside the text, bidirectional overrides) in the text.
struct InvisibleCharacters: SwiftRuleCheck {
    static let ruleID = "invisible-characters"

    static let names: [UInt32: String] = [
        0x200B: "zero-width space", 0x200C: "zero-width non-joiner", 0x200D: "zero-width joiner",
        0x2060: "word joiner", 0xFEFF: "zero-width no-break space (BOM)", 0x00AD: "soft hyphen",
        0x202A: "left-to-right embedding", 0x202B: "right-to-left embedding", 0x202C: "pop directional formatting",
        0x202D: "left-to-right override", 0x202E: "right-to-left override", 0x2066: "left-to-right isolate",
        0x2067: "right-to-left isolate", 0x2068: "first strong isolate", 0x2069: "pop directional isolate",
    ]

    /// Whether `value` is one of `names` or a C1 control, by ranges: Chinese text has a curly
    /// quote or an ellipsis (E2 80 …) in most lines, and hashing each one cost more than the scan.
    static func isNamedOrC1Control(_ value: UInt32) -> Bool {
        switch value {
        case 0x80...0x9F, 0xAD, 0x200B...0x200D, 0x202A...0x202E, 0x2060, 0x2066...0x2069, 0xFEFF: true
        default: false
        }
    }

    func mayFind(in bytes: UnsafeBufferPointer<UInt8>, language: MarkupLanguage, _ rule: ConfiguredRule) -> Bool {
        Self.mayFind(in: bytes)
    }

    /// Every candidate is a control byte or starts with C2, E2 or EF (see `check`).
    static func mayFind(in bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        ByteClues.containsControl(in: bytes)
            || ByteClues.containsScalar(leading: 0xC2, in: bytes, where: isNamedOrC1Control)
            || ByteClues.containsScalar(leading: 0xE2, in: bytes, where: isNamedOrC1Control)
            || ByteClues.contains("\u{FEFF}", in: UnsafeBufferPointer(rebasing: bytes.dropFirst()))
    }

    func check(_ post: Post, _ context: RuleContext, report: (Finding) -> Void) {
        // A file without a candidate anywhere (most posts) needs no prose worked out.
        guard post.source.bytes.withUnsafeBufferPointer(Self.mayFind) else { return }
        // By bytes, over the prose of valid UTF-8 text: every candidate is a control byte or
        // starts with C2, E2 80/81 or EF BB, so other scalars are stepped over by their lead
        // byte, never decoded.
        post.source.bytes.withUnsafeBufferPointer { bytes in
            for range in context.facts.prose.ranges {
                var index = range.lowerBound
                while index < range.upperBound {
                    let lead = bytes[index]
                    if lead >= 0x20 && lead < 0x7F {
                        index += 1
                        // Eight printable ASCII bytes at a time: none is below 0x20 or above 0x7E.
                        while range.upperBound - index >= 8 {
                            let word = UnsafeRawPointer(bytes.baseAddress! + index).loadUnaligned(as: UInt64.self)
                            let below = (word &- 0x2020_2020_2020_2020) & ~word & 0x8080_8080_8080_8080
                            let above = ((word &+ 0x0101_0101_0101_0101) | word) & 0x8080_8080_8080_8080
                            guard below | above == 0 else { break }
                            index += 8
                        }
                        continue
                    }
                    // Ideographs, kana, Hangul and the rest of E3–EE, two-byte letters past C2,
                    // and four-byte scalars hold no candidate.
                    if lead >= 0xE3 && lead <= 0xEE {
                        index += 3
                        continue
                    }
                    if lead >= 0xC3 && lead < 0xE0 {
                        index += 2
                        continue
                    }
                    let length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
                    defer { index += length }
                    guard index + length <= range.upperBound else { continue }
                    let value: UInt32
                    switch lead {
                    case ..<0x80: value = UInt32(lead)
                    case 0xC2: value = UInt32(bytes[index + 1] & 0x3F) | 0x80
                    case 0xE2 where bytes[index + 1] == 0x80 || bytes[index + 1] == 0x81:
                        value = 0x2000 | UInt32(bytes[index + 1] & 0x3F) << 6 | UInt32(bytes[index + 2] & 0x3F)
                    case 0xEF where bytes[index + 1] == 0xBB && bytes[index + 2] == 0xBF: value = 0xFEFF
                    default: continue
                    }
                    // A joiner between emoji builds one picture (👨‍👩‍👧): it is not invisible junk.
                    if value == 0x200D, Self.isEmojiPart(bytes, before: index), Self.isEmojiPart(bytes, at: index + length) { continue }
                    if var found = finding(value, at: index, length: length, context) {
                        // At a line start, removing the character can make what follows a
                        // heading, a list or a code block: report it, leave the fix to the writer.
                        if Self.startsLine(bytes, index), Self.leadsMarkdownBlock(bytes, index + length) {
                            found = Finding(range: found.range, message: found.message + " (it starts the line; check what the line becomes)")
                        }
                        report(found)
                    }
                }
            }
        }
    }

    /// Whether the scalar starting at `offset` is part of an emoji: a pictograph beyond the
    /// BMP, a symbol or dingbat (U+2600–27BF), a variation selector or a skin tone.
    static func isEmojiPart(_ bytes: UnsafeBufferPointer<UInt8>, at offset: Int) -> Bool {
        guard offset < bytes.count else { return false }
        let lead = bytes[offset]
        if lead >= 0xF0 { return true }
        guard lead == 0xE2 || lead == 0xEF, offset + 2 < bytes.count else { return false }
        let value = UInt32(lead & 0x0F) << 12 | UInt32(bytes[offset + 1] & 0x3F) << 6 | UInt32(bytes[offset + 2] & 0x3F)
        return (0x2600...0x27BF).contains(value) || value == 0xFE0F
    }

    /// `isEmojiPart` for the scalar that ends at `offset`.
    static func isEmojiPart(_ bytes: UnsafeBufferPointer<UInt8>, before offset: Int) -> Bool {
        var start = offset - 1
        while start > 0, bytes[start] & 0xC0 == 0x80, offset - start < 4 { start -= 1 }
        return start >= 0 && isEmojiPart(bytes, at: start)
    }

    /// Whether only spaces or tabs stand between the line's start and `offset`.
    static func startsLine(_ bytes: UnsafeBufferPointer<UInt8>, _ offset: Int) -> Bool {
        var index = offset - 1
        while index >= 0, bytes[index] == 0x20 || bytes[index] == 0x09 { index -= 1 }
        return index < 0 || bytes[index] == 0x0A || bytes[index] == 0x0D
    }

    /// Whether a line that began at `offset` would start a Markdown block of its own.
    static func leadsMarkdownBlock(_ bytes: UnsafeBufferPointer<UInt8>, _ offset: Int) -> Bool {
        guard offset < bytes.count else { return false }
        switch bytes[offset] {
        case 0x20, 0x09, UInt8(ascii: "#"), UInt8(ascii: "-"), UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: ">"),
             UInt8(ascii: "|"), UInt8(ascii: "="), UInt8(ascii: "`"), UInt8(ascii: "~"), UInt8(ascii: "<"), 0x30...0x39:
            return true
        default:
            return false
        }
    }

    private func finding(_ value: UInt32, at offset: Int, length: Int, _ context: RuleContext) -> Finding? {
        guard offset > 0 || value != 0xFEFF else { return nil }
        let name: String
        if let known = Self.names[value] {
            name = known
        } else if (value < 0x20 && value != 0x09 && value != 0x0A && value != 0x0D) || (0x7F...0x9F).contains(value) {
            name = "control character"
        } else {
            return nil
        }
        let code = String(value, radix: 16, uppercase: true)
        return Finding(
            range: offset..<(offset + length),
            message: "invisible \(name) U+\(String(repeating: "0", count: max(0, 4 - code.count)) + code); remove it",
            fix: context.deletion(offset..<(offset + length)))
    }
}
