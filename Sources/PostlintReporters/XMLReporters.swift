import PostlintEngine
import PostlintModel
import PostlintRules

/// JUnit XML: one test suite per file, one test case per rule checked, a failure per finding.
/// The root element carries no totals, which would need every file before the first is
/// written; JUnit readers add up the suites.
public struct JUnitReporter: ReportWriter, Sendable {
    private let rules: [Rule]

    public init(rules: [Rule]) {
        self.rules = rules
    }

    public func begin(to out: inout some TextOutputStream) {
        out.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"postlint\">\n")
    }

    public func add(_ report: FileReport, to out: inout some TextOutputStream) {
        let fileFailures = report.diagnostics.count + (report.error == nil ? 0 : 1)
        var text = "  <testsuite name=\"\(XMLText.attribute(report.path))\" tests=\"\(rules.count)\" failures=\"\(fileFailures)\" errors=\"0\">\n"
        if let error = report.error {
            text += "    <testcase name=\"read\" classname=\"\(XMLText.attribute(report.path))\"><failure message=\"\(XMLText.attribute(error))\" type=\"error\"/></testcase>\n"
        }
        for rule in rules {
            let name = "\(rule.descriptor.code) \(rule.descriptor.id)"
            let found = report.diagnostics.filter { $0.ruleID == rule.descriptor.id }
            text += "    <testcase name=\"\(XMLText.attribute(name))\" classname=\"\(XMLText.attribute(report.path))\""
            if found.isEmpty { text += "/>\n"; continue }
            text += ">\n"
            for d in found {
                text += "      <failure message=\"\(XMLText.attribute(d.reportedMessage))\" type=\"\(d.severity.rawValue)\">\(XMLText.text("\(d.path):\(d.start.line):\(d.start.column): \(d.reportedMessage)"))</failure>\n"
            }
            text += "    </testcase>\n"
        }
        out.write(text + "  </testsuite>\n")
    }

    public func end(_ summary: ReportSummary, to out: inout some TextOutputStream) {
        out.write("</testsuites>\n")
    }
}

/// Checkstyle XML, as Jenkins' Warnings plugin, reviewdog and many CI tools read it.
public struct CheckstyleReporter: PerFileReportWriter {
    public init() {}

    public func begin(to out: inout some TextOutputStream) {
        out.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<checkstyle version=\"4.3\">\n")
    }

    public func text(for report: FileReport) -> String {
        guard !report.diagnostics.isEmpty || report.error != nil else { return "" }
        var text = "  <file name=\"\(XMLText.attribute(report.path))\">\n"
        if let error = report.error {
            text += "    <error line=\"1\" column=\"1\" severity=\"error\" message=\"\(XMLText.attribute(error))\" source=\"postlint\"/>\n"
        }
        for d in report.diagnostics {
            text += "    <error line=\"\(d.start.line)\" column=\"\(d.start.column)\" severity=\"\(d.severity.rawValue)\" message=\"\(XMLText.attribute(d.reportedMessage))\" source=\"postlint.\(d.code).\(d.ruleID)\"/>\n"
        }
        return text + "  </file>\n"
    }

    public func end(_ summary: ReportSummary, to out: inout some TextOutputStream) {
        out.write("</checkstyle>\n")
    }
}
