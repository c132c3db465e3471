import PostlintEngine
import PostlintRules

/// GitHub Actions workflow commands, most severe first, so annotations appear on the diff.
/// Errors are written as they come; warnings and notices wait in spill files until the end,
/// so ordering by severity does not hold every finding in memory.
public struct GitHubReporter: ReportWriter {
    private var warnings = SpillBuffer()
    private var notices = SpillBuffer()

    public init() {}

    public func begin(to out: inout some TextOutputStream) {}

    public mutating func add(_ report: FileReport, to out: inout some TextOutputStream) {
        if let error = report.error {
            out.write("::error file=\(Self.property(report.path)),title=\(Self.property("postlint"))::\(Self.data(error))\n")
        }
        for d in report.diagnostics {
            let properties = [
                "file=\(Self.property(d.path))", "line=\(d.start.line)", "col=\(d.start.column)",
                "endLine=\(d.end.line)", "endColumn=\(d.end.column)", "title=\(Self.property("\(d.code) \(d.ruleID)"))",
            ].joined(separator: ",")
            switch d.severity {
            case .error: out.write("::error \(properties)::\(Self.data(d.reportedMessage))\n")
            case .warning: warnings.write("::warning \(properties)::\(Self.data(d.reportedMessage))\n")
            case .info: notices.write("::notice \(properties)::\(Self.data(d.reportedMessage))\n")
            }
        }
    }

    public mutating func end(_ summary: ReportSummary, to out: inout some TextOutputStream) {
        warnings.drain(to: &out)
        notices.drain(to: &out)
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
