import PostlintEngine
import PostlintModel
import PostlintRules

/// What happened to one file: its diagnostics, or why it could not be checked.
public struct FileReport: Sendable {
    public let path: String
    public let diagnostics: [Diagnostic]
    /// Set when the file could not be read, configured or written.
    public let error: String?
    /// The text of the lines diagnostics start on, for code frames.
    public let lines: [Int: String]
    /// Where each of those lines starts in the file, in bytes: a code frame finds its finding in
    /// the line from the finding's offset, without counting columns from the line's start.
    public let lineStarts: [Int: Int]
    /// Set when Jekyll does not process the file, so no rule read it: the reason.
    public let skipped: String?
    /// Findings a baseline accepted, left out of `diagnostics` (`--baseline`).
    public var baselined = 0

    public init(path: String, diagnostics: [Diagnostic], error: String? = nil, lines: [Int: String] = [:], lineStarts: [Int: Int] = [:]) {
        self.path = path
        self.diagnostics = diagnostics
        self.error = error
        self.lines = lines
        self.lineStarts = lineStarts
        skipped = nil
    }

    /// A file Jekyll does not process, with the reason.
    public init(path: String, skipped reason: String) {
        self.path = path
        diagnostics = []
        error = nil
        lines = [:]
        lineStarts = [:]
        skipped = reason
    }

    /// A report with the lines its diagnostics point at taken from `source`.
    public init(path: String, diagnostics: [Diagnostic], source: SourceText) {
        var lines: [Int: String] = [:]
        var starts: [Int: Int] = [:]
        for diagnostic in diagnostics where lines[diagnostic.start.line] == nil && diagnostic.start.line <= source.lineCount {
            let range = source.lineRange(diagnostic.start.line)
            lines[diagnostic.start.line] = source.string(range)
            starts[diagnostic.start.line] = range.lowerBound
        }
        self.init(path: path, diagnostics: diagnostics, lines: lines, lineStarts: starts)
    }
}

/// Counts over a whole run.
public struct ReportSummary: Sendable, Equatable {
    public var files = 0
    public var filesWithProblems = 0
    public var errors = 0
    public var warnings = 0
    public var infos = 0
    public var unreadable = 0
    /// Findings `postlint fix` repairs, and those only `postlint fix --unsafe` does.
    public var fixable = 0
    public var unsafeFixable = 0
    /// Findings a baseline accepted; they are not reported and do not fail the run.
    public var baselined = 0
    /// Findings per rule id, for `--statistics`.
    public var perRule: [String: RuleCount] = [:]

    /// How many findings one rule made, and how many of them its fix repairs.
    public struct RuleCount: Sendable, Equatable {
        public let code: String
        public var count = 0
        public var fixable = 0
        public var unsafeFixable = 0
    }

    public init() {}

    public init(_ reports: [FileReport]) {
        for report in reports { add(report) }
    }

    /// Counts one more file.
    public mutating func add(_ report: FileReport) {
        files += 1
        baselined += report.baselined
        if report.error != nil { unreadable += 1 }
        if !report.diagnostics.isEmpty { filesWithProblems += 1 }
        for diagnostic in report.diagnostics {
            switch diagnostic.severity {
            case .error: errors += diagnostic.count
            case .warning: warnings += diagnostic.count
            case .info: infos += diagnostic.count
            }
            perRule[diagnostic.ruleID, default: RuleCount(code: diagnostic.code)].count += diagnostic.count
            switch diagnostic.fix?.kind {
            case .safe?:
                fixable += diagnostic.count
                perRule[diagnostic.ruleID]!.fixable += diagnostic.count
            case .unsafe?:
                unsafeFixable += diagnostic.count
                perRule[diagnostic.ruleID]!.unsafeFixable += diagnostic.count
            default: break
            }
        }
    }

    public var problems: Int { errors + warnings + infos }

    /// How many findings are at `severity` or above.
    public func count(atLeast severity: Severity) -> Int {
        switch severity {
        case .error: return errors
        case .warning: return errors + warnings
        case .info: return problems
        }
    }
}
