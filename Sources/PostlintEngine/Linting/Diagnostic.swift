import PostlintModel
import PostlintRules

/// A finding made ready for people and tools: which rule, how severe (as configured), where
/// (bytes and `line:column`), what is wrong, and how to fix it when a fix exists.
public struct Diagnostic: Sendable {
    public let path: String
    public let code: String
    public let ruleID: String
    public let severity: Severity
    public let message: String
    public let range: Range<Int>
    public let start: SourceLocation
    public let end: SourceLocation
    public let fix: Fix?

    public init(path: String, code: String, ruleID: String, severity: Severity, message: String,
                range: Range<Int>, start: SourceLocation, end: SourceLocation, fix: Fix?) {
        self.path = path
        self.code = code
        self.ruleID = ruleID
        self.severity = severity
        self.message = message
        self.range = range
        self.start = start
        self.end = end
        self.fix = fix
    }

    /// The order reports use: by position, then by code.
    public static func ordered(_ lhs: Diagnostic, _ rhs: Diagnostic) -> Bool {
        (lhs.start, lhs.code, lhs.end) < (rhs.start, rhs.code, rhs.end)
    }
}
