import PostlintEngine
import PostlintRules

/// `path:line:column: severity [CODE/id] message`, one line per diagnostic, then a summary.
public struct TextReporter: Sendable {
    public let color: Bool

    public init(color: Bool) {
        self.color = color
    }

    public func render(_ reports: [FileReport]) -> String {
        var out = ""
        for report in reports {
            if let error = report.error {
                out += "\(report.path): \(paint("error", .red)): \(error)\n"
            }
            for diagnostic in report.diagnostics {
                out += line(diagnostic) + "\n"
            }
        }
        out += summary(ReportSummary(reports)) + "\n"
        return out
    }

    public func line(_ diagnostic: Diagnostic) -> String {
        let severity = paint(diagnostic.severity.rawValue, Self.color(for: diagnostic.severity))
        return "\(diagnostic.path):\(diagnostic.start.line):\(diagnostic.start.column): \(severity) "
            + "[\(diagnostic.code)/\(diagnostic.ruleID)] \(diagnostic.message)"
    }

    public func summary(_ summary: ReportSummary) -> String {
        let checked = "\(summary.files) file\(summary.files == 1 ? "" : "s") checked"
        var parts: [String] = []
        if summary.problems == 0 {
            parts.append("no problems")
        } else {
            let counts = [
                plural(summary.errors, "error"), plural(summary.warnings, "warning"), plural(summary.infos, "info", "infos"),
            ].joined(separator: ", ")
            parts.append("\(plural(summary.problems, "problem")) (\(counts)) in \(plural(summary.filesWithProblems, "file"))")
        }
        if summary.unreadable > 0 { parts.append("\(plural(summary.unreadable, "file")) had an error (shown above)") }
        return "\(checked): " + parts.joined(separator: "; ")
    }

    private func plural(_ count: Int, _ word: String, _ many: String? = nil) -> String {
        "\(count) \(count == 1 ? word : (many ?? word + "s"))"
    }

    enum Color: String { case red = "31", yellow = "33", blue = "34" }

    static func color(for severity: Severity) -> Color {
        switch severity {
        case .error: return .red
        case .warning: return .yellow
        case .info: return .blue
        }
    }

    private func paint(_ text: String, _ color: Color) -> String {
        self.color ? "\u{1B}[\(color.rawValue)m\(text)\u{1B}[0m" : text
    }
}
