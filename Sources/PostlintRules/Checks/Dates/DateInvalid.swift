import Foundation
import PostlintModel

/// PL201: a date Jekyll cannot read stops the build or files the post under the wrong day.
struct DateInvalid: RuleCheck {
    func check(_ post: Post, _ context: RuleContext) -> [Finding] {
        guard let date = context.facts.date, date.parsed == nil else { return [] }
        let message: String
        if let text = date.text, !text.isBlank, date.entry.value.scalarType != .null {
            message = "`date` is `\(text)`, which is not a date; expected `YYYY-MM-DD HH:MM:SS +HHMM`"
        } else if date.text != nil {
            message = "`date` is empty; expected `YYYY-MM-DD HH:MM:SS +HHMM`"
        } else {
            message = "`date` is a YAML \(date.entry.value.kindName), not a date; expected `YYYY-MM-DD HH:MM:SS +HHMM`"
        }
        return [Finding(range: date.range, message: message)]
    }
}
