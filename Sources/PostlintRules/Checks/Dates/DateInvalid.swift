import Foundation
import PostlintModel

/// PL201: a `date` that is not a date. Jekyll stops the build on an empty value or one without a
/// date in it; it reads other forms (`2020/01/01`, `20200101`, `10:00 CST`) with Ruby's lenient
/// `Time.parse`, whose answer is rarely what was meant to be checked.
struct DateInvalid: SwiftRuleCheck {
    static let ruleID = "date-invalid"

    func check(_ post: Post, _ context: RuleContext) -> [Finding] {
        guard let date = context.facts.date, date.parsed == nil else { return [] }
        let expected = "expected `YYYY-MM-DD HH:MM:SS +HHMM`"
        guard let text = date.text else {
            return [Finding(range: date.range, message: "`date` is a YAML \(date.entry.value.kindName), not a date; Jekyll stops the build; \(expected)")]
        }
        if text.isBlank || date.entry.value.scalarType == .null {
            return [Finding(range: date.range, message: "`date` is empty; Jekyll stops the build (\"Invalid date\"); \(expected)")]
        }
        // Four digits in a row, not an offset's, may be a year that Ruby's parser finds; without
        // them it finds none (`+0800` alone stops the build).
        if Self.holdsYear(text) {
            return [Finding(
                range: date.range,
                message: "`date` is `\(text)`, a form postlint does not read; Jekyll reads it with Ruby's lenient Time.parse, so which moment it gives is unchecked; \(expected)",
                severityCap: .warning)]
        }
        return [Finding(range: date.range, message: "`date` is `\(text)`, which is not a date; Jekyll stops the build (\"Invalid date\"); \(expected)")]
    }

    /// Whether four digits follow the start or a character other than `+`, `-` or a digit. ASCII
    /// text is read byte by byte (a run of four digits or more after anything but a sign); Swift's
    /// regular expression (about 400,000 instructions a date, compiled at every call) reads the
    /// rest, whose digits may be any script's.
    static func holdsYear(_ text: String) -> Bool {
        guard text.utf8.allSatisfy({ $0 < 0x80 }) else { return text.contains(/(?:^|[^+\-\d])\d{4}/) }
        var run = 0, before: UInt8 = 0
        for byte in text.utf8 {
            guard (0x30...0x39).contains(byte) else {
                run = 0
                before = byte
                continue
            }
            run += 1
            if run == 4, before != UInt8(ascii: "+"), before != UInt8(ascii: "-") { return true }
        }
        return false
    }
}
