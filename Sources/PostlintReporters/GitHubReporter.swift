import PostlintEngine
import PostlintRules

/// GitHub Actions workflow commands, most severe first, so annotations appear on the diff.
public struct GitHubReporter: Sendable {
    public init() {}

    public func render(_ reports: [FileReport]) -> String {
        var lines: [(Int, String)] = []
        for report in reports {
            if let error = report.error {
                lines.append((3, "::error file=\(Self.property(report.path)),title=\(Self.property("postlint"))::\(Self.data(error))"))
            }
            for d in report.diagnostics {
                let command: String
                switch d.severity {
                case .error: command = "error"
                case .warning: command = "warning"
                case .info: command = "notice"
                }
                let properties = [
                    "file=\(Self.property(d.path))", "line=\(d.start.line)", "col=\(d.start.column)",
                    "endLine=\(d.end.line)", "endColumn=\(d.end.column)", "title=\(Self.property("\(d.code) \(d.ruleID)"))",
                ].joined(separator: ",")
                let rank = d.severity == .error ? 2 : d.severity == .warning ? 1 : 0
                lines.append((rank, "::\(command) \(properties)::\(Self.data(d.message))"))
            }
        }
        // A stable sort keeps file and position order within each severity.
        let ordered = lines.enumerated().sorted { ($0.element.0, -$0.offset) > ($1.element.0, -$1.offset) }.map(\.element.1)
        return ordered.map { $0 + "\n" }.joined()
    }

    /// The message part: `%`, CR and LF are escaped.
    public static func data(_ text: String) -> String {
        text.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "\r", with: "%0D").replacingOccurrences(of: "\n", with: "%0A")
    }

    /// A property value: as data, plus `:` and `,`.
    public static func property(_ text: String) -> String {
        data(text).replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C")
    }
}
