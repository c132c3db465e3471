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
    /// How many more findings of this rule with this message the file has after this one that
    /// were counted and not kept (see `Linter.lint(_:configuration:kind:folding:)`); 0 for most.
    public let folded: Int
    /// Other places the finding speaks of (`Finding.related`).
    public let related: [RelatedRange]

    public init(path: String, code: String, ruleID: String, severity: Severity, message: String,
                range: Range<Int>, start: SourceLocation, end: SourceLocation, fix: Fix?, folded: Int = 0, related: [RelatedRange] = []) {
        self.related = related
        self.path = path
        self.code = code
        self.ruleID = ruleID
        self.severity = severity
        self.message = message
        self.range = range
        self.start = start
        self.end = end
        self.fix = fix
        self.folded = folded
    }

    /// The findings this diagnostic stands for: itself and those folded into it.
    public var count: Int { 1 + folded }

    /// The message as reports show it, saying how many like it were folded.
    public var reportedMessage: String {
        folded == 0 ? message : "\(message) (and \(folded) more like this in the file, folded; `--max-identical 0` lists them)"
    }

    /// This diagnostic standing for `count` more like it.
    func folding(_ count: Int) -> Diagnostic {
        Diagnostic(path: path, code: code, ruleID: ruleID, severity: severity, message: message, range: range, start: start, end: end, fix: fix,
                   folded: count, related: related)
    }

    /// The order reports use: by position, then by code.
    public static func ordered(_ lhs: Diagnostic, _ rhs: Diagnostic) -> Bool {
        (lhs.start, lhs.code, lhs.end) < (rhs.start, rhs.code, rhs.end)
    }
}
