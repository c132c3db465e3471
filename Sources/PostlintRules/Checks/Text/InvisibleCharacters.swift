import PostlintModel

/// PL608: control characters and invisible format characters (zero-width spaces and joiners,
/// word joiners, a BOM inside the text, bidirectional overrides) in the text.
struct InvisibleCharacters: RuleCheck {
    static let names: [UInt32: String] = [
        0x200B: "zero-width space", 0x200C: "zero-width non-joiner", 0x200D: "zero-width joiner",
        0x2060: "word joiner", 0xFEFF: "zero-width no-break space (BOM)", 0x00AD: "soft hyphen",
        0x202A: "left-to-right embedding", 0x202B: "right-to-left embedding", 0x202C: "pop directional formatting",
        0x202D: "left-to-right override", 0x202E: "right-to-left override", 0x2066: "left-to-right isolate",
        0x2067: "right-to-left isolate", 0x2068: "first strong isolate", 0x2069: "pop directional isolate",
    ]

    func check(_ post: Post, _ context: RuleContext) -> [Finding] {
        var findings: [Finding] = []
        let prose = context.facts.prose
        // A pure ASCII run can hold only ASCII control characters: look for those in its bytes
        // before decoding it.
        for index in prose.ranges.indices
        where prose.isBeyondASCII(index) || prose.holds(index, where: { $0 < 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D || $0 == 0x7F }) {
            findings += check(prose.run(at: index), context)
        }
        return findings
    }

    private func check(_ run: [ProseText.Scalar], _ context: RuleContext) -> [Finding] {
        var findings: [Finding] = []
        for scalar in run where scalar.offset > 0 || scalar.value != 0xFEFF {
            let value = scalar.value
            // Most characters are none of these; only the few candidates reach the table.
            guard value < 0x20 || (0x7F...0xAD).contains(value) || (0x200B...0x2069).contains(value) || value == 0xFEFF else { continue }
            let name: String
            if let known = Self.names[value] {
                name = known
            } else if (value < 0x20 && value != 0x09 && value != 0x0A && value != 0x0D) || (0x7F...0x9F).contains(value) {
                name = "control character"
            } else {
                continue
            }
            let code = String(value, radix: 16, uppercase: true)
            findings.append(Finding(
                range: scalar.offset..<scalar.end,
                message: "invisible \(name) U+\(String(repeating: "0", count: max(0, 4 - code.count)) + code); remove it",
                fix: context.deletion(scalar.offset..<scalar.end)))
        }
        return findings
    }
}
