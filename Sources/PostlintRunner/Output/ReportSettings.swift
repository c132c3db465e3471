import PostlintReporters
import PostlintRules

/// A report format, as `--format` names it.
public enum ReportFormat: String, CaseIterable, Sendable {
    case text, json, sarif, junit, github, checkstyle, html
}

/// Where one report goes: `--format NAME[=FILE]`; standard output without a file.
public struct ReportOutput: Sendable {
    public let format: ReportFormat
    public let file: String?

    public init(format: ReportFormat, file: String? = nil) {
        self.format = format
        self.file = file
    }

    /// `NAME` or `NAME=FILE`; nil when NAME is no format.
    public init?(_ specification: String) {
        let parts = specification.split(separator: "=", maxSplits: 1).map(String.init)
        guard let format = ReportFormat(rawValue: parts.first ?? "") else { return nil }
        self.init(format: format, file: parts.count == 2 ? parts[1] : nil)
    }
}

/// How a run's reports are written.
public struct ReportSettings: Sendable {
    public var outputs: [ReportOutput]
    /// Show errors only (every finding still counts for the exit status).
    public var quiet = false
    /// Colour in text reports to standard output.
    public var color = false
    /// The source line under each finding in text reports.
    public var codeFrames = true
    /// The text report counts findings per rule instead of listing them.
    public var statistics = false
    /// The rules the SARIF and JUnit rule tables and the HTML report's summaries list; asked only when one is written.
    public var catalogue: @Sendable () -> RuleCatalogue = { RuleCatalogue.builtIn }

    public init(outputs: [ReportOutput] = [ReportOutput(format: .text)]) {
        self.outputs = outputs
    }

    /// The writer for one report format.
    func writer(_ format: ReportFormat, color: Bool) -> any ReportWriter {
        switch format {
        case .text: return TextReporter(color: color, frames: codeFrames, statistics: statistics)
        case .json: return JSONReporter(toolVersion: PostlintVersion.current)
        case .sarif: return SARIFReporter(catalogue: catalogue(), toolVersion: PostlintVersion.current)
        case .junit: return JUnitReporter(rules: catalogue().rules.filter(\.descriptor.enabledByDefault))
        case .github: return GitHubReporter()
        case .checkstyle: return CheckstyleReporter()
        case .html: return HTMLReporter(catalogue: catalogue(), toolVersion: PostlintVersion.current, quiet: quiet)
        }
    }
}
